public import WiredTerminal

extension WatchState {
    /// The state after `key`, with the pane's rows `list` on screen and `page` rows of them visible; and what
    /// the command must do beyond drawing it.
    ///
    /// htop's keys: arrows, PgUp/PgDn, Home/End move; `/` searches, `\` filters, `F` follows; `s`, `<`, `>`
    /// choose the sort column, `M` sorts by memory (PSS), `I` inverts; `t` the tree; `p` pauses; `?` or F1 help;
    /// `q` or F10 quits. Tab, Shift-Tab and `1`–`5` switch panes; in the owners tree Enter or → expands and ←
    /// collapses; `[` `]` `{` `}` step through recorded samples and `L` comes back to the newest reading.
    public func handle(_ key: Key, list: [ListEntry], page: Int) -> (WatchState, WatchEffect?) {
        var state = self
        state.message = nil
        if let input {
            state.type(key, into: input, list: list)
            return (state.settled(list, page: page), nil)
        }
        if help {
            switch key {
            case .character("q"), .function(10): return (state, .quit)
            default:
                state.help = false
                return (state, nil)
            }
        }
        if let effect = state.command(key, list: list, page: page) { return (state, effect) }
        return (state.settled(list, page: page), nil)
    }

    /// A key outside the search and filter line and the help.
    private mutating func command(_ key: Key, list: [ListEntry], page: Int) -> WatchEffect? {
        if move(key, count: list.count, page: page) {
            followed = nil
            return nil
        }
        switch key {
        case .character("q"), .function(10): return .quit
        case .ctrl("l"): return .repaint
        case .tab: switchPane(to: WatchPane(rawValue: (pane.rawValue + 1) % WatchPane.allCases.count))
        case .backTab:
            let count = WatchPane.allCases.count
            switchPane(to: WatchPane(rawValue: (pane.rawValue + count - 1) % count))
        case .character(let digit) where ("1"..."5").contains(digit):
            switchPane(to: digit.wholeNumberValue.flatMap { WatchPane(rawValue: $0 - 1) })
        case .character("?"), .character("h"), .function(1): help = true
        case .character("/"), .function(3): input = .search
        case .character("\\"), .function(4): input = .filter
        case .character("n"): findNext(in: list, after: selected + 1)
        case .character("F"): follow(list)
        case .character("p"), .character("Z"): paused.toggle()
        case .character("["): return .step(.previous)
        case .character("]"): return .step(.next)
        case .character("{"): return .step(.hourBack)
        case .character("}"): return .step(.hourForward)
        case .character("L"): return .live
        default: sortOrTree(key, list: list)
        }
        return nil
    }

    /// Arrows, PgUp/PgDn, Home/End; true when `key` was one of them.
    private mutating func move(_ key: Key, count: Int, page: Int) -> Bool {
        let page = max(1, page)
        switch key {
        case .up: selected -= 1
        case .down: selected += 1
        case .pageUp:
            selected -= page
            top -= page
        case .pageDown:
            selected += page
            top += page
        case .home: selected = 0
        case .end: selected = count - 1
        default: return false
        }
        selected = max(0, min(selected, count - 1))
        top = max(0, top)
        return true
    }

    /// Sorting keys, the tree, and the owners tree's Enter, → and ←.
    private mutating func sortOrTree(_ key: Key, list: [ListEntry]) {
        let columns = ProcessColumn.allCases.count
        switch key {
        case .character(">"), .character("."), .character("s"), .function(6):
            if pane == .processes { sort = ProcessColumn(rawValue: (sort.rawValue + 1) % columns) ?? .pss }
        case .character("<"), .character(","):
            if pane == .processes { sort = ProcessColumn(rawValue: (sort.rawValue + columns - 1) % columns) ?? .pss }
        case .character("M"):
            if pane == .processes { sort = .pss }
            inverted = false
        case .character("N"):
            if pane == .processes { sort = .pid }
        case .character("I"): inverted.toggle()
        case .character("t"), .function(5):
            if pane == .processes { tree.toggle() }
        case .enter, .right, .character("+"):
            guard pane == .owners, list.indices.contains(selected), list[selected].expandable else { return }
            expanded.insert(list[selected].id)
        case .left, .character("-"):
            collapse(list)
        default: break
        }
    }

    /// ←: closes the selected node, or, when it is closed, goes to its parent and closes that.
    private mutating func collapse(_ list: [ListEntry]) {
        guard pane == .owners, list.indices.contains(selected) else { return }
        let entry = list[selected]
        if entry.expanded {
            expanded.remove(entry.id)
        } else if let parent = entry.parent, let index = list.firstIndex(where: { $0.id == parent }) {
            expanded.remove(parent)
            selected = index
        }
    }

    private mutating func switchPane(to next: WatchPane?) {
        guard let next, next != pane else { return }
        pane = next
        selected = 0
        top = 0
        followed = nil
        filter = ""
    }

    /// `F`: follows the selected row, or stops following.
    private mutating func follow(_ list: [ListEntry]) {
        if followed != nil {
            followed = nil
        } else if list.indices.contains(selected) {
            followed = list[selected].id
        }
    }

    /// A key typed into the search or filter line: Enter keeps it, Esc drops it.
    private mutating func type(_ key: Key, into input: WatchInput, list: [ListEntry]) {
        var text = input == .search ? search : filter
        switch key {
        case .enter, .function(3):
            if input == .search, key == .function(3) {
                findNext(in: list, after: selected + 1)
                return
            }
            self.input = nil
            return
        case .escape:
            self.input = nil
            if input == .filter { filter = "" }
            return
        case .backspace: if !text.isEmpty { text.removeLast() }
        case .character(let character): text.append(character)
        default: return
        }
        if input == .search {
            search = text
            findNext(in: list, after: selected)
        } else {
            filter = text
            selected = 0
            top = 0
        }
    }

    /// Moves the selection to the first row from `start` (wrapping) that contains the search.
    private mutating func findNext(in list: [ListEntry], after start: Int) {
        guard !search.isEmpty, !list.isEmpty else { return }
        for offset in 0..<list.count {
            let index = (start + offset) % list.count
            if list[index].text.containsIgnoringCase(search) {
                selected = index
                followed = nil
                return
            }
        }
        message = "no row contains \"\(search)\""
    }
}

extension String {
    /// Whether `other` is in this string, ignoring case (ASCII and what `lowercased()` folds).
    func containsIgnoringCase(_ other: String) -> Bool {
        lowercased().contains(other.lowercased())
    }
}
