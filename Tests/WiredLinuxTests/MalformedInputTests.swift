import Foundation
import Testing
import WiredCore
import WiredLinux
import WiredTestSupport

/// Bad input gives a clear problem naming the file and field; the rest of the ledger is still drawn.
@Suite("Malformed, truncated and missing input")
struct MalformedInputTests {
    func read(_ tree: TemporaryTree) -> (Snapshot, Ledger?) {
        let snapshot = LinuxReader(root: tree.path).readSystem()
        return (snapshot, try? Ledger.of(snapshot))
    }

    @Test("Garbage lines in meminfo are reported with their line and skipped")
    func garbageLines() throws {
        let tree = try TemporaryTree(copying: "vm-6.18-idle")
        let original = try tree.read("proc/meminfo")
        try tree.write(
            "proc/meminfo",
            "this is not a meminfo line\n\n" + original + "Slab2: twelve kB\nOdd: 12 MB\n\u{1}\u{2}\u{3}:\n"
        )
        let (snapshot, ledger) = read(tree)
        let path = tree.path + "/proc/meminfo"
        let problems = snapshot.problems.filter { $0.source == path }
        #expect(
            problems.contains {
                $0.field == "line 1" && $0.kind == .malformed && $0.message.contains("this is not a meminfo line")
            }
        )
        #expect(problems.contains { $0.field == "Slab2" && $0.message.contains("not a number") })
        #expect(problems.contains { $0.field == "Odd" && $0.message.contains("unknown unit \"MB\"") })
        #expect(problems.count == 4)
        // Every real field still parsed, so the ledger is the same as the clean tree's.
        let clean = try Ledger.of(LinuxReader(root: Fixtures.linux("vm-6.18-idle")).readSystem())
        #expect(try #require(ledger).buckets == clean.buckets)
    }

    @Test("A meminfo cut in the middle of a line drops that line and says so; later fields are unknown")
    func truncatedFile() throws {
        let tree = try TemporaryTree(copying: "vm-6.18-idle")
        let original = try tree.read("proc/meminfo")
        let cut = original.range(of: "SUnreclaim:")!.upperBound
        try tree.write("proc/meminfo", String(original[..<cut]) + "     229")
        let (snapshot, ledger) = read(tree)
        let problem = try #require(snapshot.problems.first { $0.source.hasSuffix("/proc/meminfo") })
        #expect(problem.field == "last line")
        #expect(problem.message.contains("SUnreclaim:     229"))
        let l = try #require(ledger)
        // SReclaimable and Slab came before the cut, so SUnreclaim is derived; PageTables, VmallocUsed... are unknown.
        #expect(l.bucket("slab-reclaimable")?.bytes == .kibibytes(68_500))
        #expect(l.bucket("slab-unreclaimable")?.bytes == .kibibytes(91_412 - 68_500))
        #expect(l.bucket("slab-unreclaimable")?.source.contains("Slab − SReclaimable") == true)
        #expect(Set(l.unknown.map(\.id)) == ["page-tables", "kernel-stacks", "vmalloc", "percpu"])
        #expect(l.buckets.map(\.bytes).sum() == l.memTotal)
    }

    @Test("A missing meminfo names the file and draws no ledger")
    func missingMeminfo() throws {
        let tree = try TemporaryTree(copying: "vm-6.18-idle")
        try tree.remove("proc/meminfo")
        let (snapshot, ledger) = read(tree)
        #expect(ledger == nil)
        let problem = try #require(snapshot.problems.first { $0.source == tree.path + "/proc/meminfo" })
        #expect(problem.kind == .missing)
        #expect(throws: LedgerError.self) { try Ledger.of(snapshot) }
        do {
            _ = try Ledger.of(snapshot)
        } catch let error as LedgerError {
            #expect(error.message.contains("/proc/meminfo could not be read"))
        }
    }

    @Test("u64-max values are refused for that field only")
    func hugeValues() throws {
        let tree = try TemporaryTree(copying: "vm-6.18-idle")
        try tree.replaceLine(
            in: "proc/meminfo",
            startingWith: "SUnreclaim:",
            with: "SUnreclaim:     18446744073709551615 kB"
        )
        try tree.replaceLine(
            in: "proc/meminfo",
            startingWith: "PageTables:",
            with: "PageTables:     9223372036854775807 kB"
        )
        try tree.replaceLine(
            in: "proc/vmstat",
            startingWith: "nr_isolated_anon ",
            with: "nr_isolated_anon 18446744073709551615"
        )
        let (snapshot, ledger) = read(tree)
        let l = try #require(ledger)
        let fields = snapshot.problems.filter { $0.kind == .outOfRange }.map { $0.field ?? "" }
        #expect(Set(fields) == ["SUnreclaim", "PageTables", "nr_isolated_anon"])
        #expect(
            snapshot.problems.first { $0.field == "SUnreclaim" }?.message.contains("does not fit in 64 bits") == true
        )
        // Slab = SReclaimable + SUnreclaim, so the refused SUnreclaim is derived and says so.
        #expect(l.bucket("slab-unreclaimable")?.bytes == .kibibytes(91_412 - 68_500))
        #expect(l.bucket("slab-unreclaimable")?.source.contains("SUnreclaim is missing") == true)
        #expect(l.bucket("page-tables") == nil)
        #expect(l.bucket("isolated") == nil)
        #expect(l.unknown.map(\.id).contains("page-tables"))
        #expect(l.bucket("free")?.bytes == .kibibytes(23_689_132))
        #expect(l.buckets.map(\.bytes).sum() == l.memTotal)
    }

    @Test("Malformed zoneinfo, vmstat and PSI are reported per file")
    func otherFiles() throws {
        let tree = try TemporaryTree(copying: "vm-6.18-idle")
        try tree.write("proc/zoneinfo", "Node zero, zone\n  pages free 12\n")
        try tree.write("proc/vmstat", "nr_free_pages 1 2 3\nnr_zspages x\n")
        try tree.write("proc/pressure/memory", "some avg10=oops\n")
        let (snapshot, ledger) = read(tree)
        let bySource = Dictionary(grouping: snapshot.problems) { String($0.source.dropFirst(tree.path.count)) }
        #expect(bySource["/proc/zoneinfo"]?.first?.message.contains("unreadable zone header") == true)
        #expect(bySource["/proc/vmstat"]?.count == 2)
        #expect(bySource["/proc/pressure/memory"]?.first?.field == "some")
        let l = try #require(ledger)
        #expect(l.unknown.contains { $0.id == "free-percpu" } == false)  // zoneinfo parsed to zero zones
        #expect(l.bucket("zram") == nil)
        #expect(l.buckets.map(\.bytes).sum() == l.memTotal)
    }

    @Test("No memory blocks: installed RAM falls back to the firmware map, then zoneinfo, labelled lower bounds")
    func noMemoryBlocks() throws {
        let tree = try TemporaryTree(copying: "vm-6.18-idle")
        try tree.remove("sys/devices/system/memory")
        let firmware = try Ledger.of(LinuxReader(root: tree.path).readSystem())
        let installed = try #require(firmware.installed)
        #expect(installed.method == .firmwareMap)
        #expect(installed.source.hasPrefix("lower bound"))
        #expect(installed.bytes.bytes == 0x9FC00 + (0xC000_0000 - 0x10_0000) + (0x6_4000_0000 - 0x1_0000_0000))
        try tree.remove("sys/firmware/memmap")
        let zones = try Ledger.of(LinuxReader(root: tree.path).readSystem())
        #expect(zones.installed?.method == .zonePresent)
        // Σ present = 3,998 + 782,336 + 5,505,024 pages.
        #expect(zones.installed?.bytes == ByteCount(bytes: (3_998 + 782_336 + 5_505_024) * 4096))
        #expect(zones.reserved.map(\.bytes).sum() + zones.memTotal == zones.installed?.bytes)
    }

    @Test("An empty tree gives problems, not a crash")
    func emptyTree() throws {
        let tree = try TemporaryTree()
        let snapshot = LinuxReader(root: tree.path).readSystem()
        #expect(snapshot.meta.hostname == "unknown")
        #expect(snapshot.problems.contains { $0.source == tree.path + "/proc/meminfo" && $0.kind == .missing })
        #expect(snapshot.linux?.meminfo == nil)
    }

    @Test("Files larger than one read are read to the end (Foundation stops early on seq files)")
    func readsToEnd() throws {
        // /proc/self/smaps is a seq_file of several pages: compare with a plain read(2) loop.
        var reader = FileReader()
        let ours = try reader.bytes(of: "/proc/self/smaps", displayPath: "/proc/self/smaps")
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/smaps"))
        let theirs = try handle.readToEnd() ?? Data()
        #expect(ours.count > 16 << 10)
        // The two reads are moments apart; smaps of this process may change slightly, so compare sizes loosely.
        #expect(abs(ours.count - theirs.count) < ours.count / 10)
    }

    @Test("A file above the size limit is an error, not a silent truncation")
    func sizeLimit() throws {
        var reader = FileReader(limit: 128 << 10)
        let tree = try TemporaryTree()
        try tree.write("big", [UInt8](repeating: 65, count: 300 << 10))
        #expect(throws: ProcError.self) { try reader.bytes(of: tree.path + "/big", displayPath: "big") }
    }
}
