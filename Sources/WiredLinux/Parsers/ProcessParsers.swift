public import WiredCore

/// Parsers of `/proc/PID/*` files.
///
/// They run once per process per reading, so they work on bytes and
/// allocate only the strings they return.
public enum ProcessParsers {
    /// The fields of `/proc/PID/stat` that wired uses.
    public struct Stat: Equatable, Sendable {
        /// `comm` as the kernel gives it (invalid UTF-8 replaced); text views escape its control characters.
        public var name: String
        /// State letter.
        public var state: UInt8
        /// Parent pid.
        public var parentPID: Int32
        /// Task flags; `PF_KTHREAD` (0x00200000) marks kernel threads.
        public var flags: UInt64
        /// Number of threads; `nil` when `num_threads` is out of ``Bound/threads``.
        public var threads: Int32?
        /// Start time in clock ticks after boot.
        public var startTime: UInt64
        /// `vsize` (field 23, bytes); `nil` in a stat line cut short before it. (A live reader compares the
        /// sizes of `statm` instead: ``ProcessCarry``.)
        public var vsize: Int64?
        /// `rss` (field 24, pages); `nil` in a stat line cut short before it.
        public var rssPages: Int64?

        /// True for kernel threads.
        public var isKernelThread: Bool { flags & 0x0020_0000 != 0 }
    }

    /// Parses `pid (comm) state ppid … flags … num_threads … starttime …`, cutting comm at the *last* `)`
    /// (a name may contain spaces and parentheses).
    public static func stat(_ buffer: UnsafeBufferPointer<UInt8>) -> Stat? {
        var ignored: [SourceProblem] = []
        return stat(buffer, path: "stat", problems: &ignored)
    }

    /// The same; numbers outside their bounds (`ppid`, `num_threads`, `starttime`) are reported in
    /// `problems` naming `path`, and left out (an impossible ppid or start time makes the record unusable).
    public static func stat(
        _ buffer: UnsafeBufferPointer<UInt8>,
        path: String,
        problems: inout [SourceProblem]
    ) -> Stat? {
        guard let open = buffer.firstIndex(of: UInt8(ascii: "(")),
            let close = buffer.lastIndex(of: UInt8(ascii: ")")), close > open
        else { return nil }
        // Fields by number after the name, read in one pass without collecting them (a thousand a second).
        var cursor = StatCursor(buffer: buffer, index: close + 1)
        guard let state = cursor.field(0)?.first, let ppidText = cursor.field(1), let flagsText = cursor.field(6),
            let threadsText = cursor.field(17), let startText = cursor.field(19)
        else { return nil }
        let vsize = cursor.field(20)?.decimal.value
        let rssPages = cursor.field(21)?.decimal.value
        func leftOut(_ field: String, _ value: String, _ bound: Bound) -> Stat? {
            problems.append(
                .outOfRange(source: path, field: field, value: value, bound: bound, consequence: "process left out")
            )
            return nil
        }
        let (ppidNumber, flagsNumber, threadsNumber, startNumber) =
            (ppidText.decimal, flagsText.decimal, threadsText.decimal, startText.decimal)
        func overflow(_ field: String, _ text: ByteSlice, _ number: ParsedNumber) -> Bool {
            guard number == .overflow else { return false }
            _ = leftOut(field, clip(text.string), .counter)
            return true
        }
        if overflow("ppid", ppidText, ppidNumber) || overflow("flags", flagsText, flagsNumber)
            || overflow("num_threads", threadsText, threadsNumber) || overflow("starttime", startText, startNumber)
        {
            return nil
        }
        guard let ppid = ppidNumber.value, let flags = flagsNumber.value, let threads = threadsNumber.value,
            let start = startNumber.value
        else { return nil }
        guard let parentPID = Int32(exactly: ppid), parentPID >= 0 else { return leftOut("ppid", "\(ppid)", .count) }
        guard Bound.counter.contains(start) else { return leftOut("starttime", "\(start)", .counter) }
        let threadCount = Bound.threads.contains(threads) ? Int32(threads) : nil
        if threadCount == nil {
            problems.append(.outOfRange(source: path, field: "num_threads", value: "\(threads)", bound: .threads))
        }
        return Stat(
            name: String(decoding: buffer[(open + 1)..<close], as: UTF8.self),
            state: state,
            parentPID: parentPID,
            flags: UInt64(bitPattern: flags),
            threads: threadCount,
            startTime: UInt64(start),
            vsize: vsize,
            rssPages: rssPages
        )
    }

    /// Walks the space-separated fields after the command's closing parenthesis: field 0 is the state (field 3
    /// of the line), 1 ppid (4), 6 flags (9), 17 threads (20), 19 starttime (22), 20 vsize (23), 21 rss (24).
    struct StatCursor {
        let buffer: UnsafeBufferPointer<UInt8>
        var index: Int
        /// The number of the field `index` stands before.
        var next = 0

