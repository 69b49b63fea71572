import WiredCore
import WiredJSON

/// The process list of a snapshot file, written by hand.
///
/// JSONEncoder took 8–10 ms for 1,000 processes, a tenth of a whole snapshot; this takes under 2 ms. The
/// keys and their omission rules are those of `ProcessFacts`' and `SmapsRollup`'s `Codable` conformances,
/// which read the file back: the snapshot tests decode what this writes and compare every field.
enum ProcessListJSON {
    /// `processes` as JSON array elements, comma-separated, without the brackets (so that slices can be
    /// written apart and joined with a comma).
    static func elements(_ processes: ArraySlice<ProcessFacts>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(processes.count * 640 + 2)
        var json = JSONWriter(pretty: false, flushThreshold: 1 << 20) { out += $0 }
        json.beginArray()
        for process in processes { write(process, to: &json) }
        json.endArray()
        json.finish()
        // Drop "[", and "]" with finish()'s newline.
        return Array(out.dropFirst().dropLast(2))
    }

    static func write(_ process: ProcessFacts, to json: inout JSONWriter) {
        json.beginObject()
        json.field("pid", Int64(process.pid))
        json.field("parentPID", Int64(process.parentPID))
        json.field("threads", Int64(process.threads))
        if let uid = process.uid { json.field("uid", Int64(uid)) }
        json.key("startTime")
        json.value(process.startTime)
        json.field("kind", process.kind.rawValue)
        json.field("state", process.state)
        json.field("name", process.name)
        if !process.command.isEmpty { json.field("command", process.command) }
        for size in StatusSize.allCases { optional(size.key, process.sizes[size], &json) }
        if let smaps = process.smaps {
            json.key("smaps")
            json.beginObject()
            for field in SmapsField.allCases { optional(field.key, smaps[field], &json) }
            json.endObject()
        }
        optional("pssAgeMs", process.pssAgeMilliseconds, &json)
        if let denial = process.denial { json.field("denial", denial) }
        if let cgroup = process.cgroup { json.field("cgroup", cgroup) }
        if let unit = process.unit { json.field("unit", unit) }
        json.endObject()
    }

    /// Writes `name: value` only when there is a value, as `encodeIfPresent` does.
    private static func optional(_ name: String, _ value: Int64?, _ json: inout JSONWriter) {
        if let value { json.field(name, value) }
    }
}

extension ProcessListJSON {
    /// Reads the elements of a `"processes"` array as ``elements(_:)`` writes them (the `[` is next), one
    /// at a time from `json`, with the rules of `ProcessFacts`' `Codable` conformance: the same required keys,
    /// `null` or absence for the optional ones, unknown keys ignored.
    ///
    /// `budget` is the memory the records may take (each record's size and its out-of-line strings are
    /// taken from it), so a file of tiny records cannot make more memory than the cap on its inflated size.
    static func read(_ json: JSONStream, budget: inout Int) throws -> [ProcessFacts] {
        try json.expect(UInt8(ascii: "["))
        var processes: [ProcessFacts] = []
        guard try !json.take(UInt8(ascii: "]")) else { return processes }
        repeat {
            let process = try DecodePath.at("[\(processes.count)]") { try read(json) }
            budget -= footprint(process)
            if budget < 0 {
                throw DecodePath.Failure(
                    path: "",
                    message: "more processes than fit in \(SnapshotFile.describe(bytes: SnapshotFile.decodedLimit))"
                )
            }
            processes.append(process)
        } while try json.more(before: UInt8(ascii: "]"))
        return processes
    }

    /// About the memory one decoded record takes: the record, its rollup's values (an array: its header and
    /// one `Int64` a field) and strings too long to be stored inline.
    static func footprint(_ process: ProcessFacts) -> Int {
        func outOfLine(_ text: String?) -> Int {
            guard let count = text?.utf8.count, count > 15 else { return 0 }
            return count + 32
        }
        let rare = process.denial != nil || process.cgroup != nil || process.unit != nil ? 64 : 0
        let rollup = process.smaps == nil ? 0 : 32 + 8 * SmapsField.allCases.count
        return MemoryLayout<ProcessFacts>.stride + rare + rollup + outOfLine(process.name) + outOfLine(process.command)
            + outOfLine(process.denial) + outOfLine(process.cgroup) + outOfLine(process.unit)
    }

    /// One process object.
    private static func read(_ json: JSONStream) throws -> ProcessFacts {
        var fields = ProcessFields()
        try json.expect(UInt8(ascii: "{"))
        if try !json.take(UInt8(ascii: "}")) {
            repeat {
                let key = try json.key()
                try DecodePath.at(key) { try fields.read(key, from: json) }
            } while try json.more(before: UInt8(ascii: "}"))
        }
        return try fields.process()
    }
}

/// The fields of one process object as they are read, in any order.
private struct ProcessFields {
    var pid: Int32?
    var parentPID: Int32?
    var threads: Int32?
    var uid: UInt32?
    var startTime: UInt64?
    var kind: ProcessFacts.Kind?
    var state: String?
    var name: String?
    var command: String?
    var sizes = StatusSizes()
    var smaps: SmapsRollup?
    var pssAgeMs: Int64?
    var denial: String?
    var cgroup: String?
    var unit: String?

