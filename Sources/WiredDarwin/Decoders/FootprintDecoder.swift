public import WiredCore

/// What `footprint` printed: one block per process, and for several processes the de-duplicated
/// "Summary Footprint".
public struct FootprintOutput: Sendable, Equatable {
    /// One entry per process block.
    public var processes: [DarwinProcess]
    /// "Summary Footprint: …" (several processes; shared objects counted once), bytes.
    public var summary: Int64?
}

/// Decodes `footprint` output (closed source; format from its man page and published outputs): a block
/// header `name [pid]: 64-bit    Footprint: 13 MB (16384 bytes per page)`, an optional category table
/// (Dirty, Clean, Reclaimable, Regions, Category; values as "2608 KB", "0 B", or bytes with `-f bytes`),
/// "Auxiliary data:" lines read by key, and a final "Summary Footprint:" for several processes.
public enum FootprintDecoder {
    /// Decodes `text`; `path` names the file in problems.
    public static func decode(_ text: String, path: String) -> Decoded<FootprintOutput> {
        var log = ProblemLog(path: path)
        var processes: [DarwinProcess] = []
        var summary: Int64?
        var current: DarwinProcess?
        var inTable = false
        var lineNumber = 0
        func finish() {
            if let done = current { processes.append(done) }
            current = nil
            inTable = false
        }
        for line in Text.lines(text) {
            lineNumber += 1
            let trimmed = Text.trimmed(line)
            if trimmed.isEmpty || trimmed.hasPrefix("====") || trimmed == "..." { continue }
            if trimmed.hasPrefix("Summary Footprint:") {
                finish()
                let text = trimmed.dropFirst("Summary Footprint:".count)
                summary = log.bounded(size(text), text: Text.trimmed(text), field: "Summary Footprint", bound: .bytes)
                if summary == nil, log.problems.last?.field != "Summary Footprint" {
                    log.malformed("Summary Footprint", "\"\(trimmed)\" has no size")
                }
                continue
            }
            if var header = blockHeader(trimmed) {
                finish()
                header.footprint = log.bounded(
                    header.footprint,
                    text: header.footprint.map(String.init) ?? "",
                    field: "Footprint of pid \(header.pid)",
                    bound: .bytes
                )
                current = header
                continue
            }
            guard var process = current else { continue }
            if trimmed.hasPrefix("Dirty") && trimmed.hasSuffix("Category") {
                inTable = true
                continue
            }
            if trimmed.allSatisfy({ $0 == "-" || $0 == " " }) { continue }
            if trimmed == "Auxiliary data:" {
                inTable = false
                continue
            }
            if inTable {
                tableRow(trimmed, line: lineNumber, into: &process, log: &log)
            } else {
                auxiliary(trimmed, into: &process, log: &log)
            }
            current = process
        }
        finish()
        guard !processes.isEmpty || summary != nil else {
            log.malformed(nil, "no \"name [pid]: …-bit    Footprint:\" block: not footprint output")
            return Decoded(value: nil, problems: log.problems)
        }
        return Decoded(value: FootprintOutput(processes: processes, summary: summary), problems: log.problems)
    }

    /// A row of a block's category table, added to `process` (the TOTAL row is not kept).
    static func tableRow(_ trimmed: Substring, line: Int, into process: inout DarwinProcess, log: inout ProblemLog) {
        if let category = categoryRow(trimmed),
            [category.dirty, category.clean, category.reclaimable].allSatisfy(Bound.bytes.contains),
            Bound.count.contains(Int64(category.regions))
        {
            if category.name != "TOTAL" { process.categories = (process.categories ?? []) + [category] }
        } else {
            log.malformed("line \(line)", "\"\(trimmed.prefix(40))\" is not a category row: skipped")
        }
    }

    /// Auxiliary data, by key: phys_footprint, phys_footprint_peak (order varies; other keys ignored).
    static func auxiliary(_ trimmed: Substring, into process: inout DarwinProcess, log: inout ProblemLog) {
        guard let colon = trimmed.firstIndex(of: ":") else { return }
        let key = trimmed[..<colon]
        let value = trimmed[trimmed.index(after: colon)...]
        let field = "\(key) of pid \(process.pid)"
        let text = Text.trimmed(value)
        if key == "phys_footprint" {
            if let bytes = log.bounded(size(value), text: text, field: field, bound: .bytes) {
                process.footprint = bytes
            }
        } else if key == "phys_footprint_peak" {
            process.footprintPeak = log.bounded(size(value), text: text, field: field, bound: .bytes)
        }
    }

    /// "rube-bin [39604]: 64-bit    Footprint: 13 MB (16384 bytes per page)" → a process with its footprint.
    static func blockHeader(_ line: Substring) -> DarwinProcess? {
        guard let footprintRange = line.firstRange(of: "Footprint:"),
            let bracketClose = line[..<footprintRange.lowerBound].lastIndex(of: "]"),
            let bracketOpen = line[..<bracketClose].lastIndex(of: "[")
        else { return nil }
        guard let pid = Text.integer(line[line.index(after: bracketOpen)..<bracketClose]),
            let pid32 = Int32(exactly: pid)
        else { return nil }
        let name = Text.trimmed(line[..<bracketOpen])
        var process = DarwinProcess(pid: pid32, name: String(name), source: "footprint")
        var value = line[footprintRange.upperBound...]
        if let paren = value.firstIndex(of: "(") { value = value[..<paren] }
        process.footprint = size(value)
        return process
    }

    /// "13 MB", "884928 B", "0 B" → bytes.
    static func size(_ text: Substring) -> Int64? {
        let words = Text.words(text)
        guard words.count >= 2 else { return words.first.flatMap { Text.integer($0) } }
        return Text.sizeWithUnit(words[0], words[1])
    }

    /// " 880 KB        0 B      1392 KB          8    MALLOC_MEDIUM" → a category.
    static func categoryRow(_ line: Substring) -> FootprintCategory? {
        let words = Text.words(line)
        guard words.count >= 8,
            let dirty = Text.sizeWithUnit(words[0], words[1]),
            let clean = Text.sizeWithUnit(words[2], words[3]),
            let reclaimable = Text.sizeWithUnit(words[4], words[5]),
            let regions = Text.integer(words[6]).flatMap({ Int(exactly: $0) })
        else { return nil }
        return FootprintCategory(
            name: words[7...].joined(separator: " "),
            dirty: dirty,
            clean: clean,
            reclaimable: reclaimable,
            regions: regions
        )
    }
}
