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
    /// Largest decompressed snapshot accepted: inflating stops there.
    ///
    /// A 5,000-process snapshot is about 2.4 MiB of JSON, so this holds 500,000 processes; inflating that far
    /// costs zlib 1.5 s on this project's machine under load (BENCHMARKS.md): the price of refusing a bomb.
    static let decompressedLimit = 256 << 20
    /// Most memory the decoded process records may take (tiny records decode to more than their JSON).
    static let decodedLimit = 256 << 20
    /// Largest string in a process record (a command line: `/proc/PID/cmdline` is read up to 4 MiB).
    static let stringLimit = 4 << 20
    /// Largest `"snapshot"` part, everything but the process list (tens of KiB in practice).
    static let restLimit = 32 << 20
    /// Largest file accepted as stored: gzip makes data at most a little larger than it was.
    static let fileLimit = decompressedLimit + (1 << 20)

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
        // A short list (a history store's samples have none) is not worth a second thread.
        let threads = processes.count < 256 ? 1 : 2
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            for index in stride(from: worker, to: 2, by: threads) {
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

    /// Reads the JSON ``json(_:)`` made (without header or gzip: a history store keeps it so); `name` names it
    /// in errors.
    public static func decode(json bytes: [UInt8], name: String) throws -> Snapshot {
        var offset = 0
        let stream = JSONStream { buffer in
            let count = min(buffer.count, bytes.count - offset)
            bytes.withUnsafeBytes { raw in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + count)]))
            }
            offset += count
            return count
        }
        do {
            return try SnapshotDecoding.envelope(stream, version: formatVersion)
        } catch let failure as DecodePath.Failure {
            throw SnapshotFileError(path: name, problem: "damaged: \(failure.description)")
        } catch let failure as JSONStream.Failure {
            throw SnapshotFileError(path: name, problem: "damaged: \(failure.message)")
        } catch let error as DecodingError {
            throw SnapshotFileError(path: name, problem: "damaged: \(describe(error))")
        }
    }

    /// Reads a snapshot from `bytes`; `path` names the file in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws -> Snapshot {
        var offset = 0
        return try decode(path: path) { buffer in
            let count = min(buffer.count, bytes.count - offset)
            bytes.withUnsafeBytes { raw in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + count)]))
            }
            offset += count
            return count
        }
    }

    /// Reads a snapshot from what `read` supplies (it fills the buffer it is given and returns the count, 0 at
    /// the end), inflating and decoding as it goes: the file's text is never held whole.
    static func decode(
        path: String,
        reading read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int
    ) throws -> Snapshot {
        let (version, after) = try header(path: path, read)
        var pending = after[...]
        let source: (UnsafeMutableRawBufferPointer) throws -> Int = { buffer in
            guard !pending.isEmpty else { return try read(buffer) }
            let count = min(buffer.count, pending.count)
            pending.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            pending = pending.dropFirst(count)
            return count
        }
        do {
            let inflater = try Gzip.Inflater(limit: decompressedLimit, reading: source)
            return try SnapshotDecoding.envelope(JSONStream { try inflater.read(into: $0) }, version: version)
        } catch let failure as Gzip.Failure where failure.exceededLimit {
            throw SnapshotFileError(
                path: path,
                problem:
                    "inflates to more than \(describe(bytes: decompressedLimit)): not read (5,000 processes take about 2.4 MiB)"
            )
        } catch let failure as Gzip.Failure {
            throw SnapshotFileError(path: path, problem: "damaged: \(failure.message)")
        } catch let failure as DecodePath.Failure {
            throw SnapshotFileError(path: path, problem: "damaged: \(failure.description)")
        } catch let failure as JSONStream.Failure {
            throw SnapshotFileError(path: path, problem: "damaged: \(failure.message)")
        } catch let error as DecodingError {
            throw SnapshotFileError(path: path, problem: "damaged: \(describe(error))")
        } catch let mismatch as SnapshotDecoding.Mismatch {
            throw SnapshotFileError(
                path: path,
                problem: "the header says format \(mismatch.header) but the contents say \(mismatch.contents)"
            )
        }
    }

    /// The header line's format number, and the bytes read after it.
    private static func header(
        path: String,
        _ read: (UnsafeMutableRawBufferPointer) throws -> Int
    ) throws -> (Int, [UInt8]) {
        var head = [UInt8](repeating: 0, count: 64)
        var count = 0
        while count < head.count, !head[0..<count].contains(10) {
            let got = try head.withUnsafeMutableBytes {
                try read(UnsafeMutableRawBufferPointer(rebasing: $0[count...]))
            }
            if got == 0 { break }
            count += got
        }
        guard let newline = head[0..<count].firstIndex(of: 10) else {
            throw SnapshotFileError(
                path: path,
                problem: count == 0 ? "the file is empty" : "not a wired snapshot (no header line)"
            )
        }
        let header = String(decoding: head[..<newline], as: UTF8.self)
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
        return (version, Array(head[(newline + 1)..<count]))
    }

    /// True when `path` is a file that starts like a snapshot; false for a directory or any other file;
    /// `nil` when nothing can be opened there, or it is not a regular file (``read(_:)`` says why).
    public static func isSnapshot(_ path: String) -> Bool? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        if (info.st_mode & S_IFMT) == S_IFDIR { return false }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var head = [UInt8](repeating: 0, count: magic.utf8.count)
        let got = head.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
        return got == head.count && head == Array(magic.utf8)
    }

    /// Reads the snapshot file at `path`: a regular file of at most ``fileLimit`` bytes, inflated and decoded
    /// as it is read.
    public static func read(_ path: String) throws -> Snapshot {
        // O_NONBLOCK: a FIFO put where the file was expected cannot block the open.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            throw SnapshotFileError(path: path, problem: String(cString: strerror(errno)).lowercased())
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw SnapshotFileError(path: path, problem: "cannot read: \(String(cString: strerror(errno)))")
        }
        if let kind = FileType.irregular(info.st_mode) {
            throw SnapshotFileError(path: path, problem: "\(kind), not a snapshot file: not read")
        }
        if info.st_size > fileLimit {
            throw SnapshotFileError(path: path, problem: "larger than \(describe(bytes: fileLimit)): not a snapshot")
        }
        return try decode(path: path) { buffer in
            while true {
                let got = systemRead(fd, buffer.baseAddress, buffer.count)
                if got >= 0 { return got }
                if errno != EINTR {
                    throw SnapshotFileError(path: path, problem: "cannot read: \(String(cString: strerror(errno)))")
                }
            }
        }
    }

    /// A size in words ("512 MiB", "4 MiB", "300 KiB").
    static func describe(bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
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
#elseif canImport(Darwin)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    Darwin.read(fd, buffer, count)
}
#endif
