public import WiredCore

/// Decodes `zprint` output (system_cmds `zprint.c`; root): the zone table, and from 10.11 on the "wired
/// memory" section by site with its `total A of B` line, and the `VM_KERN_COUNT_*` counters.
///
/// Zone rows: name, element size, cur size (`NNNK`), max size (`NNNK` or dashes), cur #elts, max #elts,
/// cur inuse, alloc size, alloc count, then flags (`X`, `C`). Zone names change between releases
/// (`kalloc.16` → `data.kalloc.16`), so nothing here matches zones by name. Wired rows are read against
/// the header's right-aligned columns (kmod id, vm tag, peak, waste, cur size), since some are blank.
public enum ZprintDecoder {
    /// Decodes `text`; `path` names the file in problems.
    public static func decode(_ text: String, path: String) -> Decoded<ZoneReport> {
        var log = ProblemLog(path: path)
        var report = ZoneReport()
        enum Section { case none, zones, wired, other }
        var section = Section.none
        var wiredColumns: [(name: String, end: Int)] = []
        var found = false
        var lineNumber = 0
        for line in Text.lines(text) {
            lineNumber += 1
            let trimmed = Text.trimmed(line)
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("zone name") {
                section = .zones
                found = true
                continue
            }
            if trimmed.hasPrefix("wired memory") {
                section = .wired
                found = true
                wiredColumns = columnEnds(line)
                continue
            }
            if trimmed.allSatisfy({ $0 == "-" }) { continue }
            // The first line of the wired section's two-line header ("kmod  vm  peak  cur").
            if Text.words(trimmed).first == "kmod" { continue }
            if trimmed.hasPrefix("VM_KERN_COUNT_") {
                let words = Text.words(trimmed)
                if let last = words.last,
                    let value = log.bounded(Text.binarySize(last), text: last, field: String(words[0]), bound: .bytes)
                {
                    report.counters[String(words[0])] = value
                }
                continue
            }
            if trimmed.hasPrefix("ZONE TOTALS") || trimmed.hasPrefix("TOTAL ") || trimmed.hasPrefix("maps ") {
                section = .other
                continue
            }
            switch section {
            case .zones:
                // The column header's first line ("elem cur max …") precedes "zone name"; skip it too.
                if trimmed.hasPrefix("elem") { continue }
                let reported = log.problems.count
                if let zone = zoneRow(trimmed, log: &log) {
                    report.zones.append(zone)
                } else if log.problems.count == reported {
                    log.malformed("line \(lineNumber)", "\"\(trimmed.prefix(40))\" is not a zone row: skipped")
                }
            case .wired:
                let words = Text.words(trimmed)
                if words.first == "total" {
                    totalLine(words, trimmed, into: &report, log: &log)
                    section = .other
                    continue
                }
                wiredLine(line, trimmed, number: lineNumber, columns: wiredColumns, into: &report, log: &log)
            case .none, .other:
                continue
            }
        }
        guard found else {
            log.malformed(nil, "no \"zone name\" or \"wired memory\" header: not zprint output")
            return Decoded(value: nil, problems: log.problems)
        }
        checkTotal(report, log: &log)
        return Decoded(value: report, problems: log.problems)
    }

    /// "total        1234.56M of  2048.00M": the wired memory the sites account for, of all of it.
    static func totalLine(
        _ words: [Substring],
        _ trimmed: Substring,
        into report: inout ZoneReport,
        log: inout ProblemLog
    ) {
        if words.count >= 4, words[2] == "of",
            let attributed = log.bounded(Text.binarySize(words[1]), text: words[1], field: "total", bound: .bytes),
            let all = log.bounded(Text.binarySize(words[3]), text: words[3], field: "total", bound: .bytes)
        {
            report.attributed = attributed
            report.totalWired = all
        } else {
            log.malformed("total", "\"\(trimmed)\" is not \"total A of B\"")
        }
    }

