import Foundation
import Testing
import WiredCore
import WiredDarwin
import WiredLinux
import WiredTestSupport

@testable import WiredFuzzEntries

/// The crash inputs the fuzzers found (`Fuzz/regressions/TARGET/`), fed to the same entry points, and the harness's
/// own pieces.
///
/// A trap in a replayed input ends the whole test process; the crash report names the target and the line.
/// See Fuzz/README.md.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let folder = Fixtures.packageRoot + "/Fuzz/regressions"

    /// The files kept for `target`, sorted; none when it has no folder.
    static func inputs(_ target: FuzzTarget) -> [String] {
        let directory = folder + "/" + target.rawValue
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted().map { directory + "/" + $0 }
    }

    @Test("every regression folder is named after a target and holds inputs")
    func foldersNameTargets() throws {
        // No folder yet is no regression yet.
        guard FileManager.default.fileExists(atPath: Self.folder) else { return }
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter { !$0.hasSuffix(".md") }
        for name in folders {
            let target = try #require(FuzzTarget(rawValue: name), "Fuzz/regressions/\(name) is not a fuzz target")
            #expect(!Self.inputs(target).isEmpty, "Fuzz/regressions/\(name) is empty")
        }
    }

    @Test("old crash inputs no longer crash", arguments: FuzzTarget.allCases)
    func replays(_ target: FuzzTarget) throws {
        for path in Self.inputs(target) {
            let bytes = try #require(FileManager.default.contents(atPath: path), "cannot read \(path)")
            // A trap here ends the test process; the crash report names the input's target and the trapping line.
            target.run(Array(bytes))
        }
    }

    @Test("a tree input is split into its files, and no path leaves the scratch folder")
    func treeInputFiles() throws {
        let input = "ignored\n@@ /proc/meminfo\nMemTotal: 1 kB\n@@ proc/swaps\nFilename\n@@ ../escape\nx\n@@ a/./b\ny"
        let files = withBytes(of: input) { buffer in
            TreeInput.files(buffer).map { ($0.components, String(decoding: buffer[$0.contents], as: UTF8.self)) }
        }
        #expect(files.map(\.0) == [["proc", "meminfo"], ["proc", "swaps"], ["..", "escape"], ["a", ".", "b"]])
        #expect(files.map(\.1) == ["MemTotal: 1 kB\n", "Filename\n", "x\n", "y"])
        let scratch = try #require(ScratchDirectory())
        let written = files.map { file in withBytes(of: "x") { scratch.write(file.0, $0) } }
        #expect(written.map { $0 != nil } == [true, true, false, false])
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/../escape"))
    }

    @Test("the tree target's files are what the Linux reader reads")
    func treeTargetWritesTheTree() throws {
        let input = "@@ proc/meminfo\nMemTotal: 1024 kB\nMemFree: 512 kB\n@@ wired-capture.txt\npage_size=16384\n"
        let scratch = try #require(ScratchDirectory())
        withBytes(of: input) { LinuxTreeEntry.write($0, into: scratch) }
        let snapshot = LinuxTreeEntry.read(LinuxReader(root: scratch.path))
        #expect(snapshot.linux?.meminfo?["MemTotal"] == 1_048_576)
        #expect(snapshot.linux?.meminfo?["MemFree"] == 524_288)
        #expect(snapshot.meta.pageSize == 16384)
    }

    @Test("the tar target repairs header checksums, so a mutated header reaches the reader")
    func tarChecksumsRepaired() throws {
        let output = try #require(FileManager.default.contents(atPath: Fixtures.darwin("vm_stat-10.5-handmade.txt")))
        var header = [UInt8](repeating: 0, count: 512)
        header.replaceSubrange(0..<11, with: Array("vm_stat.txt".utf8))
        header.replaceSubrange(124..<135, with: Array(String(output.count, radix: 8).leftPadded(to: 11).utf8))
        header.replaceSubrange(148..<156, with: Array("damaged!".utf8))
        header[156] = UInt8(ascii: "0")
        header.replaceSubrange(257..<263, with: Array("ustar\0".utf8))
        let padding = (512 - output.count % 512) % 512
        let archive = header + Array(output) + [UInt8](repeating: 0, count: padding + 1024)

        let fixed = TarEntry.withChecksums(archive)
        let sum = fixed[0..<512].enumerated().reduce(0) {
            $0 + ((148..<156).contains($1.offset) ? 32 : Int($1.element))
        }
        #expect(Array(fixed[148..<156]) == Array(String(sum, radix: 8).leftPadded(to: 6).utf8) + [0, 32])
        #expect(fixed[512...] == archive[512...])

        let scratch = try #require(ScratchDirectory())
        let damaged = try #require(scratch.write("damaged.tar", archive))
        #expect(throws: CaptureError.self) { try MacCapture.read(damaged, toolVersion: "test") }
        let repaired = try #require(scratch.write("repaired.tar", fixed))
        let snapshot = try MacCapture.read(repaired, toolVersion: "test")
        #expect(snapshot.darwin?.vm != nil)
    }
}

extension String {
    /// The string with leading zeros up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
