public import WiredCore
public import WiredJSON

/// The pressure verdict in `wired`, as text and as the `pressure` object of the JSON.
public enum PressureView {
    /// The text block: verdict, the reasons that decided it, the checks that passed, the advice.
    public static func lines(_ report: PressureReport, style: Style) -> [String] {
        let painted: String
        switch report.verdict {
        case .ok: painted = style.bold("ok", .free)
        case .warning: painted = style.bold("warning", .compressed)
        case .critical: painted = style.bold("critical", .unexplained)
        case .unknown: painted = style.bold("unknown", .reserved)
        }
        var out = ["", style.bold("Pressure  ") + painted]
        if let because = report.unknownBecause { out.append("  ? \(Layout.safe(because))") }
        let deciding = report.reasons.filter { $0.level > .ok }
        let passed = report.reasons.filter { $0.level <= .ok }
        for reason in deciding {
            out.append("  \(reason.level == .critical ? "!!" : "! ") \(Layout.safe(reason.text))")
        }
        for reason in passed.prefix(deciding.isEmpty ? 6 : 3) { out.append(style.dim("  · \(reason.text)")) }
        out += serviceLines(report.oom, style: style)
        if let rates = report.rates {
            out.append(
                style.dim(
                    "  · /proc/vmstat over \(ByteFormat.decimal(rates.intervalSeconds, places: 1)) s: swap-in \(rate(rates.swapInBytesPerSecond)), swap-out \(rate(rates.swapOutBytesPerSecond)), refaults \(rate(rates.refaultBytesPerSecond)), major faults \(ByteFormat.decimal(rates.majorFaultsPerSecond, places: 0))/s, disk reads \(rate(rates.pageInBytesPerSecond))"
                )
            )
        }
        if let activity = report.activity {
            let page = activity.pageSize
            let counts = [
                ("swap-ins", activity.swapins), ("swap-outs", activity.swapouts), ("page-ins", activity.pageins),
                ("page-outs", activity.pageouts), ("compressions", activity.compressions),
            ].compactMap { name, pages in pages.map { "\(name) \(ByteFormat.human($0 * page))" } }
            let span =
                activity.seconds.map { "over \(ByteFormat.decimal($0, places: 1)) s" }
                ?? "over an interval of unknown length"
            out.append(style.dim("  · \(span) (\(activity.source)): \(counts.joined(separator: ", "))"))
        }
        for note in report.notes { out.append(style.dim("  · \(note)")) }
        out.append("  \(Layout.safe(report.advice))")
        return out
    }

    /// Each cgroup whose own limit OOM-killed in the interval, with its verdict.
    static func serviceLines(_ oom: OOMAttribution?, style: Style) -> [String] {
        guard let oom, oom.inInterval else { return [] }
        return oom.services.map { service in
            let text = Layout.safe(service.text)
            return service.verdict == .critical ? "  !! " + style.colored(text, .unexplained) : "  ! " + text
        }
    }

    static func rate(_ bytesPerSecond: Double) -> String {
        ByteFormat.human(Checked.saturatingInteger(bytesPerSecond.rounded())) + "/s"
    }

    /// The `pressure` object: verdict, reasons, advice, psi, rates.
    public static func write(_ report: PressureReport, to json: inout JSONWriter) {
        json.key("pressure")
        json.beginObject()
        json.field("verdict", report.verdict.rawValue)
        json.field("unknownBecause", report.unknownBecause)
        json.key("reasons")
        json.beginArray()
        for reason in report.reasons {
            json.beginObject()
            json.field("id", reason.id)
            json.field("level", reason.level.rawValue)
            json.field("value", reason.value)
            json.field("threshold", reason.threshold)
            json.field("unit", reason.unit)
            json.field("text", reason.text)
            json.endObject()
        }
        json.endArray()
        json.field("advice", report.advice)
        json.key("psi")
        if let psi = report.psi {
            json.beginObject()
            for (name, line) in [("some", Optional(psi.some)), ("full", psi.full)] {
                json.key(name)
                guard let line else {
                    json.null()
                    continue
                }
                json.beginObject()
                json.field("avg10", line.avg10)
                json.field("avg60", line.avg60)
                json.field("avg300", line.avg300)
                json.field("totalMicroseconds", line.totalMicroseconds)
                json.endObject()
            }
            json.endObject()
        } else {
            json.null()
        }
        json.key("rates")
        if let rates = report.rates {
            json.beginObject()
            json.field("intervalSeconds", rates.intervalSeconds)
            json.field("swapInBytesPerSecond", rates.swapInBytesPerSecond)
            json.field("swapOutBytesPerSecond", rates.swapOutBytesPerSecond)
            json.field("zswapInBytesPerSecond", rates.zswapInBytesPerSecond)
            json.field("pageInBytesPerSecond", rates.pageInBytesPerSecond)
            json.field("pageOutBytesPerSecond", rates.pageOutBytesPerSecond)
            json.field("majorFaultsPerSecond", rates.majorFaultsPerSecond)
            json.field("refaultBytesPerSecond", rates.refaultBytesPerSecond)
            json.field("directReclaimsPerSecond", rates.directReclaimsPerSecond)
            json.field("oomKills", rates.oomKills)
            json.field("psiSomePercent", rates.psiSomePercent)
            json.field("psiFullPercent", rates.psiFullPercent)
            json.endObject()
        } else {
            json.null()
        }
        json.key("activity")
        if let activity = report.activity {
            json.beginObject()
            json.field("seconds", activity.seconds)
            json.field("source", activity.source)
            json.field("pageSize", activity.pageSize)
            json.field("pageins", activity.pageins)
            json.field("pageouts", activity.pageouts)
            json.field("swapins", activity.swapins)
            json.field("swapouts", activity.swapouts)
            json.field("compressions", activity.compressions)
            json.field("decompressions", activity.decompressions)
            json.endObject()
        } else {
            json.null()
        }
        json.key("oomKills")
        if let oom = report.oom { write(oom, to: &json) } else { json.null() }
        json.field("notes", report.notes)
        json.endObject()
    }

    /// The `oomKills` object: the machine's kills, those at cgroups' limits, those not placed, and each cgroup.
    static func write(_ oom: OOMAttribution, to json: inout JSONWriter) {
        json.beginObject()
        json.field("inInterval", oom.inInterval)
        json.field("seconds", oom.seconds)
        json.field("total", oom.total)
        json.field("atCgroupLimits", oom.atCgroupLimits)
        json.field("machine", oom.machine)
        json.field("undetermined", oom.undetermined)
        json.field("machineVictims", oom.machineVictims)
        json.key("services")
        json.beginArray()
        for service in oom.services {
            json.beginObject()
            json.field("path", service.path)
            json.field("name", service.name)
            json.field("verdict", service.verdict.rawValue)
            json.field("kills", service.kills)
            json.field("limitBytes", service.limitBytes)
            json.field("limitSource", service.limitSource)
            json.field("killed", service.killed)
            json.field("evidence", service.evidence)
            json.field("text", service.text)
            json.endObject()
        }
        json.endArray()
        json.field("notes", oom.notes)
        json.endObject()
    }
}
