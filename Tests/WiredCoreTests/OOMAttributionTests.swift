import Testing
import WiredCore
import WiredTestSupport

/// Telling a cgroup's OOM kills from the machine's, on hand-made readings: v2 counters (which count each
/// cgroup's descendants too), v1 counters (which do not), the kernel log, and none of them.
@Suite("OOM kills: a cgroup's limit or the machine")
struct OOMAttributionTests {
    let mib: Int64 = 1 << 20

    /// The quiet sample with an earlier sample 2 s before, `kills` OOM kills between them, and the given counters.
    func reading(
        kills: Int64,
        version: Int = 2,
        before: [String: [String: Int64]] = [:],
        after: [String: [String: Int64]] = [:],
        limits: [String: Int64] = [:],
        log: KernelOOMLog? = nil
    ) -> Snapshot {
        var snapshot = SampleSnapshots.linux(vmstat: ["oom_kill": 5 + kills, "nr_zspages": 0])
        func events(_ table: [String: [String: Int64]]) -> CgroupEvents? {
            guard !table.isEmpty else { return nil }
            let source = version == 2 ? "memory.max" : "memory.limit_in_bytes"
            return CgroupEvents(
                version: version,
                groups: table.keys.sorted().map {
                    CgroupEventCounts(path: $0, events: table[$0] ?? [:], limitBytes: limits[$0], limitSource: source)
                }
            )
        }
        snapshot.linux?.earlier = CounterSample(
            secondsBefore: 2,
            vmstat: ["oom_kill": 5, "nr_zspages": 0],
            pressure: nil,
            memoryEvents: events(before)
        )
        snapshot.linux?.memoryEvents = events(after)
        snapshot.linux?.oomLog = log
        return snapshot
    }

    func judge(_ snapshot: Snapshot) throws -> PressureReport {
        PressureAnalysis.judge(snapshot, ledger: try Ledger.of(snapshot))
    }

