public import WiredCore

/// What `top -l N` printed: the last sample's header and its process rows.
public struct TopOutput: Sendable, Equatable {
    /// The header of the last sample.
    public var sample: TopSample
    /// The rows of the last sample that were complete.
    public var processes: [DarwinProcess]
    /// How many samples the output held.
    public var samples: Int
}

/// Decodes `top` output (apple-oss-distributions/top): header items by prefix, then a column header and process
/// rows.
///
/// Three shapes are read: logging mode (`top -l N`: one header item per line, a timestamp line); interactive
/// screens, copied from a terminal or recorded with `script` (two items to a line where the terminal is wide,
/// the time at the end of the `Processes:` line, escape sequences played on a screen by ``TerminalScreen``);
/// and a file holding only `PhysMem:` lines (`top -l 1 -n 0 | grep PhysMem`), which gives the totals and no
/// processes. Sizes use humanize_number (base 1024, ≤ 5 characters); later samples append `+`/`-` trend marks,
/// which are ignored. A row with fewer columns than the header (an output cut mid-line) is refused with a
/// problem rather than read with shifted columns.
public enum TopDecoder {
    /// The header items top prints, each starting with its name.
    static let itemNames = [
        "Processes:", "Load Avg:", "CPU usage:", "SharedLibs:", "MemRegions:", "PhysMem:", "VM:", "Networks:",
        "Disks:", "Swap:", "Purgeable:",
    ]

    /// Decodes `text`; `path` names the file in problems.
    public static func decode(_ text: String, path: String) -> Decoded<TopOutput> {
        var log = ProblemLog(path: path)
        var plain = text
        var screens: Int?
        if let screen = TerminalScreen.lastScreen(of: text, showing: "PhysMem:")
            ?? TerminalScreen.lastScreen(of: text, showing: "Processes:")
        {
            plain = screen.text
            screens = screen.screens
        }
        let lines = Text.lines(plain)
        let itemLines = lines.map { items(of: Text.trimmed($0)) }
        var starts = lines.indices.filter { itemLines[$0].contains { $0.hasPrefix("Processes:") } }
        if starts.isEmpty {
            // Only PhysMem lines (grep'd from top): each is a sample.
            starts = lines.indices.filter { itemLines[$0].contains { $0.hasPrefix("PhysMem:") } }
        }
        guard let start = starts.last else {
            log.malformed(nil, "no \"Processes:\" or \"PhysMem:\" line: not top output")
            return Decoded(value: nil, problems: log.problems)
        }
        var sample = TopSample()
        var columns: [Substring] = []
        var commandStart: String.Index?
        var headerLine: Substring = ""
        var processes: [DarwinProcess] = []
        var lineNumber = start
        for (line, lineItems) in zip(lines[start...], itemLines[start...]) {
            lineNumber += 1
            let trimmed = Text.trimmed(line)
            if trimmed.isEmpty { continue }
            if columns.isEmpty {
                if !lineItems.isEmpty {
                    for item in lineItems { headerItem(item, into: &sample, log: &log) }
                } else if trimmed.hasPrefix("PID") {
                    columns = Text.words(trimmed)
                    headerLine = line
                    commandStart = line.firstRange(of: "COMMAND")?.lowerBound
                } else if trimmed.count == 19, trimmed.dropFirst(4).first == "/", trimmed.contains(":") {
                    sample.time = String(trimmed)
                }
                continue
            }
            if let process = row(
                line,
                header: headerLine,
                columns: columns,
                commandStart: commandStart,
                lineNumber: lineNumber,
                log: &log
            ) {
                processes.append(process)
            }
        }
        if sample.used == nil && sample.wired == nil {
            log.missing("PhysMem", "no \"PhysMem:\" line in the last sample: top's memory totals are unknown")
        }
        return Decoded(
            value: TopOutput(sample: sample, processes: processes, samples: screens ?? starts.count),
            problems: log.problems
        )
    }

