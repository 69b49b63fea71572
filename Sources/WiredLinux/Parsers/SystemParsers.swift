public import WiredCore

/// A parsed value and the problems met on the way.
public struct Parsed<Value> {
    /// What could be parsed.
    public var value: Value
    /// Lines or fields that were skipped, each naming the file and field.
    public var problems: [SourceProblem]
}

extension Parsed: Sendable where Value: Sendable {}

/// Parses files of `Key: value [kB]` lines: `/proc/meminfo`, `/sys/devices/system/node/node*/meminfo`.
public enum MeminfoParser {
    /// Values in bytes for fields with a `kB` unit, plain numbers otherwise.
    ///
    /// A malformed line, a number that does not fit (u64 max), a repeated key or a cut last line is
    /// reported and skipped; every other line is still used.
    public static func parse(_ buffer: UnsafeBufferPointer<UInt8>, path: String) -> Parsed<[String: Int64]> {
        var table: [String: Int64] = [:]
        var problems: [SourceProblem] = []
        let split = LineSplitter(buffer)
        var lines = split.lines[...]
        if split.lastLineUnterminated, let last = lines.popLast() {
            problems.append(cutLine(last, path: path))
        }
        for (number, line) in lines.enumerated() {
            switch entry(line, number: number, path: path) {
            case .skip: continue
            case .problem(let problem): problems.append(problem)
            case .value(let key, let value):
                if table[key] != nil {
                    problems.append(
                        SourceProblem(
                            source: path,
                            field: key,
                            kind: .inconsistent,
                            message: "appears twice; the first value is used"
                        )
                    )
                } else {
                    table[key] = value
                }
            }
        }
        return Parsed(value: table, problems: problems)
    }

    /// What one line gives.
    enum Entry {
        case value(String, Int64)
        case problem(SourceProblem)
        case skip
    }

    /// One `Key: value [kB]` line (`number` counts from 0).
    static func entry(_ line: ByteSlice, number: Int, path: String) -> Entry {
        let text = line.trimmed
        if text.isEmpty { return .skip }
        guard let colon = text.index(of: ASCII.colon) else {
            return .problem(
                SourceProblem(
                    source: path,
                    field: "line \(number + 1)",
                    kind: .malformed,
                    message: "not a \"Key: value\" line: \"\(clip(text.string))\""
                )
            )
        }
        let key = text[text.startIndex..<colon].trimmed.string
        let rest = text[(colon + 1)..<text.endIndex].fields
        // The 2.4-era table header ("total: used: free: ...") has no number after its first colon.
        if key.isEmpty || (key == "total" && rest.first.map { !$0.decimal.isNumber } == true) { return .skip }
        guard let first = rest.first else {
            return .problem(SourceProblem(source: path, field: key, kind: .malformed, message: "has no value"))
        }
        let unit = rest.count > 1 ? rest[rest.startIndex + 1].string : nil
        return value(first, unit: unit, key: key, path: path)
    }

    /// The value in bytes (`kB`) or as it is (no unit), or the problem that leaves the field out.
    static func value(_ field: ByteSlice, unit: String?, key: String, path: String) -> Entry {
        func problem(_ kind: SourceProblem.Kind, _ message: String) -> Entry {
            .problem(SourceProblem(source: path, field: key, kind: kind, message: message))
        }
        let raw: Int64
        switch field.decimal {
        case .overflow:
            return problem(.outOfRange, "value \(clip(field.string)) does not fit in 64 bits; field ignored")
        case .invalid: return problem(.malformed, "value \"\(clip(field.string))\" is not a number; field ignored")
        case .value(let value): raw = value
        }
        if raw < 0 { return problem(.outOfRange, "negative value \(raw); field ignored") }
        guard (unit == nil ? Bound.pages : Bound.kibibytes).contains(raw) else {
            return .problem(
                SourceProblem.outOfRange(
                    source: path,
                    field: key,
                    value: unit.map { "\(raw) \($0)" } ?? "\(raw)",
                    bound: unit == nil ? .pages : .kibibytes
                )
            )
        }
        guard let unit else { return .value(key, raw) }
        guard unit == "kB" else { return problem(.malformed, "unknown unit \"\(clip(unit))\"; field ignored") }
        let (bytes, overflow) = raw.multipliedReportingOverflow(by: 1024)
        if overflow { return problem(.outOfRange, "\(raw) kB does not fit in 64 bits; field ignored") }
        return .value(key, bytes)
    }
}

