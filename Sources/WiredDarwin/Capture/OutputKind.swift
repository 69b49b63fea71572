/// Which command printed a text, recognised by content, never by file name (sysdiagnose names are not
/// documented and change between releases).
public enum OutputKind: String, Sendable, CaseIterable {
    case vmStat = "vm_stat"
    case memoryPressure = "memory_pressure"
    case top
    case zprint
    case footprint
    case kextstat
    case sysctl

    /// The kind of `text`, or `nil` for anything else (logs, `ps`, binary files).
    ///
    /// Signatures (`docs/macos.md` §1.3): vm_stat's banner; memory_pressure's "The system has … pages with a
    /// page size of"; top's "Processes:" and "PhysMem:" lines; zprint's "zone name" or "wired memory"
    /// header; footprint's "Footprint:" block header or "Summary Footprint:"; kextstat's "Index Refs
    /// Address" header; sysctl's dotted `name: value` lines (at least half of the lines).
    ///
    /// top is recognised by a `PhysMem:` item saying what is used or wired, at the start of a line or after
    /// another header item (interactive screens put two on a line), also in a file of nothing else (`top -l 1
    /// -n 0 | grep PhysMem`) and in a terminal recording, whose escape sequences are played first.
    public static func detect(_ text: String) -> OutputKind? {
        let lines = Text.lines(text).map { Text.trimmed($0) }.filter { !$0.isEmpty }
        guard let first = lines.first else { return nil }
        if first.hasPrefix(VMStatDecoder.banner) { return .vmStat }
        if lines.contains(where: { $0.hasPrefix("The system has ") && $0.contains("pages with a page size of") }) {
            return .memoryPressure
        }
        if isTop(text, lines: lines) { return .top }
        if lines.contains(where: { $0.hasPrefix("zone name") })
            || lines.contains(where: { $0.hasPrefix("wired memory") && $0.contains("id") })
        {
            return .zprint
        }
        if lines.contains(where: { $0.hasPrefix("Summary Footprint:") })
            || lines.contains(where: { $0.contains("]: ") && $0.contains("-bit") && $0.contains("Footprint:") })
        {
            return .footprint
        }
        if lines.contains(where: { $0.hasPrefix("Index") && $0.contains("Refs") && $0.contains("Address") }) {
            return .kextstat
        }
        let named = lines.filter { SysctlDecoder.split($0) != nil }.count
        if named > 0, named * 2 >= lines.count { return .sysctl }
        return nil
    }

    /// True for top output: a `PhysMem:` header item, in the text or on the last screen a recording shows.
    static func isTop(_ text: String, lines: [Substring]) -> Bool {
        guard text.contains("PhysMem:") else { return false }
        func physMem(_ lines: [Substring]) -> Bool {
            lines.contains { line in
                TopDecoder.items(of: line).contains {
                    $0.hasPrefix("PhysMem:") && ($0.contains(" used") || $0.contains(" wired"))
                }
            }
        }
        if physMem(lines) { return true }
        guard let screen = TerminalScreen.lastScreen(of: text, showing: "PhysMem:") else { return false }
        return physMem(Text.lines(screen.text).map { Text.trimmed($0) })
    }
}
