import WiredTerminal

/// The help screen (`?`, F1): the keys, and what the columns mean.
enum WatchHelp {
    static let lines = [
        "Keys (htop's)                                     any key closes this help",
        "  ↑ ↓ PgUp PgDn Home End  move           Tab Shift-Tab 1-5  switch pane",
        "  /  search (F3 or n: next)              \\  filter (Esc clears)",
        "  F  follow the selected row             p  pause the readings",
        "  s > <  sort column   M by PSS   I invert   N by PID   t  process tree",
        "  Enter →  expand an owner   ←  collapse   Ctrl-L  redraw   q F10  quit",
        "  [ ]  previous/next recorded sample     { }  an hour back/forward",
        "  L  back to the newest reading (from recorded samples: wired record)",
        "",
        "Columns: PSS, USS and SWAP from /proc/PID/smaps_rollup (\"-\" where it is",
        "unreadable without root), RSS from /proc/PID/status, WIRED what a process",
        "pins: page tables, kernel stacks and objects, locked and pinned pages.",
        "Sizes: K, M, G are KiB, MiB, GiB. The bar is installed RAM by class.",
    ]

    static func draw(_ frame: inout Frame, from first: Int, to end: Int) {
        for (offset, line) in lines.enumerated() where first + offset < end {
            frame.put(line, row: first + offset, column: 0, style: CellStyle(bold: offset == 0))
        }
    }
}
