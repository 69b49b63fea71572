import Testing
import WiredCore
import WiredLinux

@Suite("Parsers of /proc/PID files")
struct ProcessParserTests {
    @Test("cgroup: the memory cgroup (v2 line, or v1 memory), and the name=systemd unit when it differs")
    func cgroup() {
        let v2 = withBytes(of: "0::/system.slice/sshd.service\n") { ProcessParsers.cgroupPaths($0) }
        #expect(v2.memory == "/system.slice/sshd.service")
        #expect(v2.systemd == nil)
        let hybrid = withBytes(
            of: "9:name=systemd:/system.slice/cron.service\n4:memory:/system.slice/cron.service\n0::/\n"
        ) {
            ProcessParsers.cgroupPaths($0)
        }
        #expect(hybrid.memory == "/system.slice/cron.service")
        #expect(hybrid.systemd == nil)  // the same path: not repeated
        let split = withBytes(of: "9:name=systemd:/user.slice/session-2.scope\n4:memory:/process_api/1cc3\n0::/\n") {
            ProcessParsers.cgroupPaths($0)
        }
        #expect(split.memory == "/process_api/1cc3")
        #expect(split.systemd == "/user.slice/session-2.scope")
        let v1 = withBytes(of: "4:memory:/docker/abc\n3:cpu,cpuacct:/docker/abc\n") { ProcessParsers.cgroupPaths($0) }
        #expect(v1.memory == "/docker/abc")
    }

    @Test("stat: malformed or cut lines give nil, never a trap")
    func badStat() {
        for text in ["", "1 (x", "1 x) S", "12 (a) S 1 2", "1 (sh) S 1 1 1 0 -1 zz 0 0 0 0 0 0 0 0 20 0 1 0 5 0"] {
            #expect(withBytes(of: text) { ProcessParsers.stat($0) } == nil, "\(text)")
        }
        let good = withBytes(of: "7 (a) b) (c) R 1 1 1 0 -1 4194304 0 0 0 0 0 0 0 0 20 0 3 0 99 0 0\n") {
            ProcessParsers.stat($0)
        }
        #expect(good?.name == "a) b) (c")
        #expect(good?.threads == 3)
        #expect(good?.startTime == 99)
        #expect(good?.state == UInt8(ascii: "R"))
    }

    @Test("status: a cut last line and u64-max values are ignored, not misread")
    func badStatus() {
        let status = withBytes(
            of: "Uid:\t1000\t1001\t1000\t1000\nVmRSS:\t 18446744073709551615 kB\nVmPTE:\t 12 kB\nVmLck:\t 40"
        ) {
            ProcessParsers.status($0)
        }
        #expect(status.uid == 1001)
        #expect(status.sizes[.rss] == nil)
        #expect(status.sizes[.pageTables] == Int64(12 * 1024))
        #expect(status.sizes[.locked] == nil)
    }

    @Test("smaps_rollup: empty (exiting process) gives nil; old kernels without Pss_* keep nil splits")
    func smaps() {
        #expect(withBytes(of: "") { ProcessParsers.smapsRollup($0) } == nil)
        let old = withBytes(
            of:
                "00400000-7ffd [rollup]\nRss:  100 kB\nPss:  50 kB\nPrivate_Clean: 4 kB\nPrivate_Dirty: 6 kB\nSwap: 0 kB\n"
        ) {
            ProcessParsers.smapsRollup($0)
        }
        #expect(old?.pss == Int64(50 * 1024))
        #expect(old?.uss == Int64(10 * 1024))
        #expect(old?.pssAnon == nil)
        #expect(old?.swapPss == nil)
    }

    @Test("cmdline: NUL-separated, long lines cut, secrets redacted")
    func cmdline() {
        let bytes: [UInt8] = Array("mysql\0--password=x\0db\0".utf8)
        #expect(
            withBytes(of: bytes) { ProcessParsers.command($0) } == "mysql --password=\(CommandLineRedactor.mask) db"
        )
        let long = [UInt8](repeating: UInt8(ascii: "a"), count: 10_000)
        let cut = withBytes(of: long) { ProcessParsers.command($0, limit: 100) }
        #expect(cut.count == 101)
        #expect(cut.hasSuffix("…"))
        // Control characters are kept (JSON keeps them); text views show them escaped.
        #expect(withBytes(of: Array("a\u{1}b\0".utf8)) { ProcessParsers.command($0) } == "a\u{1}b")
        #expect(withBytes(of: [0x61, 0xFF, 0x00]) { ProcessParsers.command($0) } == "a\u{FFFD}")
    }
}
