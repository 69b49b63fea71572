import WiredCore

extension WatchPanes {
    /// The Processes pane's columns: PID, then sizes from `/proc/PID/smaps_rollup` (PSS, USS = private clean +
    /// dirty, SWAP), RSS from `/proc/PID/status`, WIRED the process's wired cost (page tables, kernel stacks,
    /// kernel objects, locked and pinned pages, hugetlb: `ProcessRow.wired`), THR threads, and the command line.
    static let processColumns = [
        PaneColumn("PID", 7), PaneColumn("PSS", 7), PaneColumn("USS", 7), PaneColumn("RSS", 7),
        PaneColumn("SWAP", 6), PaneColumn("WIRED", 6), PaneColumn("THR", 5), PaneColumn(" COMMAND", 0, right: false),
    ]

    /// Every process, sorted by the state's column (or as a tree, children under their parent, each level
    /// sorted); a process whose smaps could not be read shows "-" for PSS, USS and SWAP and sorts by RSS.
    static func processes(_ findings: WatchFindings, state: WatchState) -> PaneTable {
        let columns = processColumns
        guard findings.hasProcesses else {
            let why =
                findings.snapshot.darwin != nil
                ? "a macOS reading: its processes are in `wired top --from`" : "the reading holds no processes"
            return PaneTable(columns: columns, rows: [.note("none", why, columns: columns.count)])
        }
        var rows = findings.processes
        if !state.filter.isEmpty { rows = rows.filter { processText($0).containsIgnoringCase(state.filter) } }
        let sorted = rows.sorted { before($0, $1, by: state.sort, inverted: state.inverted) }
        let ordered = state.tree ? tree(sorted, parents: findings.parents) : sorted.map { ($0, 0) }
        return PaneTable(columns: columns, rows: ordered.map { processRow($0.0, depth: $0.1) })
    }

    static func processText(_ row: ProcessRow) -> String { "\(row.pid.map(String.init) ?? "") \(row.command)" }

    static func processRow(_ row: ProcessRow, depth: Int) -> PaneRow {
        let id = "p\(row.pid ?? 0):\(row.startTime ?? 0)"
        let branch = depth == 0 ? "" : String(repeating: "  ", count: depth - 1) + "└─ "
        let cells = [
            row.pid.map(String.init) ?? "", size(row.pss), size(row.uss), size(row.rss), size(row.swap),
            size(row.wired), String(row.threads), " " + branch + row.command,
        ]
        let kind: RowKind = row.locked.bytes + row.pinned.bytes + row.hugetlb.bytes > 0 ? .wired : .plain
        return PaneRow(ListEntry(id: id, text: processText(row)), cells, kind)
    }

    /// Whether `a` comes before `b`: sizes and threads biggest first, PID and command smallest first; ties by PID.
    static func before(_ a: ProcessRow, _ b: ProcessRow, by column: ProcessColumn, inverted: Bool) -> Bool {
        let order: Int
        switch column {
        case .pid: order = compare(b.pid ?? 0, a.pid ?? 0)
        case .command: order = compare(b.command, a.command)
        case .pss: order = compare((a.pss ?? a.rss).bytes, (b.pss ?? b.rss).bytes)
        case .uss: order = compare((a.uss ?? a.rss).bytes, (b.uss ?? b.rss).bytes)
        case .rss: order = compare(a.rss.bytes, b.rss.bytes)
        case .swap: order = compare((a.swap ?? a.vmSwap).bytes, (b.swap ?? b.vmSwap).bytes)
        case .wired: order = compare(a.wired.bytes, b.wired.bytes)
        case .threads: order = compare(a.threads, b.threads)
        }
        if order == 0 { return (a.pid ?? 0) < (b.pid ?? 0) }
        return inverted ? order < 0 : order > 0
    }

    /// 1 when `a` is bigger, -1 when smaller, 0 when equal.
    private static func compare<T: Comparable>(_ a: T, _ b: T) -> Int { a > b ? 1 : a < b ? -1 : 0 }

    /// The rows as a tree: a process under its parent (`/proc/PID/stat`'s ppid), roots those whose parent is
    /// not listed; each level keeps the order of `sorted`.
    static func tree(_ sorted: [ProcessRow], parents: [Int32: Int32]) -> [(ProcessRow, Int)] {
        let listed = Set(sorted.compactMap(\.pid))
        var children: [Int32: [ProcessRow]] = [:]
        var roots: [ProcessRow] = []
        for row in sorted {
            if let pid = row.pid, let parent = parents[pid], parent != pid, listed.contains(parent) {
                children[parent, default: []].append(row)
            } else {
                roots.append(row)
            }
        }
        var out: [(ProcessRow, Int)] = []
        var stack = roots.reversed().map { ($0, 0) }
        var seen = Set<Int32>()
        while let (row, depth) = stack.popLast() {
            if let pid = row.pid, !seen.insert(pid).inserted { continue }
            out.append((row, depth))
            let kids = row.pid.flatMap { children[$0] } ?? []
            stack += kids.reversed().map { ($0, depth + 1) }
        }
        return out
    }
}