    /// A line of the wired-memory section other than its total: the zones' line, a site, or a problem.
    static func wiredLine(
        _ line: Substring,
        _ trimmed: Substring,
        number: Int,
        columns: [(name: String, end: Int)],
        into report: inout ZoneReport,
        log: inout ProblemLog
    ) {
        let words = Text.words(trimmed)
        if words.first == "zones" {
            report.zonesWired = words.last.flatMap {
                log.bounded(Text.binarySize($0), text: $0, field: "zones", bound: .bytes)
            }
            return
        }
        if words.first == "zone", words.count > 1, words[1] == "tags" { return }
        if let site = wiredRow(line, columns: columns) {
            if Bound.bytes.contains(site.current) && Bound.bytes.contains(site.peak ?? 0) {
                report.sites.append(site)
            } else {
                log.problems.append(
                    .outOfRange(source: log.path, field: site.name, value: "\(site.current)", bound: .bytes)
                )
            }
        } else if let huge = words.first(where: { ProblemLog.isNumber($0) && Text.binarySize($0) == nil }) {
            // Digits that do not fit 64 bits once scaled: a size out of range, not a malformed row.
            let name = words.prefix { !ProblemLog.isNumber($0) }.joined(separator: " ")
            log.problems.append(.outOfRange(source: log.path, field: name, value: String(huge), bound: .bytes))
        } else {
            log.malformed("line \(number)", "\"\(trimmed.prefix(40))\" is not a wired-memory row: skipped")
        }
    }

    /// Reports sites that do not add up to the total line.
    static func checkTotal(_ report: ZoneReport, log: inout ProblemLog) {
        guard let attributed = report.attributed else { return }
        // Each site is bounded, so their sum and its difference from the total fit.
        let listed = Checked.saturatingSum(report.sites.map(\.current))
        // The total line is printed in MiB with two decimals: allow its rounding.
        if Checked.saturatingSubtract(listed, attributed).magnitude > max(1 << 20, attributed / 100) {
            log.inconsistent(
                "total",
                "the sites listed add up to \(listed) bytes but the total line says \(attributed)"
            )
        }
    }

    /// A zone row, or `nil`; sizes beyond ``Bound/bytes`` and counts beyond ``Bound/counter`` are reported.
    static func zoneRow(_ line: Substring, log: inout ProblemLog) -> Zone? {
        let words = Text.words(line)
        guard words.count >= 9 else { return nil }
        let numbers = words[1...]
        let name = String(words[0])
        func word(_ offset: Int) -> Substring { numbers[numbers.startIndex + offset] }
        guard let elementSize = log.bounded(Text.integer(word(0)), text: word(0), field: name, bound: .bytes),
            let currentSize = log.bounded(Text.binarySize(word(1)), text: word(1), field: name, bound: .bytes),
            let currentElements = log.bounded(Text.integer(word(3)), text: word(3), field: name, bound: .counter),
            let inUse = log.bounded(Text.integer(word(5)), text: word(5), field: name, bound: .counter)
        else { return nil }
        let maxWord = word(2)
        let maxSize =
            maxWord.allSatisfy({ $0 == "-" })
            ? nil : log.bounded(Text.binarySize(maxWord), text: maxWord, field: name, bound: .bytes)
        let flags = words[9...].filter { $0.allSatisfy { $0.isLetter } }.joined()
        return Zone(
            name: name,
            elementSize: elementSize,
            currentSize: currentSize,
            maxSize: maxSize,
            currentElements: currentElements,
            inUse: inUse,
            flags: flags
        )
    }

    /// The right edges of the words of the wired section's second header line ("id", "tag", "size",
    /// "waste", "size").
    static func columnEnds(_ line: Substring) -> [(name: String, end: Int)] {
        var ends: [(String, Int)] = []
        var offset = 0
        var word = ""
        for character in line {
            if character == " " || character == "\t" {
                if !word.isEmpty { ends.append((word, offset)) }
                word = ""
            } else {
                word.append(character)
            }
            offset += 1
        }
        if !word.isEmpty { ends.append((word, offset)) }
        // Drop "wired" and "memory": the site name column.
        return ends.filter { $0.0 != "wired" && $0.0 != "memory" }
    }

