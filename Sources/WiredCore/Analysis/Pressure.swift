/// Memory pressure in plain words: a verdict, the reasons that decided it (each with its number and
/// threshold), and one sentence of advice.
///
/// Linux thresholds (`docs/linux.md` §10.2; the kernel defines none): warning at PSI some avg10 ≥ 5% or
/// avg60 ≥ 2%, PSI full avg10 or avg60 ≥ 1%, swap-in or refaults above 1 MiB/s, any direct reclaim,
/// available memory under 10% of RAM, swap ≥ 90% used (systemd-oomd's SwapUsedLimit), wired ≥ 75% of RAM
/// (ours); critical at PSI full avg10 ≥ 10% or avg60 ≥ 5%, any OOM kill of the machine in the interval, or
/// available under 5% with no swap to go to. An OOM kill at a cgroup's own memory limit is that cgroup's: it gets
/// its own verdict (``oom``) and leaves the machine's alone (``OOMAnalysis``). macOS: the kernel's own level (kern.memorystatus_vm_pressure_level), or
/// its rule applied to the counters when the level was not captured (`docs/macos.md` §5.2). With no evidence
/// at all (a macOS capture of top alone, a reading without memory counters) the verdict is `unknown`, never
/// `ok`, and ``unknownBecause`` says what was missing.
public struct PressureReport: Sendable, Codable, Equatable {
    /// How bad it is; `unknown` when nothing in the reading can tell.
    public enum Verdict: String, Sendable, Codable, Comparable, CaseIterable {
        case unknown, ok, warning, critical

        var rank: Int {
            switch self {
            case .unknown: -1
            case .ok: 0
            case .warning: 1
            case .critical: 2
            }
        }

        public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.rank < rhs.rank }
    }

    /// One check: its value, the threshold it was held against, and what it means.
    public struct Reason: Sendable, Codable, Equatable {
        /// Stable id ("psi-full-avg60", "swap-in", "oom-kill").
        public var id: String
        /// The level this check gives (`ok` for a check that passed).
        public var level: Verdict
        /// The measured value, in ``unit``.
        public var value: Double
        /// The threshold crossed (or not), in ``unit``; `nil` for facts reported without one.
        public var threshold: Double?
        /// "%", "MiB/s", "events", "level".
        public var unit: String
        /// The sentence shown ("PSI full avg60 3.2% ≥ 1%: tasks stalled waiting for memory").
        public var text: String
    }

    /// Rates over the interval between two samples (Linux).
    public struct Rates: Sendable, Codable, Equatable {
        public var intervalSeconds: Double
        /// Swap-ins and swap-outs (`pswpin`, `pswpout` × page size), bytes per second.
        public var swapInBytesPerSecond: Double
        public var swapOutBytesPerSecond: Double
        /// Pages brought back from zswap (`zswpin` × page size), bytes per second.
        public var zswapInBytesPerSecond: Double?
        /// All block reads and writes (`pgpgin`, `pgpgout`, KiB), bytes per second.
        public var pageInBytesPerSecond: Double
        public var pageOutBytesPerSecond: Double
        /// `pgmajfault` per second.
        public var majorFaultsPerSecond: Double
        /// Evicted pages needed again (`workingset_refault_anon` + `_file`, or `workingset_refault`), bytes/s.
        public var refaultBytesPerSecond: Double
        /// Entries into direct reclaim (Σ `allocstall_*`) per second.
        public var directReclaimsPerSecond: Double
        /// OOM kills (`oom_kill`) in the interval.
        public var oomKills: Int64
        /// Share of the interval some / all tasks were stalled on memory (PSI `total` deltas), percent.
        public var psiSomePercent: Double?
        public var psiFullPercent: Double?
    }

    /// The verdict.
    public var verdict: Verdict
    /// Why the verdict is `unknown`: the evidence the reading lacks; `nil` otherwise.
    public var unknownBecause: String?
    /// The checks that decided it first, then the others.
    public var reasons: [Reason]
    /// One sentence of advice.
    public var advice: String
    /// PSI as read.
    public var psi: PressureStall?
    /// Rates, when two samples were taken.
    public var rates: Rates?
    /// macOS paging and compressor activity, when the reading has it.
    public var activity: VMActivity?
    /// OOM kills told apart into the machine's and those at cgroups' own limits, each such cgroup with its
    /// verdict; `nil` when there was no OOM kill to tell.
    public var oom: OOMAttribution?
    /// What could not be judged and why.
    public var notes: [String]
}

