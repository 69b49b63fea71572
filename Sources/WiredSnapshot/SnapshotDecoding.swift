import WiredCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decodes a snapshot's JSON as it is inflated: `{"formatVersion":N,"snapshot":{…},"processes":[…]}`, keys in
/// any order.
///
/// The process list, most of the bytes, is read record by record (``ProcessListJSON/read(_:budget:)``); the
/// rest (ledger inputs, owners, problems: tens of KiB) is copied out and handed to `JSONDecoder`, whose
/// error paths name the field. Only one chunk of the text is held at a time, so memory is the decoded
/// snapshot plus the copy of the rest, whatever the file's size.
enum SnapshotDecoding {
    /// Decodes the envelope from `json`; `version` is the header's format number.
    static func envelope(_ json: JSONStream, version: Int) throws -> Snapshot {
        var formatVersion: Int?
        var snapshot: Snapshot?
        var processes: [ProcessFacts]?
        var budget = SnapshotFile.decodedLimit
        try DecodePath.at("the top level") { try json.expect(UInt8(ascii: "{")) }
        if try !json.take(UInt8(ascii: "}")) {
            repeat {
                let key = try DecodePath.at("the top level") { try json.key() }
                switch key {
                case "formatVersion":
                    formatVersion = try DecodePath.at(key) { Int(exactly: try Scalar.int64(json)) }
                    // Refused at once: the rest may not be laid out as this reader expects.
                    if let formatVersion, formatVersion != version {
                        throw SnapshotDecoding.Mismatch(header: version, contents: formatVersion)
                    }
                case "snapshot": snapshot = try rest(json)
                case "processes":
                    processes = try DecodePath.at(key) {
                        try json.takeNull() ? nil : try ProcessListJSON.read(json, budget: &budget)
                    }
                default: try DecodePath.at(key) { try json.skipValue() }
                }
            } while try DecodePath.at("the top level") { try json.more(before: UInt8(ascii: "}")) }
        }
        // What follows must be nothing: reading to the end also checks every gzip member's CRC and length.
        if try DecodePath.at("the top level", { try json.peek() }) != nil {
            throw DecodePath.Failure(path: "the top level", message: "data after the end of the snapshot")
        }
        guard let formatVersion else {
            throw DecodePath.Failure(path: "the top level", message: "lacks \"formatVersion\"")
        }
        guard let snapshot else { throw DecodePath.Failure(path: "the top level", message: "lacks \"snapshot\"") }
        guard formatVersion == version else {
            throw SnapshotDecoding.Mismatch(header: version, contents: formatVersion)
        }
        return try attach(processes, to: snapshot)
    }

    /// The header's format and the contents' disagree.
    struct Mismatch: Error {
        var header: Int
        var contents: Int
    }

    /// Puts the process list, kept beside the snapshot in the file, back into it.
    static func attach(_ processes: [ProcessFacts]?, to snapshot: Snapshot) throws -> Snapshot {
        var snapshot = snapshot
        switch (snapshot.processes != nil, processes) {
        case (true, let processes?): snapshot.processes?.processes = processes
        case (false, nil): break
        case (true, nil): throw DecodePath.Failure(path: "", message: "the process list is missing")
        case (false, _?): throw DecodePath.Failure(path: "", message: "a process list without its scan")
        }
        return snapshot
    }

    /// The `"snapshot"` value: copied out (at most ``SnapshotFile/restLimit`` bytes) and decoded by
    /// `JSONDecoder` inside `{"snapshot":…}`, so its error paths start with "snapshot".
    static func rest(_ json: JSONStream) throws -> Snapshot {
        var copy = Array("{\"snapshot\":".utf8)
        try DecodePath.at("snapshot") { try json.copyValue(into: &copy, limit: SnapshotFile.restLimit) }
        copy.append(UInt8(ascii: "}"))
        return try JSONDecoder().decode(Part.self, from: Data(copy)).snapshot
    }

    private struct Part: Decodable {
        var snapshot: Snapshot
    }
}

/// Where in the JSON a failure happened: each level adds its key or index on the way out.
enum DecodePath {
    /// A failure at `path` ("processes[3].smaps.pss", or "" for the current level).
    struct Failure: Error {
        var path: String
        var message: String

        /// In words: "processes[3] lacks \"pid\"", "a number out of range for this field at processes[3].pid".
        var description: String {
            if message.hasPrefix("lacks ") { return "\(path.isEmpty ? "the top level" : path) \(message)" }
            return path.isEmpty ? message : "\(message) at \(path)"
        }
    }

    /// Runs `body`, adding `component` (a key, or "name[index]") in front of the path of any failure.
    static func at<T>(_ component: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as JSONStream.Failure {
            throw Failure(path: component, message: failure.message)
        } catch let failure as Failure {
            let path =
                failure.path.isEmpty
                ? component
                : component == "the top level"
                    ? failure.path
                    : failure.path.hasPrefix("[") ? component + failure.path : "\(component).\(failure.path)"
            throw Failure(path: path, message: failure.message)
        }
    }
}