/// Parses files of `key value` lines: `/proc/vmstat`, cgroup `memory.stat`, hugepage counters.
public enum KeyValueParser {
    /// The numbers by key; malformed lines are reported and skipped.
    ///
    /// The kernel prints these as unsigned, so a negative value or one outside `bound` (event counters by
    /// default) is refused and reported. With `keys`, only those keys are kept and checked.
    public static func parse(_ buffer: UnsafeBufferPointer<UInt8>, path: String) -> Parsed<[String: Int64]> {
        parse(buffer, path: path, bound: .counter)
    }

    /// The numbers by key, each within `bound`; only `keys` when given.
    public static func parse(
        _ buffer: UnsafeBufferPointer<UInt8>,
        path: String,
        bound: Bound,
        keys: Set<String>? = nil
    ) -> Parsed<[String: Int64]> {
        var table: [String: Int64] = [:]
        var problems: [SourceProblem] = []
        let split = LineSplitter(buffer)
        var lines = split.lines[...]
        if split.lastLineUnterminated, let last = lines.popLast() {
            problems.append(cutLine(last, path: path))
        }
        for (number, line) in lines.enumerated() {
            let fields = line.fields
            if fields.isEmpty { continue }
            guard fields.count == 2 else {
                problems.append(
                    SourceProblem(
                        source: path,
                        field: "line \(number + 1)",
                        kind: .malformed,
                        message: "not a \"key value\" line: \"\(clip(line.string))\""
                    )
                )
                continue
            }
            let key = fields[0].string
            if let keys, !keys.contains(key) { continue }
            switch fields[1].decimal {
            case .value(let value):
                guard bound.contains(value) else {
                    problems.append(SourceProblem.outOfRange(source: path, field: key, value: "\(value)", bound: bound))
                    continue
                }
                if table[key] == nil { table[key] = value }
            case .overflow:
                problems.append(
                    SourceProblem(
                        source: path,
                        field: key,
                        kind: .outOfRange,
                        message: "value \(clip(fields[1].string)) does not fit in 64 bits; field ignored"
                    )
                )
            case .invalid:
                problems.append(
                    SourceProblem(
                        source: path,
                        field: key,
                        kind: .malformed,
                        message: "value \"\(clip(fields[1].string))\" is not a number; field ignored"
                    )
                )
            }
        }
        return Parsed(value: table, problems: problems)
    }
}

/// Parses `/proc/zoneinfo`.
public enum ZoneinfoParser {
    /// One record per zone.
    ///
    /// The first `min`/`low`/`high` after a zone header are the watermarks; later
    /// ones belong to the per-CPU pagesets, whose `count:` lines are summed.
    public static func parse(_ buffer: UnsafeBufferPointer<UInt8>, path: String) -> Parsed<[ZoneFacts]> {
        var reading = ZoneReading(path: path)
        let split = LineSplitter(buffer)
        var lines = split.lines[...]
        if split.lastLineUnterminated, let last = lines.popLast() {
            reading.problems.append(cutLine(last, path: path))
        }
        for line in lines { reading.add(line) }
        reading.finish()
        if reading.zones.isEmpty, reading.problems.isEmpty {
            reading.problems.append(SourceProblem(source: path, kind: .malformed, message: "no zones found"))
        }
        return Parsed(value: reading.zones, problems: reading.problems)
    }
}

/// The zones of a `/proc/zoneinfo` read so far, and the one being read.
struct ZoneReading {
    let path: String
    var zones: [ZoneFacts] = []
    var problems: [SourceProblem] = []
    var current: ZoneFacts?
    var seen: Set<String> = []
    var inPagesets = false

    init(path: String) { self.path = path }

    /// Ends the zone being read: kept when it has the lines the ledger needs.
    mutating func finish() {
        guard let zone = current else { return }
        // Kernels before 3.8 print no `managed` line: such a zone is kept, its managed pages unknown.
        let missing = ["present", "low", "high"].filter { !seen.contains($0) }
        if missing.isEmpty {
            zones.append(zone)
        } else {
            problems.append(
                SourceProblem(
                    source: path,
                    field: "Node \(zone.node), zone \(zone.name)",
                    kind: .malformed,
                    message: "lacks \(missing.joined(separator: ", ")); zone ignored"
                )
            )
        }
    }

