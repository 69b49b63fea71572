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
        decodeWithActivity(text, path: path).counters
    }

    /// Decodes `text`, and in interval mode also the page events of its last interval.
    static func decodeWithActivity(_ text: String, path: String) -> (
        counters: Decoded<VMStatistics>, activity: VMActivity?
    ) {
        var log = ProblemLog(path: path)
        let lines = Text.lines(text)
        guard let bannerIndex = lines.firstIndex(where: { Text.trimmed($0).hasPrefix(banner) }) else {
            log.malformed(nil, "no \"\(banner)\" banner: not vm_stat output, or cut before its first line")
            return (Decoded(value: nil, problems: log.problems), nil)
        }
        guard let pageSize = pageSize(in: lines[bannerIndex]) else {
            log.malformed(
                "page size",
                "the banner \"\(Text.trimmed(lines[bannerIndex]))\" gives no valid page size: counts cannot be converted"
            )
            return (Decoded(value: nil, problems: log.problems), nil)
        }
        let rest = lines[(bannerIndex + 1)...]
        if let header = rest.first(where: { !Text.trimmed($0).isEmpty }), Text.trimmed(header).hasPrefix("free") {
            return decodeInterval(rest, pageSize: pageSize, log: log)
        }
        return (decodeRows(rest, pageSize: pageSize, log: log), nil)
    }

    /// The one-shot format: one `Label: value.` row per counter.
    static func decodeRows(_ rest: ArraySlice<Substring>, pageSize: Int64, log: ProblemLog) -> Decoded<VMStatistics> {
        var log = log

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
            let bound: Bound = gaugeRows.contains(label) ? .pages : label.hasPrefix("Bytes") ? .bytes : .counter
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
        "Pages occupied by compressor", "Pages tagged", "Pages tagged resident", "Pages tagged compressed",
        "Pages tag-storage", "Pages tag-storage holding tags", "Pages tag-storage free",
        "Pages tag-storage non-tag pageable", "Pages tag-storage non-tag wired",
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
        default: assignTagging(label, value, to: &vm)
        }
    }

    /// The memory-tagging rows (vm_stat on Macs with MTE; system_cmds vm_stat.c prints them after Swapouts).
    static func assignTagging(_ label: String, _ value: Int64, to vm: inout VMStatistics) {
        let field: WritableKeyPath<MemoryTagging, Int64?>
        switch label {
        case "Pages tagged": field = \.tagged
        case "Pages tagged resident": field = \.taggedResident
        case "Pages tagged compressed": field = \.taggedCompressed
        case "Pages tag-storage": field = \.tagStorage
        case "Pages tag-storage holding tags": field = \.holdingTags
        case "Pages tag-storage free": field = \.free
        case "Pages tag-storage non-tag pageable": field = \.nonTagPageable
        case "Pages tag-storage non-tag wired": field = \.nonTagWired
        case "Bytes of compressed tags": field = \.compressedTagBytes
        case "Tagged compressions": field = \.taggedCompressions
        case "Tagged decompressions": field = \.taggedDecompressions
        default: return
        }
        var tagging = vm.tagging ?? MemoryTagging()
        tagging[keyPath: field] = value
        vm.tagging = tagging
    }

    /// Interval mode: a column header, then rows whose gauges are absolute and whose counters are per-interval
    /// deltas.
    ///
    /// Large values carry decimal suffixes (K = 1000). The gauges of the last row are kept. The counters of the
    /// first row under each header are totals since boot (vm_stat zeroes its previous sample when it prints the
    /// header, which it repeats every 21 rows); those of the last later row are the page events of one interval,
    /// whose length vm_stat does not print.
    static func decodeInterval(_ lines: ArraySlice<Substring>, pageSize: Int64, log: ProblemLog) -> (
        counters: Decoded<VMStatistics>, activity: VMActivity?
    ) {
        var log = log
        var columns: [Substring] = []
        var last: [Substring]?
        var lastInterval: (columns: [Substring], row: [Substring], number: Int)?
        var rowsUnderHeader = 0
        var rows = 0
        for line in lines {
            let words = Text.words(line)
            guard let first = words.first else { continue }
            if first == "free" {
                columns = words
                rowsUnderHeader = 0
                continue
            }
            if first.hasPrefix("Mach") { continue }
            guard !columns.isEmpty, words.count == columns.count else { continue }
            rows += 1
            last = words
            if rowsUnderHeader > 0 { lastInterval = (columns, words, rows) }
            rowsUnderHeader += 1
        }
        guard let last else {
            log.malformed(nil, "interval mode without a complete row")
            return (Decoded(value: nil, problems: log.problems), nil)
        }
        let modern = columns.contains("cmprssor")
        var vm = VMStatistics(pageSize: pageSize, era: modern ? .compressor : .lion, source: "vm_stat (interval mode)")
        for (column, word) in zip(columns, last) {
            guard let number = intervalNumber(word, column: column, log: &log) else { continue }
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
            default: assignTaggingColumn(String(column), number, to: &vm)
            }
        }
        var activity: VMActivity?
        if let interval = lastInterval {
            var events = VMActivity(
                seconds: nil,
                source: "vm_stat interval mode (row \(interval.number), one interval)",
                pageSize: pageSize
            )
            for (column, word) in zip(interval.columns, interval.row) {
                let field: WritableKeyPath<VMActivity, Int64?>
                switch column {
                case "pageins": field = \.pageins
                case "pageout": field = \.pageouts
                case "swapins": field = \.swapins
                case "swapouts": field = \.swapouts
                case "comprs": field = \.compressions
                case "dcomprs": field = \.decompressions
                default: continue
                }
                events[keyPath: field] = intervalNumber(word, column: column, log: &log)
            }
            activity = events
        }
        return (Decoded(value: vm, problems: log.problems), activity)
    }

    /// A number of interval mode: plain, or shortened with a decimal K, M or G (vm_stat's `pstat`).
    static func intervalNumber(_ word: Substring, column: Substring, log: inout ProblemLog) -> Int64? {
        var value = Text.integer(word)
        if value == nil, let suffix = word.last, let number = Text.decimal(word.dropLast()) {
            let scale: Double = suffix == "K" ? 1e3 : suffix == "M" ? 1e6 : suffix == "G" ? 1e9 : 0
            value = scale > 0 ? Checked.integer((number * scale).rounded()) : nil
        }
        return log.number(
            value,
            text: word,
            field: String(column),
            bound: .pages,
            otherwise: "\"\(word)\" is not a page count"
        )
    }

    /// The memory-tagging gauges of interval mode (`tagged` … `tgs-ntag-wired`, `cmprsd-tags`).
    static func assignTaggingColumn(_ column: String, _ value: Int64, to vm: inout VMStatistics) {
        let labels = [
            "tagged": "Pages tagged", "tgd-rsdnt": "Pages tagged resident", "tgd-cmprssed": "Pages tagged compressed",
            "tag-storage": "Pages tag-storage", "tgs-tags": "Pages tag-storage holding tags",
            "tgs-free": "Pages tag-storage free", "tgs-ntag-pgbl": "Pages tag-storage non-tag pageable",
            "tgs-ntag-wired": "Pages tag-storage non-tag wired", "cmprsd-tags": "Bytes of compressed tags",
        ]
        if let label = labels[column] { assignTagging(label, value, to: &vm) }
    }
}