    /// The header items of `line`: one per line in logging mode, two where an interactive terminal was wide.
    static func items(of line: Substring) -> [Substring] {
        var starts: [String.Index] = []
        for name in itemNames {
            var from = line.startIndex
            while let range = line[from...].firstRange(of: name) {
                if range.lowerBound == line.startIndex || line[line.index(before: range.lowerBound)] == " " {
                    starts.append(range.lowerBound)
                }
                from = range.upperBound
            }
        }
        // Only a line that starts with an item is a header line (a process named "VM:" is not).
        guard starts.contains(line.startIndex) else { return [] }
        starts.sort()
        return starts.indices.map { index in
            Text.trimmed(line[starts[index]..<(index + 1 < starts.count ? starts[index + 1] : line.endIndex)])
        }
    }

    /// One header item.
    static func headerItem(_ item: Substring, into sample: inout TopSample, log: inout ProblemLog) {
        if item.hasPrefix("Processes:") {
            processesLine(item, into: &sample, log: &log)
        } else if item.hasPrefix("PhysMem:") {
            physMem(item, into: &sample, log: &log)
        } else if item.hasPrefix("VM:") {
            vmLine(item, into: &sample, log: &log)
        }
    }

    /// Reads "Processes: 617 total, 4 running, 4 stuck, 609 sleeping, 2794 threads".
    static func processesLine(_ line: Substring, into sample: inout TopSample, log: inout ProblemLog) {
        for part in line.dropFirst("Processes:".count).split(separator: ",") {
            let words = Text.words(part)
            guard words.count >= 2,
                let number = log.bounded(Text.integer(words[0]), text: words[0], field: "Processes", bound: .count)
            else { continue }
            switch words[1] {
            case "total": sample.processes = Int(number)
            case "running": sample.running = Int(number)
            case "stuck": sample.stuck = Int(number)
            case "sleeping": sample.sleeping = Int(number)
            case "threads": sample.threads = Int(number)
            default: break
            }
            // Interactive top ends the line with the time of the screen ("… 3196 threads   13:17:51").
            if let last = words.last, words.count >= 3, last.count == 8, last.filter({ $0 == ":" }).count == 2 {
                sample.time = String(last)
            }
        }
        if sample.processes == nil { log.malformed("Processes", "\"\(line)\" has no total") }
    }

    /// The three PhysMem formats: "31G used (6576M wired, 4020M compressor), 364M unused." (13+),
    /// "4077M used (932M wired), 17M unused." (10.9–12), "W wired, A active, I inactive, U used, F free." (≤10.8).
    static func physMem(_ line: Substring, into sample: inout TopSample, log: inout ProblemLog) {
        var body = line.dropFirst("PhysMem:".count)
        if body.last == "." { body.removeLast() }
        let parts = body.split(whereSeparator: { $0 == "," || $0 == "(" || $0 == ")" })
        var understood = 0
        for part in parts {
            let words = Text.words(part)
            guard words.count == 2,
                let size = log.bounded(Text.binarySize(words[0]), text: words[0], field: "PhysMem", bound: .bytes)
            else { continue }
            understood += 1
            switch words[1] {
            case "used": sample.used = size
            case "wired": sample.wired = size
            case "compressor": sample.compressor = size
            case "unused", "free": sample.unused = size
            case "active": sample.active = size
            case "inactive": sample.inactive = size
            default: understood -= 1
            }
        }
        if understood == 0 { log.malformed("PhysMem", "\"\(line)\" is in no known format") }
    }