/// Judges memory pressure from a snapshot.
///
/// No I/O.
public enum PressureAnalysis {
    /// The report for `snapshot` (with its `ledger` for available and wired shares).
    public static func judge(_ snapshot: Snapshot, ledger: Ledger?) -> PressureReport {
        if let darwin = snapshot.darwin { return judgeMac(darwin, ledger: ledger) }
        guard let linux = snapshot.linux else {
            return PressureReport(
                verdict: .unknown,
                unknownBecause: "the reading holds no memory counters",
                reasons: [],
                advice: "Pressure cannot be judged: the reading holds no memory counters.",
                psi: nil,
                rates: nil,
                activity: nil,
                oom: nil,
                notes: ["no memory counters"]
            )
        }
        var checks = Checks()
        checks.judged = true
        var notes: [String] = []
        let pageSize = snapshot.meta.pageSize

        checkPSI(&checks, &notes, linux.pressure)
        let rates = linux.earlier.flatMap { ratesBetween($0, linux, pageSize: pageSize) }
        var oom = checkRates(&checks, &notes, linux, rates: rates, available: ledger?.translation.available)
        if let ledger { checkMemoryLeft(&checks, linux, ledger: ledger) }
        if let kills = linux.vmstat?["oom_kill"], kills > 0 {
            notes.append("\(kills) OOM kill\(kills == 1 ? "" : "s") since boot (oom_kill in /proc/vmstat).")
            if rates == nil {
                let sinceBoot = OOMAnalysis.attribute(linux, kills: kills, seconds: nil, available: nil)
                oom = sinceBoot
                notes += sinceBootNotes(sinceBoot)
            }
        }
        return checks.report(
            psi: linux.pressure,
            rates: rates,
            activity: nil,
            oom: oom,
            notes: notes,
            advice: { verdict, deciding in
                serviceAdvice(verdict, oom) ?? advice(verdict, deciding, rates: rates, owners: owners(snapshot))
            }
        )
    }

    /// The PSI checks (`/proc/pressure/memory`), or a note that the kernel has no PSI.
    static func checkPSI(_ checks: inout Checks, _ notes: inout [String], _ psi: PressureStall?) {
        if let psi {
            checks.threshold("psi-some-avg10", psi.some.avg10, warning: 5, unit: "%", what: "PSI some avg10") {
                "at least one task stalled waiting for memory"
            }
            checks.threshold("psi-some-avg60", psi.some.avg60, warning: 2, unit: "%", what: "PSI some avg60") {
                "tasks keep stalling waiting for memory"
            }
            if let full = psi.full {
                checks.threshold(
                    "psi-full-avg10",
                    full.avg10,
                    warning: 1,
                    critical: 10,
                    unit: "%",
                    what: "PSI full avg10"
                ) {
                    "all running tasks stalled waiting for memory: work is being lost"
                }
                checks.threshold(
                    "psi-full-avg60",
                    full.avg60,
                    warning: 1,
                    critical: 5,
                    unit: "%",
                    what: "PSI full avg60"
                ) {
                    "tasks stalled waiting for memory"
                }
            }
        } else {
            notes.append(
                "No PSI (/proc/pressure/memory): the kernel was built or booted without it; judged from paging only."
            )
        }
    }

