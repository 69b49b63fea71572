import Testing
import WiredCore
import WiredLinux

/// The parsers of locked memory: /proc/PID/smaps entries and status names.
@Suite("Locked memory parsers")
struct LockedParserTests {
    static let smaps = """
        55d0c8a00000-55d0c8a21000 r--p 00000000 fd:01 1311                       /usr/bin/locker
        Size:                132 kB
        Rss:                 132 kB
        Pss:                 132 kB
        Anonymous:             0 kB
        Locked:                0 kB
        VmFlags: rd mr mw me dw sd
        7f2a40000000-7f2a48000000 rw-s 00000000 00:01 2051                       /memfd:wired-test (deleted)
        Size:             131072 kB
        Rss:              131072 kB
        Pss:               65536 kB
        Anonymous:             0 kB
        Locked:            65536 kB
        VmFlags: rd wr sh mr mw me ms lo sd
        7f2a48000000-7f2a48400000 rw-p 00000000 00:00 0
        Size:               4096 kB
        Rss:                4096 kB
        Pss:                4096 kB
        Anonymous:          4096 kB
        Locked:             4096 kB
        VmFlags: rd wr mr mw me lo ac sd
        7f2a48400000-7f2a48500000 rw-s 00100000 00:1a 9 /dev/shm/pool with spaces
        Size:               1024 kB
        Rss:                 512 kB
        Pss:                 512 kB
        Anonymous:             0 kB
        Locked:              512 kB

        """

    @Test("smaps: the locked, file-backed entries with path, device, inode, offset, size, Rss, Locked, Anonymous")
    func lockedMappings() {
        var problems: [SourceProblem] = []
        let mappings = withBytes(of: Self.smaps) {
            LockedParsers.lockedMappings($0, path: "/proc/1/smaps", problems: &problems)
        }
        #expect(problems.isEmpty)
        // The unlocked binary and the locked anonymous entry (inode 0) are not file-backed locked mappings.
        #expect(mappings.count == 2)
        let memfd = mappings[0]
        #expect(memfd.path == "/memfd:wired-test (deleted)")
        #expect(memfd.device == 1)
        #expect(memfd.inode == 2051)
        #expect(memfd.offset == 0)
        #expect(memfd.size == 128 << 20)
        #expect(memfd.rss == 128 << 20)
        #expect(memfd.locked == 64 << 20)
        #expect(memfd.anonymous == 0)
        let file = mappings[1]
        #expect(file.path == "/dev/shm/pool with spaces")
        #expect(file.device == 0x1A)
        #expect(file.offset == 1 << 20)
        #expect(file.rss == 512 << 10)
    }

    @Test("Devices are encoded as st_dev is, so smaps' major:minor matches fstat")
    func devices() {
        #expect(LockedParsers.makeDevice(major: 0, minor: 1) == 1)
        #expect(LockedParsers.makeDevice(major: 259, minor: 5) == (259 << 8) | 5)
        #expect(LockedParsers.makeDevice(major: 0, minor: 0x1_2345) == (0x1_2300 << 12) | 0x45)
    }

    @Test("status: the Name line")
    func statusName() {
        let name = withBytes(of: "Name:\twired-test-help\nUmask:\t0022\nVmLck:\t  131072 kB\n") {
            LockedParsers.statusName($0)
        }
        #expect(name == "wired-test-help")
    }
}
