import Testing
import WiredCore
import WiredLinux
import WiredTestSupport

/// `Tests/WiredLinuxTests/Fixtures/vm-6.18-processes`: ten tasks of every kind, captured as root.
@Suite("Processes of a captured tree")
struct ProcessFixtureTests {
    static let tree = Fixtures.linux("vm-6.18-processes")

    func scan(cgroups: Bool = false) -> ProcessScan {
        let (scan, problems) = LinuxReader(root: Self.tree).readProcesses(ProcessReadOptions(cgroups: cgroups))
        #expect(problems.isEmpty, "\(problems)")
        return scan
    }

    func process(_ scan: ProcessScan, _ pid: Int32) throws -> ProcessFacts {
        try #require(scan.processes.first { $0.pid == pid }, "no pid \(pid)")
    }

    @Test("Kinds: kernel threads and the zombie are recognised without smaps_rollup")
    func kinds() throws {
        let scan = scan()
        #expect(scan.processes.map(\.pid) == [1, 2, 14, 4747, 4752, 4777, 4778, 4786, 4791, 4796])
        #expect(try process(scan, 2).kind == .kernelThread)
        #expect(try process(scan, 14).kind == .kernelThread)
        #expect(try process(scan, 14).name == "ksoftirqd/0")
        let zombie = try process(scan, 4778)
        #expect(zombie.kind == .zombie)
        #expect(zombie.state == "Z")
        #expect(zombie.smaps == nil && zombie.denial == nil)
        #expect(zombie.parentPID == 4777)
        #expect(scan.gone == 0)
        #expect(scan.asRoot)
        #expect(scan.ticksPerSecond == 100)
        #expect(scan.userNames == [0: "root"])
    }

    @Test("A name with spaces and parentheses is cut at the last parenthesis")
    func oddName() throws {
        let odd = try process(scan(), 4786)
        #expect(odd.name == "x (y) z)")
        #expect(odd.threads == 1)
        #expect(odd.smaps?.pss == Int64(2_879 * 1024))
    }

    @Test("status and smaps_rollup values of an ordinary process")
    func ordinary() throws {
        let p = try process(scan(), 4747)
        #expect(p.rss == Int64(17_820 * 1024))
        #expect(p.rssAnon == Int64(8_888 * 1024))
        #expect(p.rssFile == Int64(8_932 * 1024))
        #expect(p.pageTables == Int64(88 * 1024))
        let smaps = try #require(p.smaps)
        #expect(smaps.pss == Int64(10_036 * 1024))
        #expect(smaps.uss == 8_888 * 1024)  // Private_Clean 0 + Private_Dirty 8,888
        #expect(smaps.pssAnon == Int64(8_888 * 1024))
        #expect(smaps.pssFile == Int64(1_148 * 1024))
        #expect(smaps.swapPss == 0)
    }

    /// The kernel objects of a process with `threads` threads at the x86_64 defaults (slabinfo not read):
    /// task_struct 6,553 + pid 195 per thread; signal 1,170 + sighand 2,184 + mm 1,638 + files 712 + fs 64 +
    /// cred 195 per process.
    func objects(threads: Int64) -> ByteCount {
        ByteCount(bytes: threads * (6_553 + 195) + 1_170 + 2_184 + 1_638 + 712 + 64 + 195)
    }

    @Test("Wired cost: page tables + stacks + kernel objects + locked + pinned + hugetlb")
    func wiredCost() throws {
        let rows = ProcessTable.rows(scan(), arch: "x86_64")
        let locker = try #require(rows.first { $0.pid == 4791 })
        #expect(locker.locked == .kibibytes(16_384))
        #expect(locker.kernelObjects == objects(threads: 1))
        #expect(locker.wired == .kibibytes(108 + 16 + 16_384) + objects(threads: 1))
        let threaded = try #require(rows.first { $0.pid == 4752 })
        #expect(threaded.threads == 21)
        #expect(threaded.kernelStacks == .kibibytes(21 * 16))
        #expect(threaded.wired == .kibibytes(160 + 21 * 16) + objects(threads: 21))
        // PID 1 locked its mappings on fault: VmLck 37,648 kB is more than it has resident (VmRSS 9,408 kB).
        let one = try #require(rows.first { $0.pid == 1 })
        #expect(one.vmLck == .kibibytes(37_648))
        #expect(one.locked == .kibibytes(9_408))
        #expect(one.wired == .kibibytes(108 + 13 * 16 + 9_408) + objects(threads: 13))
    }

