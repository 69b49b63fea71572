public import WiredCore

/// The text view of `wired top`.
public enum ProcessReport {
    /// Where each column comes from, for `--help` and the README.
    public static let columnSources = """
        PID      /proc/PID; * = smaps_rollup unreadable: PSS, USS, SWAP unknown
        USER     effective Uid in /proc/PID/status, named from /etc/passwd
        PSS      Pss in /proc/PID/smaps_rollup (pages shared by N count 1/N)
        USS      Private_Clean + Private_Dirty in smaps_rollup
        RSS      VmRSS in /proc/PID/status, as RssAnon/RssFile/RssShmem
        SWAP     SwapPss in smaps_rollup
        THR      num_threads in /proc/PID/stat
        WIRED    VmPTE + threads x stack size + kernel objects + locked +
                 VmPin + HugetlbPages (status); kernel objects = threads x
                 (task_struct + pid) + signal, sighand, mm, files, fs and
                 cred structs, sized from /proc/slabinfo (else defaults);
                 locked = Locked in smaps_rollup, or else VmLck capped at
                 VmRSS. Never anonymous memory, swap or no swap
        COMMAND  /proc/PID/cmdline with secrets redacted
        """

    /// Renders rows (already sorted and limited) with the summary and the ledger comparison.
    public static func render(
        _ snapshot: Snapshot,
        rows: [ProcessRow],
        totalRows: Int,
        summary: ProcessSummary,
        ledger: Ledger?,
        sort: ProcessSort,
        grouping: ProcessGrouping?,
        style: Style,
        width: Int
    ) -> String {
        var out: [String] = []
        let what = grouping.map { "\(totalRows) groups by \($0.rawValue)" } ?? "\(summary.processes) processes"
        out.append(
            LedgerReport.header(snapshot.meta, style: style) + " · \(what), sorted by \(sort.rawValue.uppercased())"
        )
        out.append("")
        let size = { (bytes: ByteCount?) -> String in
            guard let bytes else { return "-" }
            return style.exactBytes ? ByteFormat.exact(bytes.bytes) : ByteFormat.compact(bytes.bytes)
        }
        let w = style.exactBytes ? 14 : 6
        let first = grouping == nil ? Layout.padLeft("PID", 8) : Layout.padLeft("PROCS", 8)
        let header =
            "\(first) \(Layout.pad("USER", 10))\(Layout.padLeft("PSS", w)) \(Layout.padLeft("USS", w)) \(Layout.padLeft("RSS", w))  \(Layout.pad("anon/file/shm", style.exactBytes ? 44 : 17))\(Layout.padLeft("SWAP", w)) \(Layout.padLeft("THR", 5)) \(Layout.padLeft("WIRED", w))  \(grouping == nil ? "COMMAND" : grouping?.rawValue.uppercased() ?? "")"
        out.append(style.dim(header))
        for row in rows {
            let id: String
            if let pid = row.pid {
                id = Layout.padLeft("\(pid)\(row.inspectable ? " " : "*")", 8)
            } else {
                id = Layout.padLeft("\(row.processCount)\(row.inspectable ? " " : "*")", 8)
            }
            let split = "\(size(row.rssAnon))/\(size(row.rssFile))/\(size(row.rssShmem))"
            let swap = row.swap ?? (row.inspectable ? nil : nil)
            let line =
                "\(id) \(Layout.pad(Layout.cut(row.user, 9), 10))\(Layout.padLeft(size(row.pss), w)) \(Layout.padLeft(size(row.uss), w)) \(Layout.padLeft(size(row.rss), w))  \(Layout.pad(split, style.exactBytes ? 44 : 17))\(Layout.padLeft(size(swap), w)) \(Layout.padLeft(String(row.threads), 5)) \(Layout.padLeft(size(row.wired), w))  "
            let label = grouping == nil ? row.command : row.name
            out.append(line + Layout.cut(label, max(10, width - Layout.width(line))))
        }
        if rows.count < totalRows {
            out.append(style.dim("  … \(totalRows - rows.count) more (--limit 0 shows all)"))
        }
        out.append("")
        out += footer(summary, ledger: ledger, asRoot: snapshot.processes?.asRoot ?? false, style: style)
        if let hidden = hiddenText(hidden: summary.hidden, scan: snapshot.processes) {
            out.append("\(style.bold(Layout.pad("Hidden", 7)))\(Layout.safe(hidden))")
        }
        return out.joined(separator: "\n")
    }

