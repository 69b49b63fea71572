import Foundation
import Testing
import WiredCompression
import WiredCore
import WiredTestSupport

@testable import WiredLinux

#if canImport(Glibc)
import Glibc
#endif

/// Every file is read up to the cap of its kind, and config.gz is inflated only as far as needed.
@Suite("Bounded reads")
struct BoundedReadTests {
    /// `count` bytes of zeros as repeated gzip members of 16 MiB (gzip readers join members).
    static func zerosGzip(mebibytes count: Int) throws -> [UInt8] {
        let member = try Gzip.compress([UInt8](repeating: 0, count: 16 << 20), level: 9)
        return Array([[UInt8]](repeating: member, count: count / 16).joined())
    }

    @Test("Each kind of file has its cap: at the cap it is read whole, one byte more is an error naming the cap")
    func capsByKind() throws {
        let tree = try TemporaryTree()
        var reader = FileReader()
        for (name, cap) in [
            ("smaps_rollup", FileLimits.smapsRollup), ("status", FileLimits.status), ("cgroup", FileLimits.cgroup),
        ] {
            try tree.write("exact/\(name)", [UInt8](repeating: 65, count: cap))
            try tree.write("over/\(name)", [UInt8](repeating: 65, count: cap + 1))
            #expect(try reader.bytes(of: tree.path + "/exact/" + name, displayPath: name).count == cap)
            do {
                _ = try reader.bytes(of: tree.path + "/over/" + name, displayPath: "over/" + name)
                Issue.record("\(name) over its cap was read")
            } catch let error as ProcError {
                #expect(
                    error.description
                        == "cannot read over/\(name): larger than the \(FileLimits.describe(cap)) limit for this file"
                )
            }
        }
        #expect(FileLimits.cap(for: "/proc/vmallocinfo") == 64 << 20)
        #expect(FileLimits.cap(for: "stat") == FileLimits.cap(for: "/tree/proc/stat"))
        #expect(FileLimits.cap(for: "/proc/meminfo") == FileLimits.standard)
        #expect(FileLimits.describe(64 << 10) == "64 KiB")
    }

    @Test("Only /dev/kmsg itself is read as a device: not another device named kmsg, not a link to it")
    func kernelLogDevice() throws {
        if access("/dev/kmsg", F_OK) == 0 { #expect(FileSystem.isKernelLogDevice("/dev/kmsg")) }
        let tree = try TemporaryTree()
        #expect(symlink("/dev/kmsg", tree.path + "/link") == 0)
        #expect(!FileSystem.isKernelLogDevice(tree.path + "/link"))
        #expect(mkfifo(tree.path + "/fifo", 0o644) == 0)
        #expect(!FileSystem.isKernelLogDevice(tree.path + "/fifo"))
        if getuid() == 0 {
            #expect(mknod(tree.path + "/zero", S_IFCHR | 0o644, dev_t(1 << 8 | 5)) == 0)
            #expect(!FileSystem.isKernelLogDevice(tree.path + "/zero"))
        }
    }

    @Test("A config.gz that inflates to GiBs without the option stops at 16 MiB inflated, with a problem")
    func bigConfig() throws {
        let tree = try TemporaryTree(copying: "vm-6.18-idle")
        // 3 MiB stored, 3 GiB of zeros inflated (no newline at all): before, every view inflated all of it.
        let bomb = try Self.zerosGzip(mebibytes: 3072)
        #expect(bomb.count < FileLimits.configCompressed)
        try tree.write("proc/config.gz", bomb)
        let snapshot = LinuxReader(root: tree.path).readSystem()
        let problem = try #require(snapshot.problems.first { $0.source == tree.path + "/proc/config.gz" })
        #expect(problem.field == "CONFIG_VMAP_STACK")
        #expect(
            problem.message
                == "no CONFIG_VMAP_STACK line in the first 16 MiB inflated (a kernel config is about 270 KiB): not read further"
        )
        // The fact falls back to /boot or the architecture's default, and says so.
        #expect(snapshot.linux?.vmapStack?.source != "/proc/config.gz")
    }

    @Test("A config.gz over its stored cap is not read; a cut one is named; a real one still answers")
    func configLimits() throws {
        let tree = try TemporaryTree(copying: "vm-6.18-idle")
        let path = tree.path + "/proc/config.gz"
        try tree.write("proc/config.gz", [UInt8](repeating: 0x1F, count: FileLimits.configCompressed + 1))
        var problems = LinuxReader(root: tree.path).readSystem().problems.filter { $0.source == path }
        #expect(problems.map(\.message) == ["cannot read \(path): larger than the 4 MiB limit for this file"])
        let config = Array(("# comment\n" + String(repeating: "CONFIG_X=y\n", count: 20_000)).utf8)
        let real = try Gzip.compress(config + Array("CONFIG_VMAP_STACK=y\n".utf8))
        try tree.write("proc/config.gz", Array(real.prefix(real.count - 100)))
        problems = LinuxReader(root: tree.path).readSystem().problems.filter { $0.source == path }
        #expect(
            problems.map(\.message) == ["cannot decompress: the compressed data ends early (file cut short?)"]
        )
        try tree.write("proc/config.gz", real)
        let snapshot = LinuxReader(root: tree.path).readSystem()
        #expect(snapshot.linux?.vmapStack == KernelConfigFact(enabled: true, source: "/proc/config.gz"))
        #expect(!snapshot.problems.contains { $0.source == path })
    }
}
