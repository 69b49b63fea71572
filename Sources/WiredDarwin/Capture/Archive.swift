import WiredCompression
import WiredCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a capture file that is a `.tar`, a `.tar.gz` or a gzip of one output, with bounded work.
///
/// - A plain `.tar` is seekable: an entry over ``MacCapture/fileLimit`` (a log, a spindump) is jumped over with
///   `lseek`, never read, so skipping a 4 GiB entry costs one system call.
/// - A `.tar.gz` cannot be skipped through without inflating it (deflate has no index), so the total inflated
///   is capped at ``inflateBudget(compressed:)``: 256 MiB plus 32 times the file's size. Real archives inflate
///   to a few times their size (a sysdiagnose's logs are compressed already), so they are read whole; a bomb
///   (a 4 MiB file holding a 4 GiB entry of zeros) stops after about 384 MiB, 0.3 s, instead of inflating it
///   all (8.8 s), with a problem naming the entry it stopped in. The work stays linear in the file's size.
/// - A gzip of one output is inflated up to ``MacCapture/fileLimit``; more is an error, not a truncation.
struct ArchiveReading {
    /// The capture file.
    let path: String
    /// Files of the archive handed over so far.
    private(set) var files = 0
    private var reader: TarReader
    private let found = FoundEntries()
    /// The first bytes, until they tell a tar from a single output; then the whole output if not a tar.
    private var plain: [UInt8] = []
    private var isTar: Bool?

    /// Entries found by the tar reader and not yet handed over.
    private final class FoundEntries {
        var entries: [TarReader.Entry] = []
    }

    /// Most bytes inflated from a `.tar.gz` of `compressed` bytes: 256 MiB + 32× its size.
    static func inflateBudget(compressed: Int64) -> Int {
        let (scaled, overflow) = max(0, compressed).multipliedReportingOverflow(by: 32)
        return overflow ? Int.max : Int(min(scaled, Int64(Int.max - (256 << 20)))) + (256 << 20)
    }

    init(path: String, isTar: Bool) {
        self.path = path
        self.isTar = isTar ? true : nil
        let found = found
        reader = TarReader(sizeLimit: MacCapture.fileLimit) { found.entries.append($0) }
    }

    /// Reads the archive open as `fd`, of `size` bytes, `gzip` compressed or not; decodes what it holds into
    /// `assembler` and returns how many files were looked at.
    mutating func read(
        _ fd: Int32,
        size: Int64,
        mtime: Int64,
        gzip: Bool,
        into assembler: inout CaptureAssembler
    ) throws -> Int {
        do {
            if gzip {
                try readCompressed(fd, size: size, into: &assembler)
            } else {
                try readPlain(fd, size: size, into: &assembler)
            }
        } catch let failure as Gzip.Failure {
            throw CaptureError(path: path, message: "damaged: \(failure.message)")
        } catch let failure as TarReader.Failure {
            throw CaptureError(path: path, message: "damaged: \(failure.message)")
        }
        return finish(into: &assembler, mtime: mtime)
    }

    private mutating func readCompressed(_ fd: Int32, size: Int64, into assembler: inout CaptureAssembler) throws {
        let budget = Self.inflateBudget(compressed: size)
        do {
            try Gzip.decompress(reading: { try CaptureFiles.readSome(fd, into: $0) }, limit: budget) {
                try take($0, into: &assembler)
            }
        } catch let failure as Gzip.Failure where failure.exceededLimit && isTar == true {
            let problem = stopped(budget: budget, size: size)
            guard !assembler.recognised.isEmpty else {
                throw CaptureError(
                    path: path,
                    message: problem.message + "; no macOS memory output was found before it"
                )
            }
            assembler.problems.append(problem)
        }
    }

    private mutating func readPlain(_ fd: Int32, size: Int64, into assembler: inout CaptureAssembler) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let got = try CaptureFiles.readSome(fd, into: buffer)
            if got == 0 { break }
            if try !take(UnsafeBufferPointer(rebasing: buffer.bindMemory(to: UInt8.self)[0..<got]), into: &assembler) {
                break
            }
            let skip = reader.skippable
            guard skip > 0 else { continue }
            // Jump over an entry that is not kept; past the end of a cut archive, read on to find the cut.
            let here = lseek(fd, 0, SEEK_CUR)
            if here >= 0, Int64(here) + skip <= size, lseek(fd, off_t(skip), SEEK_CUR) >= 0 {
                reader.skip(skip)
            } else {
                _ = lseek(fd, 0, SEEK_END)
            }
        }
    }

    /// The problem of a `.tar.gz` that inflated past its budget.
    private func stopped(budget: Int, size: Int64) -> SourceProblem {
        let place =
            reader.current.map {
                "inside \($0.path) (\(Self.size($0.size))\($0.size > MacCapture.fileLimit ? ", too large to be an output" : ""))"
            } ?? "between entries"
        return SourceProblem(
            source: path,
            field: reader.current?.path,
            kind: .outOfRange,
            message:
                "stopped after inflating \(Self.size(Int64(budget))) (256 MiB + 32× the archive's \(Self.size(size))) \(place): the entries after it were not read"
        )
    }

    /// Takes the next bytes of the archive; false once nothing more is wanted.
    private mutating func take(_ chunk: UnsafeBufferPointer<UInt8>, into assembler: inout CaptureAssembler) throws
        -> Bool
    {
        switch isTar {
        case nil:
            // The first decompressed bytes tell a tar.gz from a gzip of a single output.
            plain += chunk
            guard plain.count >= 512 else { return true }
            isTar = TarReader.cString(plain[257..<262]) == "ustar"
            if isTar == true {
                try plain.withUnsafeBufferPointer { try reader.feed($0) }
                plain = []
                handOver(into: &assembler)
            }
            return try checkPlain()
        case true?:
            try reader.feed(chunk)
            handOver(into: &assembler)
            return !reader.finished
        case false?:
            plain += chunk
            return try checkPlain()
        }
    }

    /// A single output may not inflate past the limit (an error, never a truncated output).
    private func checkPlain() throws -> Bool {
        if plain.count > MacCapture.fileLimit {
            throw CaptureError(
                path: path,
                message: "inflates to more than \(MacCapture.fileLimit >> 20) MiB: not a memory output"
            )
        }
        return true
    }

    private mutating func handOver(into assembler: inout CaptureAssembler) {
        for entry in found.entries {
            files += 1
            assembler.add(entry.contents, path: entry.path, mtime: entry.mtime)
        }
        found.entries.removeAll()
    }

    /// The files left, and a problem if the archive was cut short; a single output is decoded here.
    private mutating func finish(into assembler: inout CaptureAssembler, mtime: Int64) -> Int {
        guard isTar == true else {
            assembler.add(plain, path: MacCapture.lastComponent(path), mtime: mtime)
            return 1
        }
        handOver(into: &assembler)
        if !reader.endedCleanly, !assembler.problems.contains(where: { $0.source == path }) {
            assembler.problems.append(
                SourceProblem(
                    source: path,
                    kind: .malformed,
                    message: "the archive ends in the middle of a file (cut short?): the files before it were read"
                )
            )
        }
        return files
    }

    private static func size(_ bytes: Int64) -> String {
        if bytes >= 1 << 30 { return "\((Double(bytes) / Double(1 << 30) * 10).rounded() / 10) GiB" }
        if bytes >= 1 << 20 { return "\((Double(bytes) / Double(1 << 20) * 10).rounded() / 10) MiB" }
        return "\(bytes) bytes"
    }
}