    /// The checks of what happened between the two samples (OOM kills, swap-in, refaults, direct reclaim, PSI
    /// over the interval), or a note saying why there are no rates; the OOM kills' attribution when there were some.
    static func checkRates(
        _ checks: inout Checks,
        _ notes: inout [String],
        _ linux: LinuxFacts,
        rates: PressureReport.Rates?,
        available: ByteCount?
    ) -> OOMAttribution? {
        var oom: OOMAttribution?
        if let rates {
            let mib = 1_048_576.0
            if rates.oomKills > 0 {
                let attribution = OOMAnalysis.attribute(
                    linux,
                    kills: rates.oomKills,
                    seconds: rates.intervalSeconds,
                    available: available
                )
                oom = attribution
                checks.oomKill(attribution)
                notes += attribution.notes
            } else {
                checks.add("oom-kill", .ok, 0, 0, "events", "no OOM kill in the last \(seconds(rates.intervalSeconds))")
            }
            checks.threshold("swap-in", rates.swapInBytesPerSecond / mib, warning: 1, unit: "MiB/s", what: "swap-in") {
                "pages are read back from swap: the working set does not fit in RAM"
            }
            checks.threshold("refaults", rates.refaultBytesPerSecond / mib, warning: 1, unit: "MiB/s", what: "refaults")
            {
                "evicted pages are needed again soon after: thrashing"
            }
            let stalls = (rates.directReclaimsPerSecond * rates.intervalSeconds).rounded()
            checks.add(
                "direct-reclaim",
                stalls > 0 ? .warning : .ok,
                stalls,
                0,
                "events",
                stalls > 0
                    ? "\(Checked.saturatingInteger(stalls)) allocation stall\(stalls == 1 ? "" : "s") (direct reclaim) in \(seconds(rates.intervalSeconds)): allocations had to stop and free memory themselves"
                    : "no direct reclaim in \(seconds(rates.intervalSeconds))"
            )
            if let full = rates.psiFullPercent {
                checks.threshold(
                    "psi-full-interval",
                    full,
                    warning: 1,
                    critical: 10,
                    unit: "%",
                    what: "PSI full over the interval"
                ) {
                    "all running tasks stalled waiting for memory"
                }
            }
        } else if let earlier = linux.earlier, !backwards(earlier, linux).isEmpty {
            notes.append(
                "Rates could not be computed: \(backwards(earlier, linux).joined(separator: ", ")) went backwards between the two samples (a reboot, or a damaged file), which counters never do."
            )
        } else {
            notes.append(
                linux.earlier == nil
                    ? "Paging and swap rates were not measured (one sample; `--interval` takes two)."
                    : "Rates could not be computed: the earlier sample lacks the counters."
            )
        }
        return oom
    }

    /// The checks of what is left: available memory, swap used and the wired share of RAM.
    static func checkMemoryLeft(_ checks: inout Checks, _ linux: LinuxFacts, ledger: Ledger) {
        let base = ledger.memTotal.bytes
        if base > 0 {
            let available = Double(ledger.translation.available.bytes) * 100 / Double(base)
            let swap = swapShare(linux)
            let noSwapLeft = swap.map { $0 >= 90 } ?? true
            if available < 5 && noSwapLeft {
                checks.add(
                    "available",
                    .critical,
                    available,
                    5,
                    "%",
                    "available memory \(percent(available)) of RAM < 5%, with \(swap == nil ? "no swap" : "swap nearly full"): the next allocation may need the OOM killer"
                )
            } else {
                checks.threshold(
                    "available",
                    available,
                    warningBelow: 10,
                    unit: "%",
                    what: "available memory",
                    of: "of RAM"
                ) {
                    "little is left for new allocations without reclaiming"
                }
            }
            if let swap {
                checks.threshold("swap-used", swap, warning: 90, unit: "%", what: "swap used", of: "of swap") {
                    "systemd-oomd acts at this level (SwapUsedLimit)"
                }
            }
            let wired = Double(ledger.wired.total.bytes) * 100 / Double(ledger.shareBase.bytes)
            checks.threshold("wired", wired, warning: 75, unit: "%", what: "wired memory", of: "of RAM") {
                "most RAM cannot be paged out"
            }
        }
    }

    /// The vmstat counters the rates use.
    static let rateCounters = [
        "pswpin", "pswpout", "zswpin", "pgpgin", "pgpgout", "pgmajfault", "workingset_refault_anon",
        "workingset_refault_file", "workingset_refault", "oom_kill",
    ]

    /// Counters the rates use (and PSI `total` stall times) that are lower in the main reading than in
    /// the earlier sample: impossible for counters, so no rate is computed from them.
    public static func backwards(_ earlier: CounterSample, _ now: LinuxFacts) -> [String] {
        guard let vmstat = now.vmstat else { return [] }
        let keys = rateCounters + vmstat.keys.filter { $0.hasPrefix("allocstall") }.sorted()
        var names = keys.filter { key in
            guard let after = vmstat[key], let before = earlier.vmstat[key] else { return false }
            return after < before
        }
        for (name, line) in [("PSI some total", \PressureStall.someLine), ("PSI full total", \PressureStall.full)] {
            if let after = now.pressure?[keyPath: line], let before = earlier.pressure?[keyPath: line],
                after.totalMicroseconds < before.totalMicroseconds
            {
                names.append(name)
            }
        }
        return names
    }

