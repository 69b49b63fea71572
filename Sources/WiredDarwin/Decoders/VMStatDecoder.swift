public import WiredCore

/// Decodes `vm_stat` output of every era (system_cmds `vm_stat.c`): the banner with the page size, then one `Label:
/// value.` row per counter.
///
/// Rows are found by label, never by position (rows were inserted in 10.6 and 10.9). Interval mode (`vm_stat 1`) is
/// read too: the gauges of its last row.
public enum VMStatDecoder {
    /// The banner every era prints first.
    static let banner = "Mach Virtual Memory Statistics:"

    /// Rows every era prints, and those each later era added.
    static let basicRows = ["Pages free", "Pages active", "Pages inactive", "Pages wired down"]
    static let lionRows = ["Pages speculative"]
    static let compressorRows = [
        "Pages throttled", "Pages purgeable", "Pages purged", "File-backed pages", "Anonymous pages",
        "Pages stored in compressor", "Pages occupied by compressor",
    ]

    /// Decodes `text`; `path` names the file in problems.
    public static func decode(_ text: String, path: String) -> Decoded<VMStatistics> {
        var log = ProblemLog(path: path)
        let lines = Text.lines(text)
        guard let bannerIndex = lines.firstIndex(where: { Text.trimmed($0).hasPrefix(banner) }) else {
            log.malformed(nil, "no \"\(banner)\" banner: not vm_stat output, or cut before its first line")
            return Decoded(value: nil, problems: log.problems)
        }
        guard let pageSize = pageSize(in: lines[bannerIndex]) else {
            log.malformed(
                "page size",
                "the banner \"\(Text.trimmed(lines[bannerIndex]))\" gives no valid page size: counts cannot be converted"
            )
            return Decoded(value: nil, problems: log.problems)
        }
        let rest = lines[(bannerIndex + 1)...]
        if let header = rest.first(where: { !Text.trimmed($0).isEmpty }), Text.trimmed(header).hasPrefix("free") {
            return decodeInterval(rest, pageSize: pageSize, log: log)
        }

        var values: [String: Int64] = [:]
        var malformed: Set<String> = []
        for line in rest {
            let trimmed = Text.trimmed(line)
            if trimmed.isEmpty || trimmed.hasPrefix("Object cache:") { continue }
            guard let colon = trimmed.firstIndex(of: ":") else {
                log.malformed(String(trimmed.prefix(40)), "a line without a \"label:\" was skipped")
                continue
            }
            var label = String(trimmed[..<colon])
            if label.hasPrefix("\""), label.hasSuffix("\""), label.count >= 2 {
                label = String(label.dropFirst().dropLast())
            }
            var number = Text.trimmed(trimmed[trimmed.index(after: colon)...])
            if number.last == "." { number.removeLast() }
            let bound: Bound = gaugeRows.contains(label) ? .pages : .counter
            guard
                let value = log.number(
                    Text.integer(number),
                    text: number,
                    field: label,
                    bound: bound,
                    otherwise: "\"\(number)\" is not a page count"
                )
            else {
                malformed.insert(label)
                continue
            }
            if values[label] != nil {
                log.inconsistent(label, "the row appears twice: the later value is used")
            }
            values[label] = value
        }

        let era: VMStatistics.Era =
            compressorRows.contains(where: { values[$0] != nil })
            ? .compressor : values["Pages speculative"] != nil ? .lion : .beforeSnowLeopard
        var vm = VMStatistics(pageSize: pageSize, era: era, source: "vm_stat")
        // Rows a future vm_stat may add are not errors: they are simply not used.
        for (label, value) in values { assign(label, value, to: &vm) }
        let expected =
            basicRows + (era == .beforeSnowLeopard ? [] : lionRows) + (era == .compressor ? compressorRows : [])
        for label in expected where values[label] == nil && !malformed.contains(label) {
            log.missing(label, "no \"\(label):\" row (the \(era.rawValue) format prints it): that figure is unknown")
        }
        return Decoded(value: vm, problems: log.problems)
    }

    /// Rows that are page counts now (gauges); the other rows count events since boot.
    static let gaugeRows: Set<String> = [
        "Pages free", "Pages active", "Pages inactive", "Pages speculative", "Pages throttled", "Pages wired down",
        "Pages purgeable", "File-backed pages", "Anonymous pages", "Pages stored in compressor",
        "Pages occupied by compressor",
    ]