    /// One line.
    mutating func add(_ line: ByteSlice) {
        let fields = line.fields
        guard let first = fields.first else { return }
        if first.equals("Node") {
            finish()
            header(fields, line: line)
            return
        }
        guard current != nil else { return }
        let name = first.string
        if name == "pagesets" {
            inPagesets = true
        } else if name == "protection:" {
            protection(fields)
        } else if inPagesets {
            if name == "count:", fields.count >= 2, let value = fields[1].decimal.value { pagesetCount(value) }
        } else if name == "pages", fields.count >= 3, fields[1].equals("free") {
            field("free", fields[2])
        } else if fields.count == 2 {
            field(name, fields[1])
        }
    }

    /// "Node 0, zone   Normal": starts a zone.
    mutating func header(_ fields: [ByteSlice], line: ByteSlice) {
        let node = fields.count > 1 ? fields[1].trimmingComma.decimal.value : nil
        seen = []
        inPagesets = false
        guard let node, fields.count >= 4 else {
            problems.append(
                SourceProblem(
                    source: path,
                    field: "zone header",
                    kind: .malformed,
                    message: "unreadable zone header \"\(clip(line.string))\""
                )
            )
            current = nil
            return
        }
        current = ZoneFacts(
            node: Int(node),
            name: fields[3].string,
            free: 0,
            min: 0,
            low: 0,
            high: 0,
            present: 0,
            managed: nil,
            maxProtection: 0,
            perCPUFree: 0
        )
    }

    /// "protection: (0, 1, 2)": the highest lowmem reserve.
    mutating func protection(_ fields: [ByteSlice]) {
        let numbers = fields.dropFirst().compactMap { $0.strippingParens.decimal.value }
        let highest = numbers.max() ?? 0
        if numbers.allSatisfy(Bound.pages.contains) {
            current?.maxProtection = highest
        } else {
            problems.append(
                SourceProblem.outOfRange(source: path, field: "protection", value: "\(highest)", bound: .pages)
            )
        }
    }

    /// A per-CPU list's "count:", added to the zone's per-CPU free pages.
    mutating func pagesetCount(_ value: Int64) {
        guard let zone = current else { return }
        let sum = Checked.add(zone.perCPUFree, value)
        if Bound.pages.contains(value), let sum, Bound.pages.contains(sum) {
            current?.perCPUFree = sum
        } else {
            problems.append(
                SourceProblem.outOfRange(
                    source: path,
                    field: "count",
                    value: "\(value)",
                    bound: .pages,
                    consequence: "this per-CPU list is left out of node \(zone.node) \(zone.name)"
                )
            )
        }
    }

    /// A watermark or page count of the zone (the first of each).
    mutating func field(_ key: String, _ valueField: ByteSlice) {
        guard ["free", "min", "low", "high", "present", "managed"].contains(key), !seen.contains(key) else { return }
        guard let value = valueField.decimal.value else {
            problems.append(
                SourceProblem(
                    source: path,
                    field: key,
                    kind: .malformed,
                    message: "value \"\(clip(valueField.string))\" is not a number"
                )
            )
            return
        }
        seen.insert(key)
        guard Bound.pages.contains(value) else {
            problems.append(SourceProblem.outOfRange(source: path, field: key, value: "\(value)", bound: .pages))
            return
        }
        switch key {
        case "free": current?.free = value
        case "min": current?.min = value
        case "low": current?.low = value
        case "high": current?.high = value
        case "present": current?.present = value
        default: current?.managed = value
        }
    }
}