        /// Field `number` (at or after the last one asked for); `nil` past the end of the line.
        mutating func field(_ number: Int) -> ByteSlice? {
            while next <= number {
                while index < buffer.count, ASCII.isSpace(buffer[index]) || buffer[index] == ASCII.newline {
                    index += 1
                }
                let start = index
                while index < buffer.count, !ASCII.isSpace(buffer[index]), buffer[index] != ASCII.newline { index += 1 }
                guard start < index else { return nil }
                next += 1
                if next > number { return buffer[start..<index] }
            }
            return nil
        }
    }

    /// The fields of `/proc/PID/status` that wired uses; sizes in bytes.
    public struct Status: Equatable, Sendable {
        public var uid: UInt32?
        public var threads: Int32?
        public var kthread: Bool = false
        /// The sizes of ``StatusSize``'s lines.
        public var sizes = StatusSizes()
    }

    /// Parses `Key:\tvalue [kB]` lines.
    ///
    /// Zombies and kernel threads have no Vm* lines: those stay `nil`.
    public static func status(_ buffer: UnsafeBufferPointer<UInt8>) -> Status {
        var ignored: [SourceProblem] = []
        return status(buffer, path: "status", problems: &ignored)
    }

    /// The same; a size beyond ``Bound/kibibytes``, a thread count beyond ``Bound/threads`` or a uid beyond
    /// 32 bits is reported in `problems` naming `path` and the field, and left `nil`.
    public static func status(
        _ buffer: UnsafeBufferPointer<UInt8>,
        path: String,
        problems: inout [SourceProblem]
    ) -> Status {
        var status = Status()
        var log = FieldLog(path: path)
        forEachKeyValue(buffer) { key, value in
            if key.equals("Uid") {
                status.uid = log.bounded(firstNumber(value, effective: true), "Uid", 0...Int64(UInt32.max - 1))
                    .map { UInt32($0) }
            } else if key.equals("Threads") {
                status.threads = log.bounded(firstNumber(value, effective: false), "Threads", Bound.threads.range)
                    .map { Int32($0) }
            } else if key.equals("Kthread") {
                status.kthread = firstNumber(value, effective: false) == 1
            } else if let size = statusSize(named: key) {
                status.sizes[size] = log.kilobytes(value, size.lineName)
            }
        }
        problems += log.problems
        return status
    }

    /// The ``StatusSize`` whose line is `key`, if any (a length that differs is rejected before any byte).
    static func statusSize(named key: ByteSlice) -> StatusSize? {
        for size in StatusSize.allCases where key.equals(size.line) { return size }
        return nil
    }

    /// Parses `/proc/PID/smaps_rollup`; `nil` when it holds no `Rss`/`Pss` (an exiting process).
    public static func smapsRollup(_ buffer: UnsafeBufferPointer<UInt8>) -> SmapsRollup? {
        var ignored: [SourceProblem] = []
        return smapsRollup(buffer, path: "smaps_rollup", problems: &ignored)
    }

    /// The same, reporting sizes beyond ``Bound/kibibytes`` in `problems` (naming `path` and the field).
    ///
    /// Without a usable `Rss` and `Pss` there is no rollup (`nil`).
    public static func smapsRollup(
        _ buffer: UnsafeBufferPointer<UInt8>,
        path: String,
        problems: inout [SourceProblem]
    ) -> SmapsRollup? {
        // The last value of each line of the table (`nil`: absent or unusable).
        var read = [Int64?](repeating: nil, count: SmapsField.allLines.count)
        var log = FieldLog(path: path)
        forEachKeyValue(buffer) { key, value in
            guard let index = smapsLine(named: key) else { return }
            read[index] = log.kilobytes(value, key.string)
        }
        problems += log.problems
        // Each field: the sum of its lines that were read (bounded sizes: a few of them fit).
        var sums = [Int64?](repeating: nil, count: SmapsField.allCases.count)
        for (index, entry) in SmapsField.allLines.enumerated() {
            guard let value = read[index] else { continue }
            sums[entry.field.rawValue] = Checked.saturatingAdd(sums[entry.field.rawValue] ?? 0, value)
        }
        var rollup = SmapsRollup()
        for field in SmapsField.allCases {
            let sum = sums[field.rawValue]
            switch field.presence {
            case .essential:
                guard let sum else { return nil }
                rollup[field] = sum
            case .counted: rollup[field] = sum ?? 0
            case .optional: rollup[field] = sum
            }
        }
        return rollup
    }

    /// The index in ``SmapsField/allLines`` of the line `key`, if any (a length that differs is rejected before
    /// any byte).
    static func smapsLine(named key: ByteSlice) -> Int? {
        for (index, entry) in SmapsField.allLines.enumerated() where key.equals(entry.line) { return index }
        return nil
    }

