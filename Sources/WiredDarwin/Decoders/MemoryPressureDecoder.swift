public import WiredCore

/// What `memory_pressure` (no options) printed: installed RAM, page counters and the free percentage.
public struct MemoryPressureOutput: Sendable, Equatable {
    /// `hw.memsize`, from the line "The system has N (P pages with a page size of S).".
    public var memsize: Int64
    /// The counters it prints (a subset of vm_stat's: no anonymous/file-backed split).
    public var vm: VMStatistics
    /// "System-wide memory free percentage: P%" (= `kern.memorystatus_level`).
    public var freePercentage: Int?
}

/// Decodes `memory_pressure` output (system_cmds `memory_pressure.c`, 10.9 and later).
///
/// Its "Pages free" already excludes speculative pages, as vm_stat's does.
public enum MemoryPressureDecoder {
    /// Decodes `text`; `path` names the file in problems.
    public static func decode(_ text: String, path: String) -> Decoded<MemoryPressureOutput> {
        var log = ProblemLog(path: path)
        let lines = Text.lines(text).map { Text.trimmed($0) }
        guard let first = lines.first(where: { $0.hasPrefix("The system has ") }) else {
            log.malformed(nil, "no \"The system has …\" line: not memory_pressure output")
            return Decoded(value: nil, problems: log.problems)
        }
        // "The system has 34359738368 (2097152 pages with a page size of 16384)."
        let words = Text.words(first)
        guard words.count >= 4,
            let memsize = log.bounded(Text.integer(words[3]), text: words[3], field: "The system has", bound: .bytes),
            let sizeRange = first.firstRange(of: "page size of "),
            let pageSize = Text.integer(first[sizeRange.upperBound...].prefix(while: { $0.isNumber })),
            Bound.pageSize.contains(pageSize)
        else {
            log.malformed("The system has", "\"\(first)\" gives no RAM size and page size")
            return Decoded(value: nil, problems: log.problems)
        }
        var vm = VMStatistics(pageSize: pageSize, era: .compressor, source: "memory_pressure")
        var percentage: Int?
        var seen: Set<String> = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let label = String(line[..<colon])
            let value = Text.trimmed(line[line.index(after: colon)...])
            if label == "System-wide memory free percentage" {
                if value.last == "%", let number = Text.integer(value.dropLast()), number <= 100 {
                    percentage = Int(number)
                } else {
                    log.malformed(label, "\"\(value)\" is not a percentage")
                }
                continue
            }
            guard value.isEmpty == false else { continue }  // section titles such as "Stats:"
            let bound: Bound =
                VMStatDecoder.gaugeRows.contains(label) || label == "Pages used by compressor" ? .pages : .counter
            guard
                let number = log.number(
                    Text.integer(value),
                    text: value,
                    field: label,
                    bound: bound,
                    otherwise: "\"\(value)\" is not a page count"
                )
            else { continue }
            seen.insert(label)
            switch label {
            case "Pages free": vm.free = number
            case "Pages purgeable": vm.purgeable = number
            case "Pages purged": vm.purged = number
            case "Swapins": vm.swapins = number
            case "Swapouts": vm.swapouts = number
            case "Pages active": vm.active = number
            case "Pages inactive": vm.inactive = number
            case "Pages speculative": vm.speculative = number
            case "Pages throttled": vm.throttled = number
            case "Pages wired down": vm.wired = number
            case "Pages used by compressor": vm.compressorPages = number
            case "Pages decompressed": vm.decompressions = number
            case "Pages compressed": vm.compressions = number
            case "Pageins": vm.pageins = number
            case "Pageouts": vm.pageouts = number
            default: break
            }
        }
        for label in ["Pages free", "Pages active", "Pages inactive", "Pages wired down", "Pages used by compressor"]
        where !seen.contains(label) {
            log.missing(label, "no \"\(label):\" row: that figure is unknown")
        }
        return Decoded(
            value: MemoryPressureOutput(memsize: memsize, vm: vm, freePercentage: percentage),
            problems: log.problems
        )
    }
}

/// Decodes `sysctl name…` / `sysctl -a` output: `name: value` lines.
public enum SysctlDecoder {
    /// The values by name, and how many times a name was seen (a file of several readings keeps the last).
    public struct Values: Sendable, Equatable {
        public var values: [String: String] = [:]
        public var repeated: [String: Int] = [:]
    }

    /// True for a line `name: value` whose name is a dotted sysctl name ("hw.memsize", "vm.swapusage").
    static func split(_ line: Substring) -> (String, Substring)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let name = line[..<colon]
        guard name.contains("."), let first = name.first, first.isLetter,
            name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" })
        else { return nil }
        return (String(name), Text.trimmed(line[line.index(after: colon)...]))
    }

    /// Decodes `text`.
    public static func decode(_ text: String, path: String) -> Decoded<Values> {
        var result = Values()
        for line in Text.lines(text) {
            guard let (name, value) = split(Text.trimmed(line)) else { continue }
            if result.values[name] != nil { result.repeated[name, default: 1] += 1 }
            result.values[name] = String(value)
        }
        guard !result.values.isEmpty else {
            return Decoded(
                value: nil,
                problems: [SourceProblem(source: path, kind: .malformed, message: "no \"name: value\" sysctl lines")]
            )
        }
        return Decoded(value: result, problems: [])
    }

    /// `vm.swapusage`: "total = 2048.00M  used = 1017.50M  free = 1030.50M  (encrypted)" (MiB with two
    /// decimals, a decimal comma in some locales; G accepted too).
    public static func swapUsage(_ value: String) -> SwapUsage? {
        var fields: [String: Int64] = [:]
        let words = Text.words(value)
        var index = 0
        while index + 2 < words.count {
            if words[index + 1] == "=" {
                let text = words[index + 2]
                guard let unit = text.last, let number = Text.decimal(text.dropLast()) else { return nil }
                let scale: Double = unit == "M" ? 1_048_576 : unit == "G" ? 1_073_741_824 : unit == "K" ? 1024 : 0
                guard scale > 0, let bytes = Checked.integer((number * scale).rounded()), Bound.bytes.contains(bytes)
                else { return nil }
                fields[String(words[index])] = bytes
                index += 3
            } else {
                index += 1
            }
        }
        guard let total = fields["total"], let used = fields["used"], let free = fields["free"] else { return nil }
        return SwapUsage(total: total, used: used, free: free, encrypted: value.contains("(encrypted)"))
    }

    /// `kern.boottime`: "{ sec = 1711644864, usec = 393940 } Thu Mar 28 09:54:24 2024" → seconds.
    public static func bootTime(_ value: String) -> Int64? {
        guard let range = value.firstRange(of: "sec = ") else { return nil }
        return Text.integer(value[range.upperBound...].prefix(while: { $0.isNumber })).flatMap {
            Bound.seconds.contains($0) ? $0 : nil
        }
    }
}
