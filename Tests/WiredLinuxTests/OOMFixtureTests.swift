import Testing
import WiredCore
import WiredLinux
import WiredTestSupport

/// OOM kills in the kernel log and the memory cgroups' counters: the parser on the kernel's own lines, and the
/// reader on the tree captured around a kill in a 64 MiB cgroup (Scripts/make-fixtures.sh pressure-oom).
@Suite("OOM kills: kernel log and cgroup counters")
struct OOMFixtureTests {
    func parse(_ lines: [String]) -> [OOMKillRecord] {
        var parser = OOMLogParser()
        for line in lines { parser.add(record: Substring(line)) }
        return parser.finish()
    }

    @Test("The kernel's lines: a cgroup's limit, the machine, an old kernel's sacrificed child, a bare kill")
    func parser() {
        let memcg = parse([
            "4,1589,6225207016,-;wired-test-help invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
            "6,1666,6225207426,-;oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/wired-pressure-4573,task_memcg=/wired-pressure-4573,task=wired-test-help,pid=9036,uid=0",
            " SUBSYSTEM=memory",
            "3,1667,6225207443,-;Memory cgroup out of memory: Killed process 9036 (wired-test-help) total-vm:278408kB, anon-rss:65280kB, file-rss:8176kB, shmem-rss:0kB, UID:0 pgtables:204kB oom_score_adj:0",
            "6,1668,6225207500,-;oom_reaper: reaped process 9036 (wired-test-help), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB",
        ])
        #expect(memcg.count == 1)
        #expect(memcg.first?.sequence == 1666)
        #expect(memcg.first?.constraint == "CONSTRAINT_MEMCG")
        #expect(memcg.first?.byCgroupLimit == true)
        #expect(memcg.first?.oomCgroup == "/wired-pressure-4573")
        #expect(memcg.first?.pid == 9036)
        #expect(memcg.first?.task == "wired-test-help")
        #expect(memcg.first?.anonRSSBytes == Int64(65280 * 1024))
        let machine = parse([
            "6,50,900,-;oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/db.service,task=postgres,pid=812,uid=70",
            "3,51,901,-;Out of memory: Killed process 812 (postgres) total-vm:9000000kB, anon-rss:8000000kB, file-rss:0kB",
        ])
        #expect(machine.count == 1)
        #expect(machine.first?.byCgroupLimit == false)
        #expect(machine.first?.taskCgroup == "/system.slice/db.service")
        // Before 5.0: "Kill process P … or sacrifice child", then "Killed process C": one kill, of the child.
        let old = parse([
            "3,7,100,-;Memory cgroup out of memory: Kill process 1234 (java) score 1000 or sacrifice child",
            "3,8,101,-;Killed process 1235 (java-child) total-vm:100kB, anon-rss:40kB, file-rss:0kB",
        ])
        #expect(old.count == 1)
        #expect(old.first?.pid == 1235)
        #expect(old.first?.task == "java-child")
        #expect(old.first?.byCgroupLimit == true)
        // A bare "Killed process" whose first line is gone: the constraint cannot be told.
        let bare = parse(["3,9,102,-;Killed process 77 (x) total-vm:1kB, anon-rss:1kB"])
        #expect(bare.first?.constraint == "unknown")
        #expect(bare.first?.byCgroupLimit == false)
    }

    @Test("The captured tree: the kill of the interval in the log and in the cgroup's counters, older kills left out")
    func capturedTree() throws {
        let snapshot = LinuxReader(root: Fixtures.linux("vm-6.18-pressure-oom")).readSystem()
        let linux = try #require(snapshot.linux)
        #expect(snapshot.problems.filter { $0.source.contains("cgroup") }.isEmpty, "\(snapshot.problems)")
        // memory.oom_control of /wired-fixture: oom_kill 0 → 1; memory.failcnt 0 → 36; limit 64 MiB.
        let now = try #require(linux.memoryEvents?.group("/wired-fixture"))
        #expect(linux.memoryEvents?.version == 1)
        #expect(now.events["oom_kill"] == 1)
        #expect(now.events["failcnt"] == 36)
        #expect(now.limitBytes == 64 << 20)
        #expect(now.limitSource == "memory.limit_in_bytes")
        #expect(linux.memoryEvents?.group("/")?.limitBytes == nil)  // the page counter's maximum: no limit
        let before = try #require(linux.earlier?.memoryEvents?.group("/wired-fixture"))
        #expect(before.events["oom_kill"] == 0)
        #expect(before.events["failcnt"] == 0)
        // The log holds 17 kills since boot; earlier_kmsg_seq=1925 leaves the one of the interval (seq 2004).
        let log = try #require(linux.oomLog)
        #expect(log.sinceEarlier)
        #expect(log.kills.map(\.sequence) == [2004])
        #expect(log.kills.first?.oomCgroup == "/wired-fixture")
        #expect(log.kills.first?.task == "wired-test-help")
        #expect(log.kills.first?.pid == 10268)
    }

    @Test("v2 files on a tree: memory.events of a slice and its service, memory.max; the slice's limit is named")
    func unifiedHierarchy() throws {
        let tree = try TemporaryTree(copying: "vm-6.18-pressure-calm")
        try tree.replaceLine(in: "proc/vmstat", startingWith: "oom_kill ", with: "oom_kill 1")
        try tree.write("sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory pids\n")
        // web.slice hit its 256 MiB limit (oom counts there and above); the task killed was in app.service.
        let sides = [("", (1, 1, 0, 1)), ("wired-earlier/", (0, 0, 0, 0))]
        for (prefix, (sliceOOM, sliceKills, serviceOOM, serviceKills)) in sides {
            let slice = prefix + "sys/fs/cgroup/web.slice/"
            try tree.write(
                slice + "memory.events",
                "low 0\nhigh 0\nmax 9\noom \(sliceOOM)\noom_kill \(sliceKills)\noom_group_kill 0\n"
            )
            try tree.write(slice + "memory.max", "268435456\n")
            try tree.write(
                slice + "app.service/memory.events",
                "low 0\nhigh 0\nmax 0\noom \(serviceOOM)\noom_kill \(serviceKills)\noom_group_kill 0\n"
            )
            try tree.write(slice + "app.service/memory.max", "max\n")
        }
        let snapshot = LinuxReader(root: tree.path).readSystem()
        let linux = try #require(snapshot.linux)
        #expect(linux.memoryEvents?.version == 2)
        #expect(linux.memoryEvents?.group("/web.slice")?.limitBytes == 256 << 20)
        #expect(linux.memoryEvents?.group("/web.slice")?.limitSource == "memory.max")
        #expect(linux.memoryEvents?.group("/web.slice/app.service")?.limitBytes == nil)
        #expect(linux.earlier?.memoryEvents?.group("/web.slice")?.events["oom"] == 0)
        let report = PressureAnalysis.judge(snapshot, ledger: try Ledger.of(snapshot))
        let service = try #require(report.oom?.services.first)
        #expect(service.path == "/web.slice")
        #expect(service.evidence.last == "memory.events oom +1, oom_kill +1")
        #expect(
            service.text.hasPrefix(
                "service web.slice: critical — 1 OOM kill in 2.0 s at its 256 MiB limit (memory.max)"
            )
        )
        #expect(report.reasons.first { $0.id == "oom-kill" }?.level == .ok)
    }
}