    /// Rates between `earlier` and the main reading; `nil` when a counter went backwards.
    static func ratesBetween(_ earlier: CounterSample, _ now: LinuxFacts, pageSize: Int64) -> PressureReport.Rates? {
        guard let vmstat = now.vmstat, earlier.secondsBefore > 0, backwards(earlier, now).isEmpty else { return nil }
        let seconds = earlier.secondsBefore
        // Differences in doubles: two counters from a damaged file may be further apart than 64 bits hold.
        func delta(_ key: String) -> Double {
            guard let after = vmstat[key], let before = earlier.vmstat[key], after >= before else { return 0 }
            return Double(after) - Double(before)
        }
        func sum(prefix: String) -> Double {
            vmstat.keys.filter { $0.hasPrefix(prefix) }.map(delta).reduce(0, +)
        }
        let page = Double(pageSize)
        let refaults =
            vmstat["workingset_refault_anon"] != nil
            ? delta("workingset_refault_anon") + delta("workingset_refault_file") : delta("workingset_refault")
        func stall(_ line: KeyPath<PressureStall, PressureLine?>) -> Double? {
            guard let after = now.pressure?[keyPath: line], let before = earlier.pressure?[keyPath: line],
                after.totalMicroseconds >= before.totalMicroseconds
            else { return nil }
            return min(
                100,
                (Double(after.totalMicroseconds) - Double(before.totalMicroseconds)) / (seconds * 1e6) * 100
            )
        }
        return PressureReport.Rates(
            intervalSeconds: seconds,
            swapInBytesPerSecond: delta("pswpin") * page / seconds,
            swapOutBytesPerSecond: delta("pswpout") * page / seconds,
            zswapInBytesPerSecond: vmstat["zswpin"] != nil ? delta("zswpin") * page / seconds : nil,
            pageInBytesPerSecond: delta("pgpgin") * 1024 / seconds,
            pageOutBytesPerSecond: delta("pgpgout") * 1024 / seconds,
            majorFaultsPerSecond: delta("pgmajfault") / seconds,
            refaultBytesPerSecond: refaults * page / seconds,
            directReclaimsPerSecond: sum(prefix: "allocstall") / seconds,
            oomKills: Checked.saturatingInteger(delta("oom_kill")),
            psiSomePercent: stall(\.someLine),
            psiFullPercent: stall(\.full)
        )
    }

    /// Swap used as a percentage of swap, or `nil` without swap.
    static func swapShare(_ linux: LinuxFacts) -> Double? {
        guard let total = linux.meminfo?["SwapTotal"], total > 0, let free = linux.meminfo?["SwapFree"] else {
            return nil
        }
        return (Double(total) - Double(free)) * 100 / Double(total)
    }

    /// The three biggest user processes by PSS (RSS when PSS is unknown), named for advice.
    static func owners(_ snapshot: Snapshot) -> [String] {
        if let darwin = snapshot.darwin { return macOwners(darwin) }
        guard let scan = snapshot.processes else { return [] }
        let users = scan.processes.filter { $0.kind == .user }
        func size(_ process: ProcessFacts) -> Int64 { process.smaps?.pss ?? process.rss ?? 0 }
        return users.sorted { size($0) > size($1) }.prefix(3).map {
            "\($0.name) (pid \($0.pid), \(ByteCount(bytes: size($0))))"
        }
    }

    /// The three processes with the largest footprint.
    static func macOwners(_ facts: DarwinFacts) -> [String] {
        (facts.processes ?? []).filter { $0.footprint != nil }.sorted { ($0.footprint ?? 0) > ($1.footprint ?? 0) }
            .prefix(3).map { "\($0.name) (\(ByteCount(bytes: $0.footprint ?? 0)))" }
    }

    static func advice(
        _ verdict: PressureReport.Verdict,
        _ deciding: [PressureReport.Reason],
        rates: PressureReport.Rates?,
        owners: [String]
    ) -> String {
        let who = owners.isEmpty ? " (`wired top` lists them)" : ": " + owners.joined(separator: ", ")
        guard verdict != .ok else { return "Nothing to do: the cache is given back when needed." }
        let ids = Set(deciding.map(\.id))
        if ids.contains("oom-kill") {
            return "The kernel is killing processes for memory: add RAM or swap, or limit the biggest owners\(who)."
        }
        if ids.contains("swap-in"), let rates {
            return
                "The machine is swapping \(rate(rates.swapInBytesPerSecond)): add RAM or close the biggest owners\(who)."
        }
        if ids.contains("refaults"), let rates {
            return
                "Pages are evicted and read again at \(rate(rates.refaultBytesPerSecond)) (thrashing): add RAM or close the biggest owners\(who)."
        }
        if ids.contains("wired") {
            return "Most RAM is wired and cannot be paged out: `wired owners` shows what holds it."
        }
        if ids.contains("swap-used") {
            return "Swap is nearly full: add swap or RAM, or close the biggest owners\(who)."
        }
        if ids.contains("available") {
            return "Little memory is available: close the biggest owners\(who)."
        }
        return "Tasks are waiting for memory: close the biggest owners, or add RAM\(who)."
    }

