import Foundation
import Testing
import WiredCompression
import WiredCore
import WiredTestSupport

@testable import WiredDarwin

#if canImport(Glibc)
import Glibc
#endif

/// Captures with entries too large to be outputs, bombs and cut archives: bounded work, and problems that
/// name the entry.
@Suite("Captures: bounded work")
struct CaptureBoundsTests {
    static let vmStat = Fixtures.darwin("handmade-m2-after/vm_stat.txt")

    /// A ustar header for an entry `name` of `size` bytes and type `type` ("0": a regular file).
    static func header(_ name: String, size: Int64, type: Character = "0") -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int) {
            for (index, byte) in text.utf8.enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int64, _ digits: Int) -> String {
            let text = String(value, radix: 8)
            return String(repeating: "0", count: max(0, digits - text.count)) + text
        }
        put(name, at: 0)
        put("0000644", at: 100)
        put(octal(size, 11), at: 124)
        put(octal(0, 11), at: 136)
        block[156] = type.asciiValue ?? 0
        put("ustar", at: 257)
        put("00", at: 263)
        // The checksum counts its own field as spaces.
        put("        ", at: 148)
        put(octal(Int64(block.reduce(0) { $0 + Int($1) }), 6), at: 148)
        block[154] = 0
        return block
    }

    /// `file`'s bytes as a tar entry: header, data, padding to 512.
    static func entry(_ name: String, _ data: [UInt8]) -> [UInt8] {
        header(name, size: Int64(data.count)) + data + [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
    }

    static func vmStatBytes() throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: vmStat)))
    }

    @Test("A plain tar: a 4 GiB entry (a hole on disk) is jumped over, the vm_stat after it is read")
    func seekOverEntry() throws {
        let work = try TemporaryTree()
        let path = work.path + "/capture.tar"
        let huge: Int64 = 4 << 30
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        let first = Self.header("sysdiagnose/logs/huge.log", size: huge)
        let rest = Self.entry("sysdiagnose/vm_stat.txt", try Self.vmStatBytes()) + [UInt8](repeating: 0, count: 1024)
        _ = first.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        _ = lseek(fd, off_t(huge), SEEK_CUR)
        _ = rest.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let snapshot = try MacCapture.read(path, toolVersion: "test")
        #expect(snapshot.darwin?.files.map(\.path) == ["sysdiagnose/vm_stat.txt"])
        #expect(snapshot.darwin?.vm?.pageSize == 16384)
        #expect(snapshot.problems.isEmpty)
    }

    @Test("A tar cut inside a skipped entry is named as cut, not read past its end")
    func cutPlainTar() throws {
        let work = try TemporaryTree()
        let archive =
            Self.entry("vm_stat.txt", try Self.vmStatBytes()) + Self.header("big.log", size: 64 << 20)
            + [UInt8](repeating: 1, count: 4096)
        try work.write("cut.tar", archive)
        let snapshot = try MacCapture.read(work.path + "/cut.tar", toolVersion: "test")
        #expect(snapshot.darwin?.files.map(\.path) == ["vm_stat.txt"])
        #expect(
            snapshot.problems.map(\.message) == [
                "the archive ends in the middle of a file (cut short?): the files before it were read"
            ]
        )
    }

    /// A `.tar.gz` holding `before`, then a `gib` GiB entry of zeros, then vm_stat, as gzip members.
    static func bomb(gib: Int, before: [UInt8] = []) throws -> [UInt8] {
        let zeros = try Gzip.compress([UInt8](repeating: 0, count: 64 << 20), level: 9)
        let tail = entry("sysdiagnose/vm_stat.txt", try vmStatBytes()) + [UInt8](repeating: 0, count: 1024)
        return try Gzip.compress(before + header("sysdiagnose/logs/huge.log", size: Int64(gib) << 30))
            + Array([[UInt8]](repeating: zeros, count: gib * 16).joined()) + (try Gzip.compress(tail))
    }

    @Test("A .tar.gz whose 1 GiB entry inflates past the budget: reading stops inside it, naming it")
    func inflateBudget() throws {
        let work = try TemporaryTree()
        let bomb = try Self.bomb(gib: 1)
        try work.write("bomb.tar.gz", bomb)
        let budget = ArchiveReading.inflateBudget(compressed: Int64(bomb.count))
        #expect(budget == (256 << 20) + 32 * bomb.count)
        #expect(budget < 1 << 30)
        do {
            _ = try MacCapture.read(work.path + "/bomb.tar.gz", toolVersion: "test")
            Issue.record("a capture with nothing read before the stop was accepted")
        } catch let error as CaptureError {
            #expect(error.message.hasPrefix("stopped after inflating "))
            #expect(
                error.message.hasSuffix(
                    "inside sysdiagnose/logs/huge.log (1.0 GiB, too large to be an output): the entries after it were not read; no macOS memory output was found before it"
                )
            )
        }
        // With an output before the huge entry, that output is read and the stop is a problem naming the entry.
        let first = Self.entry("first/vm_stat.txt", try Self.vmStatBytes())
        try work.write("after.tar.gz", try Self.bomb(gib: 1, before: first))
        let snapshot = try MacCapture.read(work.path + "/after.tar.gz", toolVersion: "test")
        #expect(snapshot.darwin?.files.map(\.path) == ["first/vm_stat.txt"])
        let problem = try #require(snapshot.problems.first)
        #expect(problem.field == "sysdiagnose/logs/huge.log")
        #expect(problem.kind == .outOfRange)
        #expect(snapshot.problems.count == 1)
    }

    @Test("A gzip of one output inflating past 32 MiB is refused, not cut; a cut .tar.gz is named damaged")
    func singleOutputAndCutGzip() throws {
        let work = try TemporaryTree()
        let text = Array(String(repeating: "Pages free: 1.\n", count: 3 << 20).utf8)
        try work.write("vm_stat.gz", try Gzip.compress(text))
        #expect(throws: CaptureError.self) { try MacCapture.read(work.path + "/vm_stat.gz", toolVersion: "test") }
        do {
            _ = try MacCapture.read(work.path + "/vm_stat.gz", toolVersion: "test")
        } catch let error as CaptureError {
            #expect(error.message == "inflates to more than 32 MiB: not a memory output")
        }
        let archive = try Gzip.compress(
            Self.entry("vm_stat.txt", try Self.vmStatBytes()) + [UInt8](repeating: 0, count: 1024)
        )
        try work.write("cut.tar.gz", Array(archive.prefix(archive.count - 12)))
        do {
            _ = try MacCapture.read(work.path + "/cut.tar.gz", toolVersion: "test")
            Issue.record("a cut .tar.gz was accepted")
        } catch let error as CaptureError {
            #expect(error.message == "damaged: the compressed data ends early (file cut short?)")
        }
    }

    @Test("A single file over 32 MiB is refused rather than cut; a FIFO or a device is never opened")
    func irregularAndLarge() throws {
        let work = try TemporaryTree()
        try work.write("huge.txt", [UInt8](repeating: 65, count: (32 << 20) + 1))
        do {
            _ = try MacCapture.read(work.path + "/huge.txt", toolVersion: "test")
            Issue.record("a file over the limit was read")
        } catch let error as CaptureError {
            #expect(error.description == "\(work.path)/huge.txt: larger than 32 MiB: not a memory output")
        }
        #expect(mkfifo(work.path + "/fifo", 0o644) == 0)
        do {
            _ = try MacCapture.read(work.path + "/fifo", toolVersion: "test")
            Issue.record("a FIFO was read")
        } catch let error as CaptureError {
            #expect(
                error.message
                    == "a FIFO: not read (a capture is a folder, a .tar or .tar.gz archive, or an output file)"
            )
        }
    }

    @Test("A long-name record larger than 1 MiB makes the archive damaged, not silently misnamed")
    func hugeLongName() throws {
        let block = Self.header("././@LongLink", size: 2 << 20, type: "L")
        var reader = TarReader(sizeLimit: 1000) { _ in }
        #expect(throws: TarReader.Failure.self) { try block.withUnsafeBufferPointer { try reader.feed($0) } }
    }
}
