public import WiredCore

/// Reads OOM kills out of kernel log records (`/dev/kmsg`: `prio,seq,usec,flags;message`).
///
/// mm/oom_kill.c prints, for each kill, `oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=…,oom_memcg=/a,task_memcg=/a/b,
/// task=NAME,pid=N,uid=U` (4.19+) and then `Memory cgroup out of memory: Killed process N (NAME) total-vm:…kB,
/// anon-rss:…kB, …` when a cgroup's limit was hit, or `Out of memory: Killed process N (NAME) …` when the machine
/// ran out. Kernels before 5.0 first print `… out of memory: Kill process N (NAME) score S or sacrifice child` and
/// then a bare `Killed process N (NAME) …`.
public struct OOMLogParser {
    /// The kills found so far, oldest first.
    public private(set) var kills: [OOMKillRecord] = []
    private var pending: OOMKillRecord?
    /// True when ``pending`` began with an old kernel's "Kill process" line: its victim may be a child.
    private var pendingChoseVictim = false

    public init() {}

    /// Adds one record (its text, header included); other records are ignored.
    public mutating func add(record: Substring) {
        guard let (sequence, microseconds, message) = Self.split(record) else { return }
        if message.hasPrefix("oom-kill:") {
            flush()
            var kill = OOMKillRecord(sequence: sequence, microseconds: microseconds, atCgroupLimit: false)
            for part in message.dropFirst("oom-kill:".count).split(separator: ",") {
                guard let equals = part.firstIndex(of: "=") else { continue }
                let value = String(part[part.index(after: equals)...])
                switch part[..<equals] {
                case "constraint": kill.constraint = value
                case "oom_memcg": kill.oomCgroup = value
                case "task_memcg": kill.taskCgroup = value
                case "task": kill.task = value
                case "pid": kill.pid = Int32(value)
                default: break
                }
            }
            kill.atCgroupLimit = kill.constraint == "CONSTRAINT_MEMCG"
            pending = kill
        } else if let range = message.firstRange(of: "Kill process ") ?? message.firstRange(of: "Killed process ") {
            victim(message, after: range.upperBound, sequence: sequence, microseconds: microseconds)
        }
    }

    /// The kills, with a constraint line still waiting for its victim line counted too.
    public mutating func finish() -> [OOMKillRecord] {
        flush()
        return kills
    }

    private mutating func flush() {
        if let pending { kills.append(pending) }
        pending = nil
        pendingChoseVictim = false
    }

    /// A "Kill process" or "Killed process" line: completes the kill its constraint line began, or starts one.
    private mutating func victim(_ message: Substring, after start: String.Index, sequence: Int64, microseconds: Int64)
    {
        let rest = message[start...]
        let pid = Int32(rest.prefix { $0.isNumber })
        let name: String? = rest.firstIndex(of: "(").flatMap { open in
            rest[open...].firstIndex(of: ")").map { String(rest[rest.index(after: open)..<$0]) }
        }
        let byCgroup = message.hasPrefix("Memory cgroup out of memory")
        let byMachine = message.hasPrefix("Out of memory")
        let killed = message[..<start].hasSuffix("Killed process ")
        // An old kernel's "Kill process P … or sacrifice child" may be followed by "Killed process C": the child.
        if var kill = pending, kill.pid == nil || kill.pid == pid || (pendingChoseVictim && killed) {
            if kill.pid != pid {
                kill.pid = pid
                kill.task = name
            }
            kill.task = kill.task ?? name
            if byCgroup { kill.atCgroupLimit = true }
            kill.anonRSSBytes = kill.anonRSSBytes ?? Self.anonRSS(rest)
            pending = kill
            // The "Killed process" line ends the report; an older "Kill process" line waits for it.
            if killed { flush() } else { pendingChoseVictim = true }
            return
        }
        flush()
        var kill = OOMKillRecord(
            sequence: sequence,
            microseconds: microseconds,
            // Neither prefix (a bare "Killed process" of an old kernel with its first line gone): cannot tell.
            constraint: byCgroup || byMachine ? nil : "unknown",
            atCgroupLimit: byCgroup,
            pid: pid,
            task: name,
            anonRSSBytes: Self.anonRSS(rest)
        )
        if !killed {
            pending = kill
            pendingChoseVictim = true
        } else {
            kill.constraint = kill.constraint ?? (byMachine ? "CONSTRAINT_NONE" : nil)
            kills.append(kill)
        }
    }

    /// `anon-rss:65280kB` in bytes.
    static func anonRSS(_ text: Substring) -> Int64? {
        guard let range = text.firstRange(of: "anon-rss:") else { return nil }
        guard let kib = Int64(text[range.upperBound...].prefix { $0.isNumber }) else { return nil }
        return Checked.multiply(kib, 1024)
    }

    /// The sequence number, time and message of a record; `nil` for continuation lines and other text.
    static func split(_ record: Substring) -> (Int64, Int64, Substring)? {
        guard let semicolon = record.firstIndex(of: ";") else { return nil }
        let header = record[..<semicolon].split(separator: ",")
        guard header.count >= 3, let sequence = Int64(header[1]), let microseconds = Int64(header[2]) else {
            return nil
        }
        var message = record[record.index(after: semicolon)...]
        while message.last == "\n" { message.removeLast() }
        return (sequence, microseconds, message)
    }
}