/// Parses `/proc/pressure/memory` (and cgroup `memory.pressure`).
public enum PressureParser {
    /// The `some` and `full` lines; `full` is optional (older kernels and the CPU file lack it).
    public static func parse(_ buffer: UnsafeBufferPointer<UInt8>, path: String) -> Parsed<PressureStall?> {
        var some: PressureLine?
        var full: PressureLine?
        var problems: [SourceProblem] = []
        for line in LineSplitter(buffer).lines {
            let fields = line.fields
            guard let kind = fields.first?.string else { continue }
            var values: [String: ByteSlice] = [:]
            for field in fields.dropFirst() {
                guard let equals = field.index(of: UInt8(ascii: "=")) else { continue }
                values[field[field.startIndex..<equals].string] = field[(equals + 1)..<field.endIndex]
            }
            guard let avg10 = values["avg10"]?.double, let avg60 = values["avg60"]?.double,
                let avg300 = values["avg300"]?.double, let total = values["total"]?.decimal.value
            else {
                problems.append(
                    SourceProblem(
                        source: path,
                        field: kind,
                        kind: .malformed,
                        message: "expected avg10= avg60= avg300= total=, got \"\(clip(line.string))\""
                    )
                )
                continue
            }
            if let bad = [("avg10", avg10), ("avg60", avg60), ("avg300", avg300)].first(where: {
                !Bound.percent.contains($0.1)
            }) {
                problems.append(
                    SourceProblem.outOfRange(
                        source: path,
                        field: "\(kind) \(bad.0)",
                        value: values[bad.0].map { clip($0.string) } ?? "",
                        bound: .percent,
                        consequence: "the \(kind) line is ignored"
                    )
                )
                continue
            }
            guard Bound.microseconds.contains(total) else {
                problems.append(
                    SourceProblem.outOfRange(
                        source: path,
                        field: "\(kind) total",
                        value: "\(total)",
                        bound: .microseconds,
                        consequence: "the \(kind) line is ignored"
                    )
                )
                continue
            }
            let parsed = PressureLine(avg10: avg10, avg60: avg60, avg300: avg300, totalMicroseconds: total)
            if kind == "some" { some = parsed } else if kind == "full" { full = parsed }
        }
        guard let some else {
            if problems.isEmpty {
                problems.append(
                    SourceProblem(source: path, field: "some", kind: .malformed, message: "no \"some\" line")
                )
            }
            return Parsed(value: nil, problems: problems)
        }
        return Parsed(value: PressureStall(some: some, full: full), problems: problems)
    }
}

/// Parses `/proc/swaps`.
public enum SwapsParser {
    /// One record per swap area; sizes are converted from KiB to bytes.
    public static func parse(_ buffer: UnsafeBufferPointer<UInt8>, path: String) -> Parsed<[SwapArea]> {
        var areas: [SwapArea] = []
        var problems: [SourceProblem] = []
        for (number, line) in LineSplitter(buffer).lines.enumerated() {
            let fields = line.fields
            if fields.isEmpty || fields[0].equals("Filename") { continue }
            // The name may contain escaped spaces; the last four fields are fixed.
            guard fields.count >= 5, let size = fields[fields.count - 3].decimal.value,
                let used = fields[fields.count - 2].decimal.value,
                let priority = fields[fields.count - 1].decimal.value
            else {
                problems.append(
                    SourceProblem(
                        source: path,
                        field: "line \(number + 1)",
                        kind: .malformed,
                        message: "not \"Filename Type Size Used Priority\": \"\(clip(line.string))\""
                    )
                )
                continue
            }
            let name = fields[0..<(fields.count - 4)].map(\.string).joined(separator: " ").replacingEscapedSpaces
            if let (field, value) = [("Size", size), ("Used", used)].first(where: { !Bound.kibibytes.contains($0.1) }) {
                problems.append(
                    SourceProblem.outOfRange(
                        source: path,
                        field: "\(name) \(field)",
                        value: "\(value) kB",
                        bound: .kibibytes,
                        consequence: "this swap area is left out"
                    )
                )
                continue
            }
            if used > size {
                problems.append(
                    SourceProblem(
                        source: path,
                        field: "\(name) Used",
                        kind: .inconsistent,
                        message: "\(used) kB used of a \(size) kB swap area is impossible"
                    )
                )
            }
            areas.append(
                SwapArea(
                    name: name,
                    type: fields[fields.count - 4].string,
                    sizeBytes: size * 1024,
                    usedBytes: used * 1024,
                    priority: Int(truncatingIfNeeded: priority)
                )
            )
        }
        return Parsed(value: areas, problems: problems)
    }
}

/// Parses CPU lists such as `0-3,8-11` (`/sys/devices/system/cpu/possible`).
public enum CPUListParser {
    /// The number of CPUs in the list, or `nil` when it is malformed or out of range.
    public static func count(_ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        parse(buffer, path: "").value
    }