    static func footer(_ s: ProcessSummary, ledger: Ledger?, asRoot: Bool, style: Style) -> [String] {
        var out: [String] = []
        let inspected = s.processes - s.uninspectable
        var pssLine = "\(style.bold(Layout.pad("Σ PSS", 7)))\(style.size(s.pss)) of \(inspected) processes"
        if let anon = s.pssAnon, let file = s.pssFile, let shmem = s.pssShmem {
            pssLine += " = anon \(style.size(anon)) + file \(style.size(file)) + shared \(style.size(shmem))"
        }
        out.append(pssLine)
        if let ledger, let anon = s.pssAnon, let shmem = s.pssShmem {
            let ids: [BucketID] = [.app, .shmem, .anonBeyondSwap, .mlocked]
            let ledgerSide = ids.compactMap { ledger.bucket($0)?.bytes }.sum()
            let share = ledgerSide.bytes > 0 ? Double((anon + shmem).bytes) / Double(ledgerSide.bytes) : 0
            out.append(
                "       ledger: app \(style.size(ledger.bucket(.app)?.bytes ?? .zero)) + shared \(style.size(ledger.bucket(.shmem)?.bytes ?? .zero)) + locked \(style.size(ledger.bucket(.mlocked)?.bytes ?? .zero)) = \(style.size(ledgerSide)); processes' anonymous and shared PSS covers \(ByteFormat.percent(share)) of it"
            )
            out.append(
                style.dim(
                    "       (shared memory no process maps, such as tmpfs files and SysV segments, is in the ledger but in no PSS; file PSS is mapped file cache)"
                )
            )
        }
        out.append(
            "\(style.bold(Layout.pad("Wired", 7), .wired))\(style.size(s.wired)) caused by processes = page tables \(style.size(s.pageTables)) + kernel stacks \(style.size(s.kernelStacks)) (\(s.threads) threads × \(s.stackSize)) + kernel objects \(style.size(s.kernelObjects)) + locked \(style.size(s.locked)) + pinned \(style.size(s.pinned)) + hugetlb \(style.size(s.hugetlb))"
        )
        if let sizes = s.objectSizes {
            let thread = ByteCount(bytes: sizes.threadBytes)
            let process = ByteCount(bytes: sizes.processBytes)
            out.append(
                style.dim(
                    "       kernel objects: \(thread) per thread (task_struct, pid) + \(process) per process (signal, sighand, mm, files, fs, cred); \(sizes.source)"
                )
            )
        }
        out.append(
            "       \(s.kernelThreads) kernel threads are not listed; their stacks (\(style.size(s.kernelThreadStacks))) are kernel memory"
        )
        out.append(style.dim("       one kernel stack is \(s.stackSize): \(Layout.safe(s.stackSizeSource))"))
        var also: [String] = []
        if s.zombies > 0 { also.append("\(s.zombies) zombie\(s.zombies == 1 ? "" : "s") (memory already freed)") }
        if s.uninspectable > 0 {
            let reasons = s.denials.sorted { $0.key < $1.key }.map { reason, count in
                let text =
                    reason == "permission"
                    ? (asRoot ? "protected from ptrace even for root" : "other users' processes: PSS needs root")
                    : reason
                return "\(count) \(text)"
            }
            also.append(
                "\(s.uninspectable) not inspectable (*; \(reasons.joined(separator: ", "))): RSS shown (\(style.size(s.uninspectableRSS)) in all), PSS, USS and swap unknown"
            )
        }
        if s.gone > 0 { also.append("\(s.gone) exited while being read") }
        if !also.isEmpty {
            out.append("\(style.bold(Layout.pad("Also", 7)))\(Layout.safe(also.joined(separator: " · ")))")
        }
        return out
    }

    /// What `hidepid` (or a refusal to open `/proc/PID`) kept from this reading, and how to see it; `nil` when
    /// nothing was hidden.
    ///
    /// `hidden` counts processes listed but refused (EPERM, EACCES: `hidepid=1`); with `hidepid=2` other users'
    /// processes are not listed at all, and ``ProcessScan/unlisted`` counts them from the cgroup tree.
    static func hiddenText(hidden: Int, scan: ProcessScan?) -> String? {
        let mode = scan?.hidepidMode
        var option = scan?.hidepid.map { "hidepid=\($0)" }
        if let mode, let value = scan?.hidepid, value != mode.rawValue {
            option = "hidepid=\(value) (\(mode.rawValue))"
        }
        let group = scan?.hidepidGroup.map { " (or as a member of group \($0), the mount's gid=)" } ?? ""
        if let mode, mode.hidesListing, let option, scan?.asRoot == false {
            let who = mode == .ptraceable ? "processes this user may not ptrace" : "processes of other users"
            let count =
                scan?.unlisted.map { "\($0) in cgroup.procs \($0 == 1 ? "is" : "are") not in /proc" }
                ?? "how many is unknown"
            var text =
                "/proc is mounted with \(option): \(who) are not listed (\(count)); run as root\(group) to see them"
            if hidden > 0 { text += "; \(hidden) more listed but refused (permission)" }
            return text
        }
        guard hidden > 0 else { return nil }
        let processes = "\(hidden) process\(hidden == 1 ? "" : "es")"
        guard let option, mode != .off else {
            return "\(processes) listed in /proc but refused to open (permission) and left out; run as root to see them"
        }
        return
            "/proc is mounted with \(option): \(processes) of other users \(hidden == 1 ? "is" : "are") listed but cannot be opened, so \(hidden == 1 ? "it is" : "they are") left out; run as root\(group) to see them"
    }
}