    /// Reads the swap counts of "VM: 251T vsize, 5703M framework vsize, 77702579(0) swapins, 79070174(0) swapouts.".
    static func vmLine(_ line: Substring, into sample: inout TopSample, log: inout ProblemLog) {
        for part in line.dropFirst("VM:".count).split(separator: ",") {
            let words = Text.words(part)
            guard words.count == 2 else { continue }
            let digits = words[0].prefix(while: { $0.isNumber })
            let field = "VM " + String(words[1])
            let count = log.bounded(Text.integer(digits), text: digits, field: field, bound: .counter)
            var delta: Int64?
            if let open = words[0].firstIndex(of: "("), let close = words[0].lastIndex(of: ")"), open < close {
                let inner = words[0][words[0].index(after: open)..<close]
                delta = log.bounded(Text.integer(inner), text: inner, field: field, bound: .counter)
            }
            if words[1].hasPrefix("swapins") {
                sample.swapins = count
                sample.swapinsDelta = delta
            }
            if words[1].hasPrefix("swapouts") {
                sample.swapouts = count
                sample.swapoutsDelta = delta
            }
        }
    }

    /// One process row.
    ///
    /// COMMAND is up to 16 characters and may hold spaces, so it is cut at its column; the other columns are the
    /// words after it, in header order.
    static func row(
        _ line: Substring,
        header: Substring,
        columns: [Substring],
        commandStart: String.Index?,
        lineNumber: Int,
        log: inout ProblemLog
    ) -> DarwinProcess? {
        let words = Text.words(line)
        guard let pidWord = words.first else { return nil }
        // The PID may carry an architecture mark ("7163*").
        let pidDigits = pidWord.prefix(while: { $0.isNumber })
        guard let pid = Text.integer(pidDigits), let pid32 = Int32(exactly: pid) else {
            log.malformed("line \(lineNumber)", "\"\(line.prefix(30))\" does not start with a PID: row skipped")
            return nil
        }
        var name = ""
        var rest: [Substring]
        if let commandIndex = columns.firstIndex(of: "COMMAND") {
            let commandOffset = commandStart.map { header.distance(from: header.startIndex, to: $0) } ?? 0
            let chars = Array(line)
            if commandOffset > 0, chars.count > commandOffset {
                let nameEnd = min(chars.count, commandOffset + 16)
                name = String(Text.trimmed(String(chars[commandOffset..<nameEnd])))
                rest = Text.words(String(chars[nameEnd...]))
            } else {
                name = words.count > 1 ? String(words[1]) : ""
                rest = Array(words.dropFirst(2))
            }
            // Columns after COMMAND, in order.
            let after = columns[(commandIndex + 1)...]
            if rest.count < after.count {
                log.malformed(
                    "line \(lineNumber)",
                    "the row of pid \(pid) is cut short (\(rest.count) of \(after.count) columns after COMMAND): row skipped"
                )
                return nil
            }
            var process = DarwinProcess(pid: pid32, name: name, source: "top")
            for (column, word) in zip(after, rest) {
                assign(String(column), word, to: &process, log: &log)
            }
            return process
        }
        log.malformed("PID", "the column header has no COMMAND column")
        return nil
    }

    /// Sets the field `column` names from `word`.
    ///
    /// Sizes beyond ``Bound/bytes`` and counts beyond ``Bound/count`` are refused with a problem.
    static func assign(_ column: String, _ word: Substring, to process: inout DarwinProcess, log: inout ProblemLog) {
        let field = "\(column) of pid \(process.pid)"
        func count(_ text: Substring) -> Int? {
            // "#TH" prints "2" or "4/1" (total/running); trend marks may follow.
            let digits = text.prefix(while: { $0.isNumber })
            return log.bounded(Text.integer(digits), text: digits, field: field, bound: .count).map { Int($0) }
        }
        func size(_ text: Substring) -> Int64? {
            log.bounded(Text.binarySize(text), text: text, field: field, bound: .bytes)
        }
        switch column {
        case "MEM": process.footprint = size(word)
        case "PURG": process.purgeable = size(word)
        case "CMPRS": process.compressed = size(word)
        case "RSIZE", "RSS": process.resident = size(word)
        case "#TH": process.threads = count(word)
        case "#PORTS", "#PORT", "#POR": process.ports = count(word)
        case "#MREGS", "#MREG", "#MRE": process.regions = count(word)
        case "UID": process.uid = count(word).flatMap { UInt32(exactly: $0) }
        case "USER": process.user = String(word)
        default: break
        }
    }
}