    /// The arguments of `/proc/PID/cmdline` (NUL-separated), at most `limit` bytes of them, as they are (invalid
    /// UTF-8 replaced): text views escape control characters, JSON keeps them.
    public static func cmdline(_ buffer: UnsafeBufferPointer<UInt8>, limit: Int = 4096) -> [String] {
        var arguments: [String] = []
        var start = 0
        let end = min(buffer.count, limit)
        for index in 0..<end where buffer[index] == 0 {
            arguments.append(String(decoding: buffer[start..<index], as: UTF8.self))
            start = index + 1
        }
        if start < end {
            arguments.append(String(decoding: buffer[start..<end], as: UTF8.self) + (end < buffer.count ? "…" : ""))
        }
        return arguments
    }

    /// The command line to show: redacted arguments joined by spaces, raw (views escape what they print).
    ///
    /// An argument holding spaces (a title a process rewrote, "nginx: worker process") is redacted as a
    /// command line of its own.
    public static func command(_ buffer: UnsafeBufferPointer<UInt8>, limit: Int = 4096) -> String {
        CommandLineRedactor.redact(cmdline(buffer, limit: limit)).joined(separator: " ")
    }

    /// The cgroup where memory is charged (the v2 line, else the v1 memory controller's) and, when it differs,
    /// the v1 `name=systemd` path that names the unit.
    public static func cgroupPaths(_ buffer: UnsafeBufferPointer<UInt8>) -> (memory: String?, systemd: String?) {
        var unified: String?
        var systemd: String?
        var memory: String?
        for line in LineSplitter(buffer).lines {
            guard let first = line.index(of: ASCII.colon) else { continue }
            let rest = line[(first + 1)..<line.endIndex]
            guard let second = rest.index(of: ASCII.colon) else { continue }
            let controllers = rest[rest.startIndex..<second]
            let path = rest[(second + 1)..<rest.endIndex].string
            if controllers.isEmpty && line[line.startIndex..<first].equals("0") {
                unified = path
            } else if controllers.equals("name=systemd") {
                systemd = path
            } else if controllers.string.split(separator: ",").contains("memory") {
                memory = path
            }
        }
        // Hybrid hosts: the memory controller is v1 and the empty v2 line says "/".
        let charged = memory ?? unified
        return (charged, systemd != charged ? systemd : nil)
    }

    /// Calls `body` with the key and value of each `Key: value` line.
    static func forEachKeyValue(_ buffer: UnsafeBufferPointer<UInt8>, _ body: (ByteSlice, ByteSlice) -> Void) {
        var lineStart = 0
        var colon = -1
        var index = 0
        let count = buffer.count
        while index < count {
            let byte = buffer[index]
            if byte == ASCII.colon && colon < 0 {
                colon = index
            } else if byte == ASCII.newline {
                if colon > lineStart { body(buffer[lineStart..<colon], buffer[(colon + 1)..<index]) }
                lineStart = index + 1
                colon = -1
            }
            index += 1
        }
        // A last line without a newline is cut: ignore it (its number may be short).
    }

    /// Bounds the numbers of one `/proc/PID` file and records those refused.
    struct FieldLog {
        let path: String
        var problems: [SourceProblem] = []

        /// A `N kB` value in bytes, `nil` when it is missing, not a number, or beyond ``Bound/kibibytes``.
        mutating func kilobytes(_ value: ByteSlice, _ field: String) -> Int64? {
            guard let bytes = ProcessParsers.kilobytes(value) else {
                if value.trimmed.first.map(ASCII.isDigit) == true {
                    problems.append(
                        .outOfRange(source: path, field: field, value: clip(value.trimmed.string), bound: .kibibytes)
                    )
                }
                return nil
            }
            return bytes
        }

        /// `value` when it lies in `range`; otherwise a problem and `nil`.
        mutating func bounded(_ value: Int64?, _ field: String, _ range: ClosedRange<Int64>) -> Int64? {
            guard let value else { return nil }
            guard range.contains(value) else {
                problems.append(
                    SourceProblem(
                        source: path,
                        field: field,
                        kind: .outOfRange,
                        message: "\(value) is out of range (\(range.lowerBound) to \(range.upperBound)); field ignored"
                    )
                )
                return nil
            }
            return value
        }
    }

    /// A `N kB` value in bytes, `nil` beyond ``Bound/kibibytes`` (4 PiB).
    static func kilobytes(_ value: ByteSlice) -> Int64? {
        var index = value.startIndex
        while index < value.endIndex, ASCII.isSpace(value[index]) { index += 1 }
        var number: Int64 = 0
        var digits = 0
        while index < value.endIndex, ASCII.isDigit(value[index]) {
            let (times10, o1) = number.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(value[index] - ASCII.zero))
            if o1 || o2 { return nil }
            number = sum
            digits += 1
            index += 1
        }
        guard digits > 0, Bound.kibibytes.contains(number) else { return nil }
        return number * 1024
    }

    /// The first (or, with `effective`, the second) whitespace-separated number of a value.
    static func firstNumber(_ value: ByteSlice, effective: Bool) -> Int64? {
        let fields = value.fields
        let index = effective && fields.count > 1 ? 1 : 0
        return fields.count > index ? fields[index].decimal.value : nil
    }
}
