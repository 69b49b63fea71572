import Dispatch
import Synchronization
import WiredCompression
public import WiredCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `.wired` snapshot file: one self-contained, compressed reading of a machine.
///
/// Layout: a header line `wired snapshot format N` (readable before anything else, so a newer format is
/// refused by name), then gzip of the ``Snapshot`` as JSON (two gzip members, which decompress as one). gzip's CRC-32 and length trailer catch a file
/// that was cut short or damaged; JSON decoding names the field that does not fit.
public enum SnapshotFile {
    /// The format this build writes and the newest it reads.
    public static let formatVersion = 1
    /// The first bytes of every snapshot file.
    static let magic = "wired snapshot format "
    /// Largest decompressed snapshot accepted (a hostile file cannot exhaust memory).
    static let decompressedLimit = 512 << 20

    /// The snapshot as JSON, as the file holds it (for `wired snapshot --json`):
    /// `{"formatVersion":1,"snapshot":{…},"processes":[…]}`.
    ///
    /// The process list, most of the bytes, sits beside the snapshot rather than inside it: it is written
    /// by ``ProcessListJSON`` (JSONEncoder takes 8–10 ms for 1,000 processes) and read back by the
    /// `Codable` conformance of ``ProcessFacts``.
    public static func json(_ snapshot: Snapshot) throws -> [UInt8] {
        let (head, tail) = try jsonHalves(snapshot)
        return head + tail
    }

    /// The JSON in two pieces of about equal size, each half of the process list, so both can be made and
    /// compressed at once.
    static func jsonHalves(_ snapshot: Snapshot) throws -> ([UInt8], [UInt8]) {
        let rest = {
            var rest = snapshot
            rest.processes?.processes = []
            return rest
        }()
        let processes = snapshot.processes?.processes ?? []
        let middle = processes.count / 2
        // Concurrently: the first half's head (JSONEncoder for the rest) and the second half.
        let pieces = Mutex<[Int: Result<[UInt8], any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let piece = Result { () throws -> [UInt8] in
                if index == 0 {
                    var head = Array("{\"formatVersion\":\(formatVersion),\"snapshot\":".utf8)
                    // Sorted keys: the same reading gives the same bytes (the encoder's own order is a
                    // hash order, which changes from run to run).
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = .sortedKeys
                    head += try encoder.encode(rest)
                    guard snapshot.processes != nil else { return head + [UInt8(ascii: "}")] }
                    head += Array(",\"processes\":[".utf8)
                    head += ProcessListJSON.elements(processes[..<middle])
                    return head
                }
                guard snapshot.processes != nil else { return [] }
                var tail: [UInt8] = middle > 0 && middle < processes.count ? [UInt8(ascii: ",")] : []
                tail += ProcessListJSON.elements(processes[middle...])
                return tail + Array("]}".utf8)
            }
            pieces.withLock { $0[index] = piece }
        }
        let done = pieces.withLock { $0 }
        return (try done[0]?.get() ?? [], try done[1]?.get() ?? [])
    }

    /// The file's bytes for `snapshot`: the header line, then the JSON as two gzip members (one per half,
    /// compressed at once; gzip readers join members).
    ///
    /// Level 3: 1.7 ms for 640 KiB of JSON (1,000 processes) where level 6 takes 3.9 ms, for a file 12%
    /// larger.
    public static func encode(_ snapshot: Snapshot) throws -> [UInt8] {
        let (head, tail) = try jsonHalves(snapshot)
        let members = Mutex<[Int: Result<[UInt8], any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: tail.isEmpty ? 1 : 2) { index in
            let member = Result { try Gzip.compress(index == 0 ? head : tail, level: 3) }
            members.withLock { $0[index] = member }
        }
        let done = members.withLock { $0 }
        var out = Array((magic + "\(formatVersion)\n").utf8)
        out += try done[0]?.get() ?? []
        if !tail.isEmpty { out += try done[1]?.get() ?? [] }
        return out
    }