    /// A wired-memory row: the site name, then numbers assigned to the column whose right edge is nearest.
    static func wiredRow(_ line: Substring, columns: [(name: String, end: Int)]) -> WiredSite? {
        // Split into words with their right edges.
        var words: [(text: String, end: Int)] = []
        var offset = 0
        var word = ""
        for character in line {
            if character == " " || character == "\t" {
                if !word.isEmpty { words.append((word, offset)) }
                word = ""
            } else {
                word.append(character)
            }
            offset += 1
        }
        if !word.isEmpty { words.append((word, offset)) }
        // The name is every word up to the first that is a number or a size.
        guard let firstNumber = words.firstIndex(where: { Text.binarySize($0.text) != nil }), firstNumber > 0 else {
            return nil
        }
        let name = words[..<firstNumber].map(\.text).joined(separator: " ")
        let values = words[firstNumber...]
        var kmod: Int?
        var tag: Int?
        var peak: Int64?
        var current: Int64?
        if columns.count >= 5 {
            for value in values {
                guard let nearest = columns.min(by: { abs($0.end - value.end) < abs($1.end - value.end) }),
                    let number = Text.binarySize(value.text)
                else { return nil }
                let index = columns.firstIndex { $0.end == nearest.end } ?? 0
                switch index {
                case 0: kmod = Int(number)
                case 1: tag = Int(number)
                case 2: peak = number
                case 3: break  // waste
                default: current = number
                }
            }
        } else {
            // No header to align with: read from the right (cur size last).
            let numbers = values.compactMap { Text.binarySize($0.text) }
            guard numbers.count == values.count, let last = numbers.last else { return nil }
            current = last
            if numbers.count >= 3 { peak = numbers[numbers.count - 3] }
        }
        guard let current else { return nil }
        return WiredSite(name: name, kmodID: kmod, tag: tag, peak: peak, current: current)
    }
}

/// Decodes `kextstat` output, or `kmutil showloaded` (which macOS 11+ runs for kextstat): rows of index, refs,
/// address, size, wired, name, (version), UUID, <linked against>.
///
/// Address, size and wired are hex (`0x92000`) for real kexts and `0` for the kernel's built-in pseudo-kexts.
public enum KextstatDecoder {
    /// Decodes `text`; `path` names the file in problems.
    public static func decode(_ text: String, path: String) -> Decoded<[KextRecord]> {
        var log = ProblemLog(path: path)
        var kexts: [KextRecord] = []
        var header = false
        var lineNumber = 0
        for line in Text.lines(text) {
            lineNumber += 1
            let trimmed = Text.trimmed(line)
            if trimmed.hasPrefix("Index") && trimmed.contains("Refs") {
                header = true
                continue
            }
            guard header, !trimmed.isEmpty else { continue }
            let words = Text.words(trimmed)
            let reported = log.problems.count
            guard words.count >= 6, let index = Text.integer(words[0]), let refs = Text.integer(words[1]),
                let size = log.bounded(
                    Text.hexOrDecimal(words[3]),
                    text: words[3],
                    field: String(words[5]),
                    bound: .bytes
                ),
                let wired = log.bounded(
                    Text.hexOrDecimal(words[4]),
                    text: words[4],
                    field: String(words[5]),
                    bound: .bytes
                )
            else {
                if log.problems.count > reported { continue }
                log.malformed("line \(lineNumber)", "\"\(trimmed.prefix(40))\" is not a kext row: skipped")
                continue
            }
            var version: String?
            if words.count > 6, words[6].hasPrefix("("), words[6].hasSuffix(")") {
                version = String(words[6].dropFirst().dropLast())
            }
            kexts.append(
                KextRecord(
                    index: Int(index),
                    refs: Int(refs),
                    size: size,
                    wired: wired,
                    name: String(words[5]),
                    version: version
                )
            )
        }
        guard header else {
            log.malformed(nil, "no \"Index Refs Address …\" header: not kextstat output")
            return Decoded(value: nil, problems: log.problems)
        }
        return Decoded(value: kexts, problems: log.problems)
    }
}
