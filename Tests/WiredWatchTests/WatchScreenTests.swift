import Testing
import WiredCore
import WiredTerminal
import WiredTestSupport
import WiredWatch

/// The vm-6.18-owners tree, read whole (system, processes, owners), analysed once for every test.
private let owners = WatchFindings(Fixtures.fullSnapshot("vm-6.18-owners"))
private let small = Size(rows: 24, columns: 80)

private func screen(_ state: WatchState = WatchState(), _ findings: WatchFindings = owners) -> [String] {
    WatchScreen(findings: findings, start: findings, state: state, colors: false).frame(small).lines
}

@Suite("Watch screen")
struct WatchScreenTests {
    @Test("the header at 80x24: title, the bar of installed RAM by class, Wired's parts, available, swap, pressure")
    func header() {
        let lines = screen()
        #expect(lines.count == 24)
        #expect(lines.allSatisfy { $0.count == 80 })
        #expect(lines[0].hasPrefix(" wired watch · vm · Linux 6.18.44-fc-v657 · 2026-11-25 00:13:07 UTC"))
        // 78 cells between the brackets. Free is 92.4% (72.1 cells); reclaimable 3.1% takes 2, and compressed,
        // unswappable, wired, reserved and unexplained (0.2 to 1.9%) one each: 79, so free gives one back.
        #expect(lines[1].hasPrefix("[") && lines[1].hasSuffix("]"))
        #expect(lines[1].filter { $0 == "." }.count == 71)
        #expect(lines[1].hasSuffix("rrcuW#?]"))
        // At 80 columns the legend's names are short; at 160 they are whole, with installed RAM after them.
        #expect(lines[2].hasPrefix(". free 92.4%  r recl 3.1%  c cmpr 0.2%  u unswap 1.3%  W wired 1.0%"))
        let wide = WatchScreen(findings: owners, start: owners, state: WatchState(), colors: false)
            .frame(Size(rows: 24, columns: 160)).lines
        #expect(wide[2].hasPrefix(". free 92.4%  r reclaimable 3.1%  c compressed 0.2%"))
        #expect(wide[2].contains("? unexplained 0.1%  of 24.0 GiB"))
        #expect(lines[3].hasPrefix("Wired 248 MiB = "))
        // MemAvailable 23717284 kB = 22.6 GiB; SwapTotal 0.
        #expect(lines[4].hasPrefix("Avail 22.6 GiB  Swap none  Pressure ok: "))
        #expect(lines[5].hasPrefix("Rates: swap-in, swap-out, refaults and major faults show from the second"))
        #expect(lines[6].hasPrefix(" 1 Processes   2 Services   3 Owners   4 Kernel   5 Growth"))
        #expect(lines[23].hasPrefix(" ?help /search"))
    }

    @Test("processes by PSS: smaps_rollup's Pss in kB, '-' where smaps was unreadable, RSS from status")
    func processes() {
        let lines = screen()
        #expect(lines[7].hasPrefix("    PID   PSS▼    USS    RSS  SWAP WIRED  THR COMMAND"))
        // Pss 104648 kB, Rss 111868 kB; then 67843 kB before 67755 kB.
        #expect(lines[8].hasPrefix("  26275   102M   101M   109M     0"))
        #expect(lines[9].hasPrefix("  26270    66M"))
        #expect(lines[10].hasPrefix("  26280    66M"))
        #expect(lines[11].hasPrefix("      1      -      -   9.6M     -"))
        var byPID = WatchState()
        byPID.sort = .pid
        #expect(screen(byPID)[8].hasPrefix("      1 "))
        byPID.inverted = true
        #expect(screen(byPID)[8].hasPrefix("  26289 "))
    }

    @Test("the filter keeps the rows that contain it; the tree puts children under their parent")
    func filterAndTree() {
        var state = WatchState()
        state.filter = "bash"
        let table = WatchPanes.table(owners, start: nil, state: state)
        #expect(table.rows.map { $0.cells[0] }.sorted() == ["1298", "26202", "26203", "26207", "26289"])
        state.filter = ""
        state.tree = true
        let tree = WatchPanes.table(owners, start: nil, state: state).rows
        guard let parent = tree.firstIndex(where: { $0.cells[0] == "26207" }) else {
            Issue.record("no row for 26207")
            return
        }
        // 26275 (in-cgroup), 26285 (hugeuser) and 26289 (bash) have PPid 26207.
        let children = tree[(parent + 1)...].prefix { $0.cells[7].hasPrefix(" └─ ") || $0.cells[7].hasPrefix("   ") }
        #expect(Set(children.map { $0.cells[0] }).isSuperset(of: ["26275", "26285", "26289"]))
        #expect(tree[parent + 1].cells[0] == "26275")  // the biggest child first
    }

    @Test("the owners tree shows its top level; an expanded node shows its children below it")
    func ownersTree() {
        var state = WatchState()
        state.pane = .owners
        let closed = WatchPanes.table(owners, start: nil, state: state)
        let reserved = closed.rows[0]
        #expect(reserved.cells[3].hasPrefix(" ▸ Reserved at boot"))
        #expect(reserved.entry.expandable)
        state.expanded = [reserved.entry.id]
        let open = WatchPanes.table(owners, start: nil, state: state)
        #expect(open.rows[0].cells[3].hasPrefix(" ▾ Reserved at boot"))
        #expect(open.rows[1].entry.parent == reserved.entry.id)
        #expect(open.rows[1].cells[3].hasPrefix("     Firmware"))
        #expect(open.rows.count > closed.rows.count)
        let lines = screen(state)
        #expect(lines[7].hasPrefix("    SIZE  SHARE   OWNER"))
        #expect(lines[8].hasPrefix("    470M   1.9% W ▾ Reserved at boot"))
    }