    @Test("v2: oom and oom_kill rose in foo.service (and so in its slice): foo.service is critical, the machine ok")
    func cgroupLimitV2() throws {
        let zero: [String: Int64] = ["oom": 0, "oom_kill": 0, "max": 0]
        let report = try judge(
            reading(
                kills: 1,
                before: ["/system.slice": zero, "/system.slice/foo.service": zero],
                after: [
                    "/system.slice": ["oom": 1, "oom_kill": 1, "max": 40],
                    "/system.slice/foo.service": ["oom": 1, "oom_kill": 1, "max": 40],
                ],
                limits: ["/system.slice/foo.service": 64 * mib]
            )
        )
        #expect(report.verdict == .ok)
        let oom = try #require(report.oom)
        #expect(oom.atCgroupLimits == 1)
        #expect(oom.machine == 0)
        #expect(oom.services.map(\.path) == ["/system.slice/foo.service"])
        let service = try #require(oom.services.first)
        #expect(service.verdict == .critical)
        #expect(service.evidence == ["memory.events oom +1, oom_kill +1"])
        // 6,500,000 kB available in the sample.
        #expect(
            service.text
                == "service foo.service: critical — 1 OOM kill in 2.0 s at its 64.0 MiB limit (memory.max); the machine has 6.20 GiB available"
        )
        #expect(
            report.notes.contains(
                "The kernel log (/dev/kmsg) was not readable (root only where dmesg_restrict is set)."
            )
        )
    }

    @Test("v2: oom_kill rose but no cgroup's oom did: the machine killed, critical, and no service is blamed")
    func machineKillV2() throws {
        let report = try judge(
            reading(
                kills: 1,
                before: ["/system.slice/db.service": ["oom": 0, "oom_kill": 0]],
                after: ["/system.slice/db.service": ["oom": 0, "oom_kill": 1]]
            )
        )
        #expect(report.verdict == .critical)
        #expect(report.oom?.machine == 1)
        #expect(report.oom?.services.isEmpty == true)
        let kill = try #require(report.reasons.first { $0.id == "oom-kill" })
        #expect(kill.level == .critical)
        #expect(kill.text == "1 process killed by the kernel for lack of memory in the machine in the last 2.0 s")
        #expect(report.advice.hasPrefix("The kernel is killing processes for memory"))
    }

    @Test("v1: failcnt rose at the limited parent, oom_kill in its child: the parent's limit is named")
    func cgroupLimitV1() throws {
        let report = try judge(
            reading(
                kills: 2,
                version: 1,
                before: [
                    "/": ["oom_kill": 0, "failcnt": 0], "/lim": ["oom_kill": 0, "failcnt": 0],
                    "/lim/job": ["oom_kill": 0, "failcnt": 0],
                ],
                after: [
                    "/": ["oom_kill": 0, "failcnt": 0], "/lim": ["oom_kill": 0, "failcnt": 12],
                    "/lim/job": ["oom_kill": 2, "failcnt": 0],
                ],
                limits: ["/lim": 128 * mib]
            )
        )
        let service = try #require(report.oom?.services.first)
        #expect(service.path == "/lim")
        #expect(service.kills == 2)
        #expect(service.limitBytes == 128 * mib)
        #expect(service.evidence == ["memory.failcnt +12, oom_kill +2"])
        #expect(report.reasons.first { $0.id == "oom-kill" }?.level == .ok)
    }

    @Test("The kernel log alone: one kill at a cgroup's limit, one of the machine; names from the log")
    func logOnly() throws {
        let log = KernelOOMLog(
            source: "/dev/kmsg",
            sinceEarlier: true,
            kills: [
                OOMKillRecord(
                    sequence: 10,
                    microseconds: 1,
                    constraint: "CONSTRAINT_MEMCG",
                    atCgroupLimit: true,
                    oomCgroup: "/batch.slice",
                    taskCgroup: "/batch.slice/job-7.scope",
                    pid: 700,
                    task: "sort"
                ),
                OOMKillRecord(
                    sequence: 12,
                    microseconds: 2,
                    constraint: "CONSTRAINT_NONE",
                    atCgroupLimit: false,
                    taskCgroup: "/system.slice/db.service",
                    pid: 812,
                    task: "postgres"
                ),
            ]
        )
        let report = try judge(reading(kills: 2, log: log))
        #expect(report.verdict == .critical)
        let oom = try #require(report.oom)
        #expect(oom.atCgroupLimits == 1)
        #expect(oom.machine == 1)
        #expect(oom.machineVictims == ["postgres (pid 812) in /system.slice/db.service"])
        #expect(oom.services.first?.killed == ["sort (pid 700)"])
        #expect(
            report.reasons.first { $0.id == "oom-kill" }?.text
                == "1 process killed by the kernel for lack of memory in the machine in the last 2.0 s: postgres (pid 812) in /system.slice/db.service; 1 more at cgroups' own limits (batch.slice)"
        )
    }

    @Test("No counters and no log: the kill cannot be placed, and the report says so instead of guessing")
    func undetermined() throws {
        let report = try judge(reading(kills: 1))
        #expect(report.verdict == .critical)
        #expect(report.oom?.undetermined == 1)
        let kill = try #require(report.reasons.first { $0.id == "oom-kill" })
        #expect(kill.text.hasPrefix("1 OOM kill in the last 2.0 s that cannot be placed"))
        #expect(report.notes.contains { $0.hasPrefix("1 OOM kill could not be placed") })
    }

    @Test("One reading: kills since boot are reported by cgroup, not judged")
    func sinceBoot() throws {
        var snapshot = SampleSnapshots.linux(vmstat: ["oom_kill": 3, "nr_zspages": 0])
        snapshot.linux?.memoryEvents = CgroupEvents(
            version: 2,
            groups: [
                CgroupEventCounts(
                    path: "/system.slice/foo.service",
                    events: ["oom": 4, "oom_kill": 3],
                    limitBytes: 64 * mib,
                    limitSource: "memory.max"
                )
            ]
        )
        let report = try judge(snapshot)
        #expect(report.verdict == .ok)
        #expect(report.oom?.inInterval == false)
        #expect(report.oom?.services.first?.verdict == .ok)
        #expect(
            report.notes.contains(
                "service foo.service: 3 OOM kills since boot of processes in it, which hit its 64.0 MiB limit (memory.max) (memory.events oom 4, oom_kill 3)."
            )
        )
    }
}