    /// The number of CPUs in the list; CPU numbers and the count must be within ``Bound/cpus``.
    public static func parse(_ buffer: UnsafeBufferPointer<UInt8>, path: String) -> Parsed<Int?> {
        let text = buffer[...].trimmingNewlines
        var total: Int64 = 0
        var start = text.startIndex
        var index = text.startIndex
        var beyond: Int64?
        func number(_ part: ByteSlice) -> Int64? {
            guard let value = part.decimal.value, value >= 0 else { return nil }
            if value >= Bound.cpus.range.upperBound { beyond = beyond ?? value }
            return value
        }
        func range(_ part: ByteSlice) -> Int64? {
            if let dash = part.index(of: ASCII.minus) {
                guard let low = number(part[part.startIndex..<dash]),
                    let high = number(part[(dash + 1)..<part.endIndex]),
                    high >= low
                else { return nil }
                // Both are non-negative, so the difference fits; one more may not.
                return Checked.add(high - low, 1) ?? Int64.max
            }
            return number(part) == nil ? nil : 1
        }
        while index <= text.endIndex {
            if index == text.endIndex || text[index] == UInt8(ascii: ",") {
                guard let n = range(text[start..<index]) else {
                    return Parsed(
                        value: nil,
                        problems: [
                            SourceProblem(
                                source: path,
                                field: "possible",
                                kind: .malformed,
                                message: "not a CPU list: \"\(clip(text.string))\""
                            )
                        ]
                    )
                }
                // Each range is below 2^63 and the total is checked as it grows, so the sum cannot overflow.
                total = Checked.add(total, n) ?? Int64.max
                start = index + 1
            }
            index += 1
        }
        if let beyond {
            return Parsed(
                value: nil,
                problems: [.outOfRange(source: path, field: "possible", value: "CPU \(beyond)", bound: .cpus)]
            )
        }
        guard Bound.cpus.contains(total) else {
            return Parsed(
                value: nil,
                problems: [.outOfRange(source: path, field: "possible", value: "\(total) CPUs", bound: .cpus)]
            )
        }
        return Parsed(value: Int(total), problems: [])
    }
}

/// Finds the percpu first-chunk size in the kernel log.
public enum KernelLogParser {
    /// Pages per CPU from a line like `percpu: Embedded 53 pages/cpu s185496 r0 d31592 u1048576`.
    ///
    /// `/dev/kmsg` records look like `6,12,105416,-;percpu: Embedded 53 pages/cpu …`; the message follows `;`.
    public static func percpuPagesPerCPU(inRecord record: ByteSlice) -> Int64? {
        var message = record
        if let semicolon = record.index(of: UInt8(ascii: ";")) {
            message = record[(semicolon + 1)..<record.endIndex]
        }
        let fields = message.fields
        guard let first = fields.first, first.equals("percpu:") || first.equals("PERCPU:") else { return nil }
        // The reader checks the number against the CPUs and the page size.
        for (index, field) in fields.enumerated() where field.equals("pages/cpu") && index > 0 {
            return fields[index - 1].decimal.value
        }
        return nil
    }
}

/// Reads one option from a kernel `.config` text.
public enum KernelConfigParser {
    /// `true` for `CONFIG_X=y` or `=m`, `false` for `# CONFIG_X is not set` or when the option is absent.
    public static func isEnabled(_ option: String, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        let prefix = Array((option + "=").utf8)
        for line in LineSplitter(buffer).lines where line.count > prefix.count {
            if line.starts(with: prefix) {
                let value = line[(line.startIndex + prefix.count)...]
                return value.first == UInt8(ascii: "y") || value.first == UInt8(ascii: "m")
            }
        }
        return false
    }
}

/// Finds one option while a kernel config streams past in chunks, without holding the whole file.
public struct KernelConfigScanner {
    private let prefix: [UInt8]
    private var line: [UInt8] = []
    /// The answer once the option's line has been seen; `nil` until then.
    public private(set) var found: Bool?

    /// Creates a scanner for `option` (for example "CONFIG_VMAP_STACK").
    public init(option: String) {
        prefix = Array((option + "=").utf8)
    }

    /// Feeds the next chunk; returns `false` once the answer is known.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in chunk {
            if byte == ASCII.newline {
                if line.count > prefix.count, line.starts(with: prefix) {
                    let value = line[prefix.count]
                    found = value == UInt8(ascii: "y") || value == UInt8(ascii: "m")
                    return false
                }
                line.removeAll(keepingCapacity: true)
            } else if line.count <= prefix.count {
                line.append(byte)
            }
        }
        return true
    }
}