    /// Reads a snapshot from `bytes`; `path` names the file in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws -> Snapshot {
        guard let newline = bytes.prefix(64).firstIndex(of: 10) else {
            throw SnapshotFileError(
                path: path,
                problem: bytes.isEmpty ? "the file is empty" : "not a wired snapshot (no header line)"
            )
        }
        let header = String(decoding: bytes[..<newline], as: UTF8.self)
        guard header.hasPrefix(magic) else {
            throw SnapshotFileError(
                path: path,
                problem: "not a wired snapshot (it starts with \"\(header.prefix(24))\")"
            )
        }
        guard let version = Int(header.dropFirst(magic.count)), version > 0 else {
            throw SnapshotFileError(path: path, problem: "the header \"\(header)\" has no valid format number")
        }
        guard version <= formatVersion else {
            throw SnapshotFileError(
                path: path,
                problem:
                    "written in snapshot format \(version); this wired (\(WiredVersion.current)) reads formats up to \(formatVersion): use a newer wired"
            )
        }
        let json: [UInt8]
        do {
            json = try Gzip.decompress(Array(bytes[(newline + 1)...]), limit: decompressedLimit)
        } catch let failure as Gzip.Failure {
            throw SnapshotFileError(path: path, problem: "damaged: \(failure.message)")
        }
        do {
            let envelope = try JSONDecoder().decode(Envelope.self, from: Data(json))
            guard envelope.formatVersion == version else {
                throw SnapshotFileError(
                    path: path,
                    problem: "the header says format \(version) but the contents say \(envelope.formatVersion)"
                )
            }
            var snapshot = envelope.snapshot
            switch (snapshot.processes != nil, envelope.processes) {
            case (true, let processes?): snapshot.processes?.processes = processes
            case (false, nil): break
            case (true, nil): throw SnapshotFileError(path: path, problem: "damaged: the process list is missing")
            case (false, _?): throw SnapshotFileError(path: path, problem: "damaged: a process list without its scan")
            }
            // Redacted again: a file from an older wired, or another tool, may hold what redaction now hides.
            CommandLineRedactor.redactCommands(in: &snapshot.processes)
            return snapshot
        } catch let error as DecodingError {
            throw SnapshotFileError(path: path, problem: "damaged: \(describe(error))")
        }
    }

    /// True when `path` is a file that starts like a snapshot; false for a directory or any other file;
    /// `nil` when nothing can be opened there.
    public static func isSnapshot(_ path: String) -> Bool? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        if (info.st_mode & S_IFMT) == S_IFDIR { return false }
        var head = [UInt8](repeating: 0, count: magic.utf8.count)
        let got = head.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
        return got == head.count && head == Array(magic.utf8)
    }

    /// Reads the snapshot file at `path`.
    public static func read(_ path: String) throws -> Snapshot {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw SnapshotFileError(path: path, problem: String(cString: strerror(errno)).lowercased())
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw SnapshotFileError(path: path, problem: "cannot read: \(String(cString: strerror(errno)))")
            }
            if got == 0 { break }
            bytes += chunk[0..<got]
            if bytes.count > decompressedLimit {
                throw SnapshotFileError(
                    path: path,
                    problem: "larger than \(decompressedLimit >> 20) MiB: not a snapshot"
                )
            }
        }
        return try decode(bytes, path: path)
    }

    /// Writes `snapshot` to `path` and returns the size written; an existing file is replaced only with `force`.
    ///
    /// The bytes go to a temporary file in the same folder first, which is then linked into place, so a reader
    /// never sees half a snapshot and a crash leaves no partial file under the final name.
    @discardableResult
    public static func write(_ snapshot: Snapshot, to path: String, force: Bool) throws -> Int {
        let bytes = try encode(snapshot)
        let temporary = path + ".partial-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw SnapshotFileError(path: path, problem: "cannot create: \(String(cString: strerror(errno)))")
        }
        var failure: String?
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = systemWrite(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        defer { unlink(temporary) }
        if let failure {
            throw SnapshotFileError(path: path, problem: "cannot write: \(failure)")
        }
        if force {
            guard rename(temporary, path) == 0 else {
                throw SnapshotFileError(path: path, problem: "cannot write: \(String(cString: strerror(errno)))")
            }
        } else if link(temporary, path) != 0 {
            let reason =
                errno == EEXIST
                ? "already exists (use --force to replace it)" : "cannot write: \(String(cString: strerror(errno)))"
            throw SnapshotFileError(path: path, problem: reason)
        }
        return bytes.count
    }

    /// The default file name: host and time of the reading.
    public static func defaultName(for snapshot: Snapshot) -> String {
        let host = snapshot.meta.hostname.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" }
        return "wired-\(String(host))-\(snapshot.meta.takenAt.compact).wired"
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }
                .joined()
            return keys.isEmpty ? "the top level" : String(keys.drop { $0 == "." })
        }
        switch error {
        case .dataCorrupted(let context): return "invalid JSON at \(path(context))"
        case .keyNotFound(let key, let context): return "\(path(context)) lacks \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "unexpected value at \(path(context))"
        @unknown default: return "\(error)"
        }
    }

    /// What the JSON holds; written by ``json(_:)``, read by JSONDecoder.
    struct Envelope: Decodable {
        var formatVersion: Int
        var snapshot: Snapshot
        /// The processes of `snapshot.processes`, whose own list is empty in the file.
        var processes: [ProcessFacts]?
    }
}

/// A snapshot file that could not be read or written: it names the file and what is wrong.
public struct SnapshotFileError: Error, CustomStringConvertible, Sendable {
    /// The file.
    public var path: String
    /// What is wrong with it.
    public var problem: String

    public var description: String { "\(path): \(problem)" }
}

#if canImport(Glibc)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    Glibc.read(fd, buffer, count)
}
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    Glibc.write(fd, buffer, count)
}
#elseif canImport(Darwin)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    Darwin.read(fd, buffer, count)
}
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    Darwin.write(fd, buffer, count)
}
#endif