    /// The page size in a banner "… (page size of 16384 bytes)"; a power of two from 512 bytes to 1 MiB.
    static func pageSize(in line: Substring) -> Int64? {
        guard let range = line.firstRange(of: "page size of ") else { return nil }
        let digits = line[range.upperBound...].prefix(while: { $0.isNumber })
        guard let size = Text.integer(digits), size >= 512, size <= 1 << 20, size & (size - 1) == 0 else {
            return nil
        }
        return size
    }

    /// Sets the counter `label` names; a label vm_stat never printed is ignored.
    static func assign(_ label: String, _ value: Int64, to vm: inout VMStatistics) {
        switch label {
        case "Pages free": vm.free = value
        case "Pages active": vm.active = value
        case "Pages inactive": vm.inactive = value
        case "Pages speculative": vm.speculative = value
        case "Pages throttled": vm.throttled = value
        case "Pages wired down": vm.wired = value
        case "Pages purgeable": vm.purgeable = value
        case "Translation faults": vm.faults = value
        case "Pages copy-on-write": vm.copyOnWrite = value
        case "Pages zero filled": vm.zeroFilled = value
        case "Pages reactivated": vm.reactivated = value
        case "Pages purged": vm.purged = value
        case "File-backed pages": vm.fileBacked = value
        case "Anonymous pages": vm.anonymous = value
        case "Pages stored in compressor": vm.storedInCompressor = value
        case "Pages occupied by compressor": vm.compressorPages = value
        case "Decompressions": vm.decompressions = value
        case "Compressions": vm.compressions = value
        case "Pageins": vm.pageins = value
        case "Pageouts": vm.pageouts = value
        case "Swapins": vm.swapins = value
        case "Swapouts": vm.swapouts = value
        default: break
        }
    }

    /// Interval mode: a column header, then rows whose gauges are absolute and whose counters are per-interval
    /// deltas.
    ///
    /// Large values carry decimal suffixes (K = 1000). The gauges of the last row are kept; the counters are not
    /// (they are not totals since boot).
    static func decodeInterval(_ lines: ArraySlice<Substring>, pageSize: Int64, log: ProblemLog) -> Decoded<
        VMStatistics
    > {
        var log = log
        var columns: [Substring] = []
        var last: [Substring]?
        for line in lines {
            let words = Text.words(line)
            guard let first = words.first else { continue }
            if first == "free" {
                columns = words
                continue
            }
            if first.hasPrefix("Mach") { continue }
            if !columns.isEmpty, words.count == columns.count { last = words }
        }
        guard let last else {
            log.malformed(nil, "interval mode without a complete row")
            return Decoded(value: nil, problems: log.problems)
        }
        func value(_ word: Substring) -> Int64? {
            if let plain = Text.integer(word) { return plain }
            guard let suffix = word.last, let number = Text.decimal(word.dropLast()) else { return nil }
            let scale: Double = suffix == "K" ? 1e3 : suffix == "M" ? 1e6 : suffix == "G" ? 1e9 : 0
            return scale > 0 ? Checked.integer((number * scale).rounded()) : nil
        }
        let modern = columns.contains("cmprssor")
        var vm = VMStatistics(pageSize: pageSize, era: modern ? .compressor : .lion, source: "vm_stat (interval mode)")
        for (column, word) in zip(columns, last) {
            let field = String(column)
            guard
                let number = log.number(
                    value(word),
                    text: word,
                    field: field,
                    bound: .pages,
                    otherwise: "\"\(word)\" is not a page count"
                )
            else { continue }
            switch column {
            case "free": vm.free = number
            case "active": vm.active = number
            case "specul", "spec": vm.speculative = number
            case "inactive": vm.inactive = number
            case "throttle": vm.throttled = number
            case "wired", "wire": vm.wired = number
            case "prgable": vm.purgeable = number
            case "file-backed": vm.fileBacked = number
            case "anonymous": vm.anonymous = number
            case "cmprssed": vm.storedInCompressor = number
            case "cmprssor": vm.compressorPages = number
            default: break  // per-interval counters
            }
        }
        return Decoded(value: vm, problems: log.problems)
    }
}