    @Test("the kernel pane: ledger buckets, slab caches from slabinfo, vmalloc callers")
    func kernel() {
        var state = WatchState()
        state.pane = .kernel
        let rows = WatchPanes.table(owners, start: nil, state: state).rows
        // ext4_inode_cache: 3356 slabs × 4 pages × 4 KiB = 52.4 MiB, 46984 objects of 1128 bytes.
        let cache = rows.first { $0.entry.id == "cext4_inode_cache" }
        #expect(cache?.cells[0...3] == ["52M", "46984", "1.1K", " reclaim"])
        #expect(rows.contains { $0.kind == .heading && $0.cells.last == "vmalloc callers (/proc/vmallocinfo)" })
        // PageTables 2856 kB.
        #expect(rows.contains { $0.entry.id == "bpage-tables" && $0.cells[0] == "2.8M" })
    }

    @Test("growth since the first reading: a process's PSS, a new process, one that exited, a bucket")
    func growth() {
        let first = Fixtures.fullSnapshot("vm-6.18-owners")
        var later = first
        guard var scan = later.processes, let index = scan.processes.firstIndex(where: { $0.pid == 26270 }),
            var smaps = scan.processes[index].smaps
        else {
            Issue.record("no smaps for 26270")
            return
        }
        smaps.pss += 10 << 20
        scan.processes[index].smaps = smaps
        scan.processes.removeAll { $0.pid == 26203 }
        later.processes = scan
        later.meta.takenAt.seconds += 60
        var state = WatchState()
        state.pane = .growth
        let table = WatchPanes.table(WatchFindings(later), start: WatchFindings(first), state: state)
        #expect(table.caption == "since 00:13:07 UTC, the view's first reading")
        #expect(table.rows.first?.cells == ["+10M", "76M", " pss", " 26270 [shmholder]"])
        #expect(table.rows.last?.cells.prefix(3) == ["-808K", "-", " exited"])
        let none = WatchPanes.table(owners, start: owners, state: state)
        #expect(none.rows.map(\.kind) == [.note])
    }

    @Test("growth from a sample of another boot: the same pid and start tick is another process")
    func growthAcrossBoots() {
        let first = Fixtures.fullSnapshot("vm-6.18-owners")
        var later = first
        later.meta.bootID = "another-boot"
        later.meta.takenAt.seconds += 60
        var state = WatchState()
        state.pane = .growth
        let rows = WatchPanes.table(WatchFindings(later), start: WatchFindings(first), state: state).rows
        func kinds(_ kind: String) -> Int { rows.filter { $0.cells.count > 2 && $0.cells[2] == kind }.count }
        // Every process of the earlier boot exited and every one of this boot is new; none is compared.
        #expect(kinds(" exited") > 0)
        #expect(kinds(" new") == kinds(" exited"))
        #expect(kinds(" pss") == 0 && kinds(" rss") == 0)
    }

    @Test("owners a live reader carried say how old they are, in the Owners and Kernel panes")
    func carriedAges() {
        var snapshot = Fixtures.fullSnapshot("vm-6.18-owners")
        snapshot.owners?.carried = CarriedSource.all(["/proc/slabinfo", "/proc/vmallocinfo"], seconds: 4.5)
        let findings = WatchFindings(snapshot)
        var state = WatchState()
        state.pane = .kernel
        let kernel = WatchPanes.table(findings, start: nil, state: state).rows
        #expect(
            kernel.contains { $0.kind == .heading && $0.cells.last == "Slab caches (/proc/slabinfo, read 4 s ago)" }
        )
        #expect(
            kernel.contains {
                $0.kind == .heading && $0.cells.last == "vmalloc callers (/proc/vmallocinfo, read 4 s ago)"
            }
        )
        state.pane = .owners
        let ownersRows = WatchPanes.table(findings, start: nil, state: state).rows
        #expect(
            ownersRows.last?.entry.text
                == "Owners as of 4 s ago (read every 10 s); "
                + "memfds, GPU clients and vmalloc callers as of 4 s ago (read every 60 s)"
        )
        // Owners read now with the slower sources carried name only those.
        #expect(
            WatchPanes.carriedNote(CarriedSource.all([CarriedSource.openFiles], seconds: 42))
                == "Owners: memfds, GPU clients and vmalloc callers as of 42 s ago (read every 60 s)"
        )
        #expect(WatchPanes.carriedNote([]) == nil)
        // Read for this reading: no age.
        state.pane = .kernel
        let fresh = WatchPanes.table(owners, start: nil, state: state).rows
        #expect(fresh.contains { $0.kind == .heading && $0.cells.last == "Slab caches (/proc/slabinfo)" })
    }

    @Test("the help replaces the table; a message replaces the keys on the bottom line")
    func helpAndMessage() {
        var state = WatchState()
        state.help = true
        let lines = screen(state)
        #expect(lines[7].hasPrefix("Keys (htop's)"))
        state.help = false
        state.message = "no row contains \"x\""
        #expect(screen(state)[23].hasPrefix("no row contains \"x\""))
        state.message = nil
        state.input = .search
        state.search = "ngi"
        #expect(screen(state)[23].hasPrefix("Search: ngi▏"))
        state.paused = true
        #expect(screen(state)[0].hasSuffix(" PAUSED (p) "))
    }
}