    /// macOS: the kernel's pressure level, or its rule on the counters; swap activity; the free percentage.
    static func judgeMac(_ facts: DarwinFacts, ledger: Ledger?) -> PressureReport {
        var checks = Checks()
        var notes: [String] = []
        if let level = facts.pressureLevel {
            checks.judged = true
            let verdict: PressureReport.Verdict = level >= 4 ? .critical : level >= 2 ? .warning : .ok
            let words = level >= 4 ? "critical" : level >= 2 ? "warning" : "normal"
            checks.add(
                "pressure-level",
                verdict,
                Double(level),
                nil,
                "level",
                "kern.memorystatus_vm_pressure_level \(level): the kernel reports \(words) memory pressure"
            )
        } else if let vm = facts.vm, let compressor = vm.compressorPages {
            checks.judged = true
            // The kernel's transitions (vm_pageout.c): warning when available < half of available + compressed,
            // critical below 1.2 ÷ 3.5 of it.
            let available = [vm.active, vm.inactive, vm.free, vm.speculative].compactMap { $0 }.map(Double.init).reduce(
                0,
                +
            )
            let share = available / max(1, available + Double(compressor)) * 100
            let verdict: PressureReport.Verdict = share < 34.3 ? .critical : share < 50 ? .warning : .ok
            checks.add(
                "compressor-share",
                verdict,
                share,
                verdict == .critical ? 34.3 : 50,
                "%",
                "available pages are \(percent(share)) of available + compressed (the kernel's rule: warning under 50%, critical under 34.3%)"
            )
            notes.append(
                "The pressure level was not captured (sysctl kern.memorystatus_vm_pressure_level): judged with the kernel's rule."
            )
        } else {
            checks.unknownBecause =
                "the capture holds neither the kernel's pressure level (sysctl kern.memorystatus_vm_pressure_level) nor the compressor counters (vm_stat or memory_pressure output)"
        }
        if let printed = facts.memorystatusLevel ?? facts.freePercentage {
            checks.add("free-percentage", .ok, Double(printed), nil, "%", "the kernel's free percentage is \(printed)%")
        }
        if let activity = facts.activity { checkMacPaging(&checks, &notes, activity) }
        return checks.report(
            psi: nil,
            rates: nil,
            activity: facts.activity,
            oom: nil,
            notes: notes,
            advice: { verdict, _ in
                let who = macOwners(facts)
                if verdict == .unknown {
                    return
                        "Pressure cannot be judged from this capture: add the output of `sysctl kern.memorystatus_vm_pressure_level`, `memory_pressure` or `vm_stat`."
                }
                return verdict == .ok
                    ? "Nothing to do: macOS compresses, and frees cache, as it needs to."
                    : "Memory is under pressure: quit the apps with the largest footprint (Activity Monitor's Memory column)\(who.isEmpty ? "" : ": " + who.joined(separator: ", "))."
            }
        )
    }

    /// The swap-out and swap-in rates of a capture's paging counts, judged only over an interval of known length.
    static func checkMacPaging(_ checks: inout Checks, _ notes: inout [String], _ activity: VMActivity) {
        let page = Double(activity.pageSize)
        if let seconds = activity.seconds, seconds > 0 {
            let mib = 1_048_576.0
            if let swapouts = activity.swapouts {
                checks.threshold(
                    "swap-out",
                    Double(swapouts) * page / seconds / mib,
                    warning: 1,
                    unit: "MiB/s",
                    what: "swap-out"
                ) {
                    "compressed memory is being written to disk"
                }
            }
            if let swapins = activity.swapins {
                checks.threshold(
                    "swap-in",
                    Double(swapins) * page / seconds / mib,
                    warning: 1,
                    unit: "MiB/s",
                    what: "swap-in"
                ) {
                    "pages are read back from swap"
                }
            }
        } else {
            notes.append(
                "Paging counts of \(activity.source) cover an interval of unknown length: shown, not judged."
            )
        }
    }

