import WiredCore

extension MetricsView {
    /// The pressure verdict (one series per verdict, 1 for the current one), PSI stall time and the paging
    /// counters since boot (/proc/vmstat), in base units.
    static func pressureFamilies(_ sample: Sample) -> [MetricFamily] {
        let verdicts = PressureReport.Verdict.allCases.map {
            MetricPoint([("verdict", $0.rawValue)], $0 == sample.pressure.verdict ? 1 : 0)
        }
        var families = [
            MetricFamily(
                "wired_pressure_verdict",
                "The pressure verdict of wired status (PSI, swap-in, refault and OOM rates against thresholds): 1 for the current verdict.",
                verdicts
            )
        ]
        guard let linux = sample.snapshot.linux else { return families }
        if let psi = linux.pressure {
            var points = [MetricPoint([("kind", "some")], Double(psi.some.totalMicroseconds) / 1e6)]
            if let full = psi.full {
                points.append(MetricPoint([("kind", "full")], Double(full.totalMicroseconds) / 1e6))
            }
            families.append(
                MetricFamily(
                    "wired_pressure_stall_seconds_total",
                    "Time tasks stalled waiting for memory since boot (/proc/pressure/memory total): some = at least one task, full = all non-idle tasks.",
                    counter: true,
                    points
                )
            )
        }
        families += vmstatFamilies(linux.vmstat ?? [:], pageSize: Double(sample.snapshot.meta.pageSize))
        return families
    }

    /// Paging counters since boot from /proc/vmstat: pages turned into bytes with the page size, pgpgin/pgpgout
    /// from KiB.
    static func vmstatFamilies(_ vmstat: [String: Int64], pageSize: Double) -> [MetricFamily] {
        func value(_ keys: [String], scale: Double) -> Double? {
            let found = keys.compactMap { vmstat[$0] }
            return found.isEmpty ? nil : Double(found.reduce(0, &+)) * scale
        }
        let refaults =
            vmstat["workingset_refault_anon"] != nil || vmstat["workingset_refault_file"] != nil
            ? ["workingset_refault_anon", "workingset_refault_file"] : ["workingset_refault"]
        let counters: [(String, String, [String], Double)] = [
            (
                "wired_swap_in_bytes_total", "Bytes swapped in since boot (pswpin in /proc/vmstat, pages).", ["pswpin"],
                pageSize
            ),
            (
                "wired_swap_out_bytes_total", "Bytes swapped out since boot (pswpout in /proc/vmstat, pages).",
                ["pswpout"], pageSize
            ),
            (
                "wired_page_in_bytes_total", "Bytes paged in from storage since boot (pgpgin in /proc/vmstat, KiB).",
                ["pgpgin"], 1024
            ),
            (
                "wired_page_out_bytes_total", "Bytes paged out to storage since boot (pgpgout in /proc/vmstat, KiB).",
                ["pgpgout"], 1024
            ),
            (
                "wired_major_faults_total", "Major page faults since boot (pgmajfault in /proc/vmstat).",
                ["pgmajfault"], 1
            ),
            (
                "wired_refault_bytes_total",
                "Bytes of evicted pages faulted back in since boot (workingset_refault_anon+file in /proc/vmstat, pages).",
                refaults, pageSize
            ),
            (
                "wired_oom_kills_total", "Processes killed by the OOM killer since boot (oom_kill in /proc/vmstat).",
                ["oom_kill"], 1
            ),
        ]
        return counters.compactMap { name, help, keys, scale in
            value(keys, scale: scale).map { MetricFamily(name, help, counter: true, value: $0) }
        }
    }

    /// Self-metrics: how long the sample took, when it was taken, and which wired took it.
    static func selfFamilies(_ sample: Sample) -> [MetricFamily] {
        [
            MetricFamily(
                "wired_sample_duration_seconds",
                "Seconds the last sample took to read and analyse.",
                value: sample.duration
            ),
            MetricFamily(
                "wired_sample_timestamp_seconds",
                "When the last sample was taken (Unix time, the reading's takenAt).",
                value: Double(sample.snapshot.meta.takenAt.seconds)
            ),
            MetricFamily(
                "wired_source_problems",
                "Problems the last reading met (files or fields that could not be read; /api/status lists them).",
                value: Double(sample.snapshot.problems.count)
            ),
            MetricFamily(
                "wired_build_info",
                "The wired that serves these metrics: 1, labelled with its version.",
                [MetricPoint([("version", WiredVersion.current)], 1)]
            ),
        ]
    }
}
