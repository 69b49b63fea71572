extension PressureAnalysis.Checks {
    /// The machine's OOM check: its own kills are critical, and so are kills no evidence places; kills at
    /// cgroups' own limits are the cgroups' (``OOMAttribution/services``) and leave it ok.
    mutating func oomKill(_ oom: OOMAttribution) {
        let span = "in the last \(PressureAnalysis.seconds(oom.seconds ?? 0))"
        let atLimits =
            oom.atCgroupLimits > 0
            ? "; \(oom.atCgroupLimits) more at cgroups' own limits (\(oom.services.map(\.name).joined(separator: ", ")))"
            : ""
        if oom.machine > 0 {
            let victims = oom.machineVictims.isEmpty ? "" : ": " + oom.machineVictims.joined(separator: ", ")
            add(
                "oom-kill",
                .critical,
                Double(oom.machine),
                0,
                "events",
                "\(oom.machine) process\(oom.machine == 1 ? "" : "es") killed by the kernel for lack of memory in the machine \(span)\(victims)\(atLimits)"
            )
        } else if oom.undetermined > 0 {
            add(
                "oom-kill",
                .critical,
                Double(oom.undetermined),
                0,
                "events",
                "\(oom.undetermined) OOM kill\(oom.undetermined == 1 ? "" : "s") \(span) that cannot be placed: whether a cgroup's limit or the machine's lack of memory caused \(oom.undetermined == 1 ? "it" : "them") is not known (no cgroup counter or kernel log record shows it)\(atLimits)"
            )
        } else {
            add(
                "oom-kill",
                .ok,
                0,
                0,
                "events",
                "no OOM kill of the machine \(span): \(oom.atCgroupLimits) at cgroups' own limits (\(oom.services.map(\.name).joined(separator: ", "))), judged per service"
            )
        }
    }
}

extension PressureAnalysis {
    /// Advice for kills at a cgroup's own limit when the machine itself is fine.
    static func serviceAdvice(_ verdict: PressureReport.Verdict, _ oom: OOMAttribution?) -> String? {
        guard verdict <= .ok, let oom, oom.inInterval,
            let first = oom.services.first(where: { $0.verdict == .critical })
        else { return nil }
        let limit = first.limitBytes.map { "its \(ByteFormat.human($0)) limit (\(first.limitSource ?? "limit"))" }
        return
            "The kernel killed a process of \(first.name) at \(limit ?? "its memory limit"), not for lack of RAM: raise that limit or make the service use less; the machine itself has room."
    }

    /// For a single reading: where the kills since boot happened, as far as the evidence goes; the three cgroups
    /// with the most kills are named with their evidence.
    static func sinceBootNotes(_ oom: OOMAttribution) -> [String] {
        var notes: [String] = []
        var parts: [String] = []
        if oom.atCgroupLimits > 0 {
            parts.append(
                "\(oom.atCgroupLimits) in \(oom.services.count) cgroup\(oom.services.count == 1 ? "" : "s") that hit \(oom.services.count == 1 ? "its" : "their") own limit"
            )
        }
        if oom.machine > 0 {
            parts.append(
                "\(oom.machine) for lack of memory in the machine"
                    + (oom.machineVictims.isEmpty
                        ? "" : " (" + oom.machineVictims.suffix(3).joined(separator: ", ") + ")")
            )
        }
        if oom.undetermined > 0 { parts.append("\(oom.undetermined) not placed") }
        if !parts.isEmpty { notes.append("Of those: " + parts.joined(separator: "; ") + ".") }
        notes += oom.services.prefix(3).map { "\($0.text) (\($0.evidence.joined(separator: "; ")))." }
        if oom.services.count > 3 {
            notes.append("… and \(oom.services.count - 3) more cgroups (`--json` lists them).")
        }
        return notes + oom.notes.filter { !$0.hasPrefix("The memory cgroups'") && !$0.contains("could not be placed") }
    }
}