    @Test("PID 1's smaps_rollup could not be read even by root: RSS is kept, PSS is not invented")
    func uninspectable() throws {
        let scan = scan()
        let one = try process(scan, 1)
        #expect(one.smaps == nil)
        #expect(one.denial == "permission")
        let rows = ProcessTable.rows(scan, arch: "x86_64")
        let row = try #require(rows.first { $0.pid == 1 })
        #expect(row.pss == nil && row.uss == nil && row.swap == nil)
        #expect(row.rss == .kibibytes(9_408))
        #expect(!row.inspectable)
    }

    @Test("Summary: counts and Σ PSS of the inspectable processes")
    func summary() {
        let scan = scan()
        let rows = ProcessTable.rows(scan, arch: "x86_64")
        let summary = ProcessTable.summary(scan, arch: "x86_64")
        #expect(summary.processes == 7)
        #expect(summary.kernelThreads == 2)
        #expect(summary.zombies == 1)
        #expect(summary.uninspectable == 1)
        #expect(summary.pss == .kibibytes(10_036 + 4_049 + 1_735 + 2_879 + 18_259 + 5_937))
        #expect(summary.kernelThreadStacks == .kibibytes(2 * 16))
        #expect(summary.denials == ["permission": 1])
        // Sorted by PSS, PID 1 (not inspectable) sorts by its RSS, 9,408 kB, between 18,259 and 5,937.
        let order = ProcessTable.sorted(rows, by: .pss).compactMap(\.pid)
        #expect(order == [4791, 4747, 1, 4796, 4752, 4786, 4777])
        // The index order over the scan agrees with sorting built rows.
        #expect(ProcessTable.order(scan, by: .pss, arch: "x86_64").map { scan.processes[$0].pid } == order)
        #expect(ProcessTable.order(scan, by: .wired, arch: "x86_64").map { scan.processes[$0].pid }.first == 4791)
        #expect(ProcessTable.sorted(rows, by: .threads).first?.pid == 4752)
        #expect(ProcessTable.sorted(rows, by: .wired).first?.pid == 4791)
    }

    @Test("Grouping by service reads cgroup v1 name=systemd paths")
    func services() throws {
        let scan = scan(cgroups: true)
        // v1 hybrid host: memory is charged to the memory controller's cgroup; the unit comes from name=systemd.
        let inUnit = try process(scan, 4796)
        #expect(inUnit.cgroup == "/process_api/1cc345fa0fa8087e06bcaa08b962cc4d")
        #expect(inUnit.unit == "/system.slice/wired-demo.service")
        #expect(inUnit.service == "wired-demo.service")
        #expect(try process(scan, 4747).service == "process_api/1cc345fa0fa8")
        #expect(try process(scan, 1).service == "/")
        let groups = ProcessTable.grouped(ProcessTable.rows(scan, arch: "x86_64"), by: .service)
        let unit = try #require(groups.first { $0.name == "wired-demo.service" })
        #expect(unit.processCount == 1)
        #expect(unit.pss == .kibibytes(5_937))
        let helpers = try #require(groups.first { $0.name == "process_api/1cc345fa0fa8" })
        #expect(helpers.processCount == 5)
        #expect(helpers.pss == .kibibytes(10_036 + 4_049 + 1_735 + 2_879 + 18_259))
        let root = try #require(groups.first { $0.name == "/" })
        #expect(root.processCount == 1)
        #expect(root.uninspectable == 1)
        let byUser = ProcessTable.grouped(ProcessTable.rows(scan, arch: "x86_64"), by: .user)
        #expect(byUser.map(\.name) == ["root"])
    }

    @Test("A PID whose start time changed is another process")
    func identity() throws {
        let tree = try TemporaryTree(copying: "vm-6.18-processes")
        let before = try #require(LinuxReader(root: tree.path).readProcesses().0.processes.first { $0.pid == 4747 })
        let stat = try tree.read("proc/4747/stat")
        var fields = stat.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        fields[21] = String((UInt64(fields[21]) ?? 0) + 500)  // field 22: starttime
        try tree.write("proc/4747/stat", fields.joined(separator: " "))
        let after = try #require(LinuxReader(root: tree.path).readProcesses().0.processes.first { $0.pid == 4747 })
        #expect(before.startTime + 500 == after.startTime)
        #expect(ProcessIdentity(before) != ProcessIdentity(after))
    }

    @Test("Files vanishing mid-read: a process without stat is gone; without smaps_rollup it is not inspectable")
    func vanishing() throws {
        let tree = try TemporaryTree(copying: "vm-6.18-processes")
        try tree.remove("proc/4747/stat")
        try tree.remove("proc/4752/smaps_rollup")
        let (scan, _) = LinuxReader(root: tree.path).readProcesses()
        #expect(scan.gone == 1)
        #expect(!scan.processes.contains { $0.pid == 4747 })
        let threaded = try #require(scan.processes.first { $0.pid == 4752 })
        #expect(threaded.denial == "no smaps_rollup (kernel before 4.14)")
    }
}