    static func percent(_ value: Double) -> String { ByteFormat.decimal(value, places: value < 10 ? 1 : 0) + "%" }
    static func seconds(_ value: Double) -> String { ByteFormat.decimal(value, places: 1) + " s" }
    static func rate(_ bytesPerSecond: Double) -> String {
        ByteFormat.human(Checked.saturatingInteger(bytesPerSecond.rounded())) + "/s"
    }

    /// Collects checks and turns them into a report.
    struct Checks {
        var reasons: [PressureReport.Reason] = []
        /// True once a check that can settle the verdict was made (PSI, paging, the kernel's level, …).
        var judged = false
        /// What is missing when nothing could settle it.
        var unknownBecause = "nothing in the reading measures memory pressure"

        mutating func add(
            _ id: String,
            _ level: PressureReport.Verdict,
            _ value: Double,
            _ threshold: Double?,
            _ unit: String,
            _ text: String
        ) {
            reasons.append(
                PressureReport.Reason(id: id, level: level, value: value, threshold: threshold, unit: unit, text: text)
            )
        }

        /// A value that is bad when high: warning at `warning`, critical at `critical`.
        mutating func threshold(
            _ id: String,
            _ value: Double,
            warning: Double,
            critical: Double? = nil,
            unit: String,
            what: String,
            of: String = "",
            meaning: () -> String
        ) {
            let shown = unit == "%" ? percent(value) : "\(ByteFormat.decimal(value, places: 1)) \(unit)"
            let suffix = of.isEmpty ? "" : " \(of)"
            if let critical, value >= critical {
                add(
                    id,
                    .critical,
                    value,
                    critical,
                    unit,
                    "\(what) \(shown)\(suffix) ≥ \(limit(critical, unit)): \(meaning())"
                )
            } else if value >= warning {
                add(
                    id,
                    .warning,
                    value,
                    warning,
                    unit,
                    "\(what) \(shown)\(suffix) ≥ \(limit(warning, unit)): \(meaning())"
                )
            } else {
                add(id, .ok, value, warning, unit, "\(what) \(shown)\(suffix) < \(limit(warning, unit))")
            }
        }

        /// A value that is bad when low.
        mutating func threshold(
            _ id: String,
            _ value: Double,
            warningBelow: Double,
            unit: String,
            what: String,
            of: String,
            meaning: () -> String
        ) {
            if value < warningBelow {
                add(
                    id,
                    .warning,
                    value,
                    warningBelow,
                    unit,
                    "\(what) \(percent(value)) \(of) < \(limit(warningBelow, unit)): \(meaning())"
                )
            } else {
                add(
                    id,
                    .ok,
                    value,
                    warningBelow,
                    unit,
                    "\(what) \(percent(value)) \(of) ≥ \(limit(warningBelow, unit))"
                )
            }
        }

        func limit(_ value: Double, _ unit: String) -> String {
            if value < 0.001 { return "0" + (unit == "%" ? "%" : " \(unit)") }
            return unit == "%" ? percent(value) : "\(ByteFormat.decimal(value, places: value < 10 ? 1 : 0)) \(unit)"
        }

        func report(
            psi: PressureStall?,
            rates: PressureReport.Rates?,
            activity: VMActivity?,
            oom: OOMAttribution?,
            notes: [String],
            advice: (PressureReport.Verdict, [PressureReport.Reason]) -> String
        ) -> PressureReport {
            let worst = reasons.map(\.level).max() ?? .ok
            // Without evidence that could settle it, no problem found is not the same as none.
            let unknown = !judged && worst <= .ok
            let verdict = unknown ? .unknown : worst
            // Everything not ok counts for the advice (a swap rate under a critical PSI still says why).
            let deciding = reasons.filter { $0.level > .ok }
            let ordered =
                reasons.filter { $0.level == verdict }
                + reasons.filter { $0.level != verdict }.sorted { $0.level > $1.level }
            return PressureReport(
                verdict: verdict,
                unknownBecause: unknown ? unknownBecause : nil,
                reasons: ordered,
                advice: advice(verdict, deciding),
                psi: psi,
                rates: rates,
                activity: activity,
                oom: oom,
                notes: notes
            )
        }
    }
}

extension PressureStall {
    /// The `some` line, as an optional for key paths shared with `full`.
    var someLine: PressureLine? { some }
}