    mutating func read(_ key: String, from json: JSONStream) throws {
        let text = SnapshotFile.stringLimit
        switch key {
        case "pid": pid = try Scalar.optional(json) { try Scalar.int32(json) }
        case "parentPID": parentPID = try Scalar.optional(json) { try Scalar.int32(json) }
        case "threads": threads = try Scalar.optional(json) { try Scalar.int32(json) }
        case "uid": uid = try Scalar.optional(json) { try Scalar.uint32(json) }
        case "startTime": startTime = try Scalar.optional(json) { try Scalar.uint64(json) }
        case "kind":
            kind = try Scalar.optional(json) {
                guard let kind = ProcessFacts.Kind(rawValue: try json.string(limit: 64)) else {
                    throw JSONStream.Failure(message: "unexpected value (not a process kind)")
                }
                return kind
            }
        case "state": state = try Scalar.optional(json) { try json.string(limit: 64) }
        case "name": name = try Scalar.optional(json) { try json.string(limit: text) }
        case "command": command = try Scalar.optional(json) { try json.string(limit: text) }
        case "smaps": smaps = try Scalar.optional(json) { try Self.rollup(json) }
        case "pssAgeMs": pssAgeMs = try Scalar.optional(json) { try Scalar.int64(json) }
        case "denial": denial = try Scalar.optional(json) { try json.string(limit: text) }
        case "cgroup": cgroup = try Scalar.optional(json) { try json.string(limit: text) }
        case "unit": unit = try Scalar.optional(json) { try json.string(limit: text) }
        default:
            if let index = StatusSize.keys.firstIndex(of: key), let size = StatusSize(rawValue: index) {
                sizes[size] = try Scalar.optional(json) { try Scalar.int64(json) }
            } else {
                try json.skipValue()
            }
        }
    }

    /// The record, once every required key was seen.
    func process() throws -> ProcessFacts {
        func required<T>(_ value: T?, _ key: String) throws -> T {
            guard let value else { throw DecodePath.Failure(path: "", message: "lacks \"\(key)\"") }
            return value
        }
        var process = ProcessFacts(
            pid: try required(pid, "pid"),
            startTime: try required(startTime, "startTime"),
            name: try required(name, "name"),
            state: try required(state, "state"),
            kind: try required(kind, "kind"),
            threads: try required(threads, "threads")
        )
        process.parentPID = parentPID ?? 0
        process.uid = uid
        process.command = command ?? ""
        process.sizes = sizes
        process.smaps = smaps
        process.pssAgeMilliseconds = pssAgeMs
        process.denial = denial
        process.cgroup = cgroup
        process.unit = unit
        return process
    }

    /// A `"smaps"` object (`SmapsRollup`'s `Codable`: every key of a field that is not optional is required).
    static func rollup(_ json: JSONStream) throws -> SmapsRollup {
        var values = [Int64?](repeating: nil, count: SmapsField.allCases.count)
        try json.expect(UInt8(ascii: "{"))
        if try !json.take(UInt8(ascii: "}")) {
            repeat {
                let key = try json.key()
                try DecodePath.at(key) {
                    if let index = SmapsField.keys.firstIndex(of: key) {
                        values[index] = try Scalar.optional(json) { try Scalar.int64(json) }
                    } else {
                        try json.skipValue()
                    }
                }
            } while try json.more(before: UInt8(ascii: "}"))
        }
        var rollup = SmapsRollup()
        for field in SmapsField.allCases {
            let value = values[field.rawValue]
            if value == nil && !field.isOptional {
                throw DecodePath.Failure(path: "", message: "lacks \"\(field.key)\"")
            }
            rollup[field] = value
        }
        return rollup
    }
}

/// Numbers of a fixed width, and `null`.
enum Scalar {
    /// `nil` for `null`, else what `body` reads.
    static func optional<T>(_ json: JSONStream, _ body: () throws -> T) throws -> T? {
        try json.takeNull() ? nil : try body()
    }

    static func int64(_ json: JSONStream) throws -> Int64 {
        let (negative, magnitude) = try json.integer()
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw outOfRange }
            return magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)
        }
        guard let value = Int64(exactly: magnitude) else { throw outOfRange }
        return value
    }

    static func uint64(_ json: JSONStream) throws -> UInt64 {
        let (negative, magnitude) = try json.integer()
        guard !negative || magnitude == 0 else { throw outOfRange }
        return magnitude
    }

    static func int32(_ json: JSONStream) throws -> Int32 {
        guard let value = Int32(exactly: try int64(json)) else { throw outOfRange }
        return value
    }

    static func uint32(_ json: JSONStream) throws -> UInt32 {
        guard let value = UInt32(exactly: try uint64(json)) else { throw outOfRange }
        return value
    }

    private static var outOfRange: JSONStream.Failure {
        JSONStream.Failure(message: "a number out of range for this field")
    }
}