/// Parses the SMBIOS structure table (`/sys/firmware/dmi/tables/DMI`).
public enum DMIParser {
    /// Σ sizes of populated type 17 (Memory Device) structures in bytes, and how many there are.
    ///
    /// Size is the word at offset 0x0C: 0 = empty slot, 0xFFFF = unknown, bit 15 set = KiB units else
    /// MiB, 0x7FFF = see the dword "Extended Size" (MiB) at 0x1C.
    public static func memoryDevices(_ table: UnsafeBufferPointer<UInt8>, path: String) -> Parsed<
        (bytes: Int64, devices: Int)?
    > {
        var offset = 0
        var total: Int64 = 0
        var devices = 0
        var problems: [SourceProblem] = []
        var overflowed = false
        while offset + 4 <= table.count {
            let type = table[offset]
            let length = Int(table[offset + 1])
            guard length >= 4, offset + length <= table.count else {
                problems.append(
                    SourceProblem(
                        source: path,
                        field: "structure at offset \(offset)",
                        kind: .malformed,
                        message: "length \(length) runs past the end of the table"
                    )
                )
                break
            }
            if type == 17, length >= 0x0E {
                let size = Int64(table[offset + 0x0C]) | Int64(table[offset + 0x0D]) << 8
                var bytes: Int64?
                if size == 0x7FFF, length >= 0x20 {
                    var extended: Int64 = 0
                    for i in 0..<4 { extended |= Int64(table[offset + 0x1C + i]) << (8 * i) }
                    bytes = (extended & 0x7FFF_FFFF) << 20
                } else if size != 0 && size != 0xFFFF {
                    bytes = size & 0x8000 != 0 ? (size & 0x7FFF) << 10 : size << 20
                }
                // Each device is below 2^51 bytes; their sum must stay within the byte bound.
                if let bytes {
                    devices += 1
                    if let sum = Checked.add(total, bytes), Bound.bytes.contains(sum) {
                        total = sum
                    } else {
                        overflowed = true
                    }
                }
            }
            // Skip the formatted area, then the string set, which ends with two NUL bytes.
            var next = offset + length
            while next + 1 < table.count, !(table[next] == 0 && table[next + 1] == 0) { next += 1 }
            next += 2
            if type == 127 { break }
            offset = next
        }
        if overflowed {
            problems.append(
                SourceProblem.outOfRange(
                    source: path,
                    field: "Memory Device sizes",
                    value: "Σ of \(devices) memory devices",
                    bound: .bytes,
                    consequence: "the DMI size is left out"
                )
            )
            return Parsed(value: nil, problems: problems)
        }
        return Parsed(value: devices > 0 ? (total, devices) : nil, problems: problems)
    }
}

/// A problem for a file whose last line has no newline.
func cutLine(_ line: ByteSlice, path: String) -> SourceProblem {
    SourceProblem(
        source: path,
        field: "last line",
        kind: .malformed,
        message: "the file ends in the middle of a line (truncated?); \"\(clip(line.string))\" was ignored"
    )
}

/// Shortens text quoted in a message.
func clip(_ text: String, to limit: Int = 60) -> String {
    text.count <= limit ? text : String(text.prefix(limit)) + "…"
}

extension ParsedNumber {
    var isNumber: Bool { self != .invalid }
}

extension Slice where Base == UnsafeBufferPointer<UInt8> {
    /// Without a trailing comma ("0," → "0").
    var trimmingComma: ByteSlice {
        last == UInt8(ascii: ",") ? self[startIndex..<(endIndex - 1)] : self
    }

    /// Without surrounding parentheses and a trailing comma ("(0," → "0").
    var strippingParens: ByteSlice {
        var start = startIndex
        var end = endIndex
        while start < end, self[start] == UInt8(ascii: "(") { start += 1 }
        while end > start, self[end - 1] == UInt8(ascii: ")") || self[end - 1] == UInt8(ascii: ",") { end -= 1 }
        return self[start..<end]
    }

    /// Without trailing newlines and spaces.
    var trimmingNewlines: ByteSlice {
        var end = endIndex
        while end > startIndex, self[end - 1] == ASCII.newline || ASCII.isSpace(self[end - 1]) { end -= 1 }
        return self[startIndex..<end]
    }
}

extension String {
    /// `/proc/swaps` and `/proc/mounts` escape spaces in names as `\040`.
    var replacingEscapedSpaces: String {
        var out = ""
        var rest = self[...]
        while let range = rest.firstRange(of: "\\040") {
            out += rest[..<range.lowerBound] + " "
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
