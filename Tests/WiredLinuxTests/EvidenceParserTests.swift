import Testing
import WiredCore
import WiredTestSupport

@testable import WiredLinux

/// The small files read as evidence for the unexplained line.
@Suite("Parsers of evidence files")
struct EvidenceParserTests {
    @Test("/proc/modules: name, size in bytes and line; a bad line is reported, the rest kept")
    func modules() {
        let text = """
            hv_balloon 24576 0 - Live 0xffffffffc0634000
            not-a-module-line
            zfs 3874816 6 - Live 0xffffffffc0a00000 (PO)

            """
        let parsed = withBytes(of: text) { EvidenceParsers.modules($0, path: "/proc/modules") }
        #expect(parsed.value.map(\.name) == ["hv_balloon", "zfs"])
        #expect(parsed.value.map(\.sizeBytes) == [24_576, 3_874_816])
        #expect(parsed.value.map(\.line) == [1, 3])
        #expect(parsed.problems.map(\.field) == ["line 2"])
    }

    @Test("/proc/cmdline: only crashkernel= is kept, every such argument")
    func crashKernel() {
        let line = "BOOT_IMAGE=/vmlinuz root=UUID=abc ro crashkernel=512M,high quiet crashkernel=128M,low password=x\n"
        #expect(withBytes(of: line) { EvidenceParsers.crashKernelArgument($0) } == "512M,high 128M,low")
        #expect(withBytes(of: "ro quiet\n") { EvidenceParsers.crashKernelArgument($0) } == nil)
    }

    @Test("arcstats: size, c_min, c_max and the page-backed parts, with the line of size")
    func arcstats() {
        let text = """
            13 1 0x01 123 33456 8130336547 2873016837470
            name                            type data
            hits                            4    1234
            size                            4    6946848768
            c_min                           4    522608640
            c_max                           4    8361738240
            data_size                       4    5833433088
            metadata_size                   4    255852544
            abd_chunk_waste_size            4    27525120

            """
        let parsed = withBytes(of: text) { EvidenceParsers.arcstats($0, path: "arcstats") }
        let arc = parsed.value
        #expect(arc?.size == 6_946_848_768)
        #expect(arc?.sizeLine == 4)
        #expect(arc?.minimum == 522_608_640)
        let pages: Int64 = 5_833_433_088 + 255_852_544 + 27_525_120
        #expect(arc?.pagesOutsideCounters == pages)
        #expect(parsed.problems.isEmpty)
        let empty = withBytes(of: "name type data\n") { EvidenceParsers.arcstats($0, path: "arcstats") }
        #expect(empty.value == nil)
        #expect(empty.problems.first?.message == "no size row")
    }

    @Test("/proc/loadavg: the task total; a malformed line is a problem, not a number")
    func loadavg() {
        #expect(
            withBytes(of: "0.08 0.03 0.01 1/163 4242\n") { EvidenceParsers.loadavgTasks($0, path: "la") }.value == 163
        )
        let bad = withBytes(of: "0.08 0.03\n") { EvidenceParsers.loadavgTasks($0, path: "la") }
        #expect(bad.value == nil)
        #expect(bad.problems.count == 1)
    }

    @Test("/proc/mounts: file systems over /proc paths, not procfs or binfmt_misc")
    func overmounts() {
        let text = """
            proc /proc proc rw 0 0
            systemd-1 /proc/sys/fs/binfmt_misc autofs rw 0 0
            binfmt_misc /proc/sys/fs/binfmt_misc binfmt_misc rw 0 0
            lxcfs /proc/meminfo fuse.lxcfs rw 0 0
            tmpfs /proc/kcore tmpfs ro 0 0

            """
        let found = withBytes(of: text) { EvidenceParsers.procOvermounts($0) }
        #expect(found.map(\.mountPoint) == ["/proc/sys/fs/binfmt_misc", "/proc/meminfo", "/proc/kcore"])
        #expect(found.map(\.isLXCFS) == [false, true, false])
        #expect(found[1].line == 4)
    }
}
