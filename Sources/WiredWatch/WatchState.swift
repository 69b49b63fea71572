public import WiredCore

/// The panes of `wired watch`, in the order of their number keys.
public enum WatchPane: Int, CaseIterable, Hashable, Sendable {
    case processes, services, owners, kernel, growth

    /// The pane's name on its tab.
    public var title: String {
        switch self {
        case .processes: "Processes"
        case .services: "Services"
        case .owners: "Owners"
        case .kernel: "Kernel"
        case .growth: "Growth"
        }
    }

    /// Whether the pane needs the owners' facts (slab caches, vmalloc callers, cgroups) read.
    public var needsOwners: Bool { self == .services || self == .owners || self == .kernel }
}

/// The Processes pane's columns, in the order `<` and `>` step through them.
public enum ProcessColumn: Int, CaseIterable, Hashable, Sendable {
    case pid, pss, uss, rss, swap, wired, threads, command

    /// The column's heading.
    public var title: String {
        switch self {
        case .pid: "PID"
        case .pss: "PSS"
        case .uss: "USS"
        case .rss: "RSS"
        case .swap: "SWAP"
        case .wired: "WIRED"
        case .threads: "THR"
        case .command: "COMMAND"
        }
    }
}

/// What the bottom line is reading from the keyboard.
public enum WatchInput: Hashable, Sendable {
    /// `/`: a search; the selection jumps to the next row that contains it.
    case search
    /// `\`: a filter; only rows that contain it are listed.
    case filter
}

/// Everything the user chose: the pane, the selection, sorting, the search and filter, what is expanded.
///
/// Changed only by ``handle(_:list:page:)`` (a pure function of the state, a key and the rows on screen) and
/// ``settled(_:page:)`` after a refresh.
public struct WatchState: Hashable, Sendable {
    /// The pane shown.
    public var pane: WatchPane = .processes
    /// The selected row's index in the pane's list.
    public var selected = 0
    /// The list's first row on screen.
    public var top = 0
    /// The Processes pane's sort column; sizes sort biggest first, PID and COMMAND smallest first.
    public var sort: ProcessColumn = .pss
    /// Whether the sort is the other way round (`I`).
    public var inverted = false
    /// The filter (`\`): rows that do not contain it, ignoring case, are not listed.
    public var filter = ""
    /// The last search (`/`).
    public var search = ""
    /// What the bottom line is reading, if anything.
    public var input: WatchInput?
    /// The row followed (`F`): the selection stays on it as the list changes.
    public var followed: String?
    /// The Processes pane shows the process tree (`t`).
    public var tree = false
    /// Readings stop being applied (`p`).
    public var paused = false
    /// The help is shown (`?`, F1).
    public var help = false
    /// The owners tree's expanded nodes.
    public var expanded: Set<String> = []
    /// A one-line message for the bottom line ("no match"), cleared by the next key.
    public var message: String?
    /// When the sample shown was taken, when it is a recorded one (stepped to with `[`, `{`; `L` comes back);
    /// `nil` live.
    public var past: Timestamp?

    /// The state a view starts in.
    public init() {}
}

/// What a key asks of the command beyond a new state.
public enum WatchEffect: Hashable, Sendable {
    /// End the view.
    case quit
    /// Clear the screen and draw it whole (Ctrl-L).
    case repaint
    /// Show the recorded sample one step away.
    case step(TimelineStep)
    /// Show the newest reading again, after recorded samples (`L`).
    case live
}

/// One row of a pane as the key handling sees it.
public struct ListEntry: Hashable, Sendable {
    /// Stable across readings: a process's pid and start time, a service's path, an owner's id.
    public var id: String
    /// What search and filter look in.
    public var text: String
    /// The owners tree: the node has children, and whether they are shown.
    public var expandable: Bool
    public var expanded: Bool
    /// The owners tree: the parent row's id.
    public var parent: String?

    /// An entry.
    public init(id: String, text: String, expandable: Bool = false, expanded: Bool = false, parent: String? = nil) {
        self.id = id
        self.text = text
        self.expandable = expandable
        self.expanded = expanded
        self.parent = parent
    }
}

extension WatchState {
    /// The state with the selection on the followed row, inside the list, and scrolled into a page of `page`
    /// rows.
    public func settled(_ list: [ListEntry], page: Int) -> WatchState {
        var state = self
        if let followed, let index = list.firstIndex(where: { $0.id == followed }) { state.selected = index }
        state.selected = max(0, min(state.selected, list.count - 1))
        let page = max(1, page)
        if state.selected < state.top { state.top = state.selected }
        if state.selected >= state.top + page { state.top = state.selected - page + 1 }
        state.top = max(0, min(state.top, max(0, list.count - page)))
        return state
    }
}
