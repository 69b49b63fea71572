import Testing
import WiredTerminal
import WiredWatch

/// Ten rows "r0"…"r9" whose text is "row N", with "r4" holding "nginx".
private let list = (0..<10).map { ListEntry(id: "r\($0)", text: $0 == 4 ? "row 4 nginx" : "row \($0)") }

/// Applies `keys` one after another to `state`, on `entries` with a page of `page` rows.
private func press(
    _ keys: [Key],
    _ state: WatchState = WatchState(),
    entries: [ListEntry] = list,
    page: Int = 3
) -> (WatchState, WatchEffect?) {
    var state = state
    var effect: WatchEffect?
    for key in keys { (state, effect) = state.handle(key, list: entries, page: page) }
    return (state, effect)
}

@Suite("Watch keys")
struct WatchKeysTests {
    @Test("arrows, PgUp/PgDn and Home/End move the selection inside the list and scroll it into the page")
    func moving() {
        #expect(press([.down, .down]).0.selected == 2)
        #expect(press([.up]).0.selected == 0)
        let paged = press([.pageDown]).0
        #expect(paged.selected == 3)
        #expect(paged.top == 3)  // the page moves with the selection, as in htop
        let end = press([.end]).0
        #expect(end.selected == 9)
        #expect(end.top == 7)
        #expect(press([.end, .down]).0.selected == 9)
        let home = press([.end, .home]).0
        #expect(home.selected == 0)
        #expect(home.top == 0)
        #expect(press([.end, .pageUp]).0.selected == 6)
    }

    @Test("Tab, Shift-Tab and 1-5 switch panes and start the new pane at its top")
    func panes() {
        #expect(press([.tab]).0.pane == .services)
        #expect(press([.backTab]).0.pane == .growth)
        #expect(press([.tab, .tab, .tab, .tab, .tab]).0.pane == .processes)
        let three = press([.down, .down, .character("3")]).0
        #expect(three.pane == .owners)
        #expect(three.selected == 0)
        #expect(press([.character("5")]).0.pane == .growth)
        #expect(press([.character("6")]).0.pane == .processes)
    }

    @Test("/ searches as it is typed, n and F3 find the next match, Enter keeps the search, a miss says so")
    func search() {
        let typing = press([.character("/"), .character("n"), .character("G")]).0
        #expect(typing.input == .search)
        #expect(typing.search == "nG")
        #expect(typing.selected == 4)  // "nginx", ignoring case
        let done = press([.enter], typing).0
        #expect(done.input == nil)
        #expect(done.selected == 4)
        let wrapped = press([.character("/"), .character("r"), .character("o"), .enter, .character("n")]).0
        #expect(wrapped.selected == 1)
        let miss = press([.character("/"), .character("z")]).0
        #expect(miss.selected == 0)
        #expect(miss.message == "no row contains \"z\"")
        #expect(press([.escape], miss).0.input == nil)
    }

    @Test("\\ filters as it is typed; Esc clears the filter, Enter keeps it; Backspace takes a character back")
    func filter() {
        let typing = press([.character("\\"), .character("n"), .character("g"), .character("x"), .backspace]).0
        #expect(typing.input == .filter)
        #expect(typing.filter == "ng")
        #expect(press([.enter], typing).0.filter == "ng")
        #expect(press([.enter], typing).0.input == nil)
        let cleared = press([.escape], typing).0
        #expect(cleared.filter == "")
        #expect(cleared.input == nil)
    }

    @Test("F follows the selected row as the list is reordered; moving the selection stops following")
    func follow() {
        let following = press([.down, .down, .character("F")]).0
        #expect(following.followed == "r2")
        let reordered = Array(list.reversed())
        let settled = following.settled(reordered, page: 3)
        #expect(settled.selected == 7)
        #expect(settled.top == 5)
        #expect(press([.down], following).0.followed == nil)
        #expect(press([.character("F")], following).0.followed == nil)
    }

    @Test("> and s step to the next sort column, < to the one before (wrapping), M sorts by PSS, I inverts")
    func sorting() {
        #expect(press([.character(">")]).0.sort == .uss)
        #expect(press([.character("s"), .character("s")]).0.sort == .rss)
        #expect(press([.character("<"), .character("<")]).0.sort == .command)
        #expect(press([.character("<"), .character("<"), .character("M")]).0.sort == .pss)
        #expect(press([.character("N")]).0.sort == .pid)
        #expect(press([.character("I")]).0.inverted)
        #expect(press([.character("t")]).0.tree)
        #expect(!press([.character("t"), .character("t")]).0.tree)
        // Sorting is the Processes pane's.
        #expect(press([.character("2"), .character(">")]).0.sort == .pss)
    }

    @Test("in the owners tree Enter and → expand, ← collapses, and ← on a closed child closes its parent")
    func ownersTree() {
        let tree = [
            ListEntry(id: "a", text: "A", expandable: true),
            ListEntry(id: "b", text: "B", expandable: true),
        ]
        let owners = press([.character("3"), .down, .enter], entries: tree).0
        #expect(owners.expanded == ["b"])
        #expect(press([.character("3"), .right], entries: tree).0.expanded == ["a"])
        let open = [
            ListEntry(id: "a", text: "A", expandable: true, expanded: true),
            ListEntry(id: "a/x", text: "X", parent: "a"),
        ]
        var state = WatchState()
        state.pane = .owners
        state.expanded = ["a"]
        state.selected = 1
        let closed = press([.left], state, entries: open).0
        #expect(closed.expanded.isEmpty)
        #expect(closed.selected == 0)
        state.selected = 0
        #expect(press([.left], state, entries: open).0.expanded.isEmpty)
        // Not the owners pane: Enter expands nothing.
        #expect(press([.enter], entries: tree).0.expanded.isEmpty)
    }

    @Test("q and F10 quit, Ctrl-L repaints, [ ] { } step through samples, p pauses, ? shows the help until a key")
    func effects() {
        #expect(press([.character("q")]).1 == .quit)
        #expect(press([.function(10)]).1 == .quit)
        #expect(press([.ctrl("l")]).1 == .repaint)
        #expect(press([.character("[")]).1 == .step(.previous))
        #expect(press([.character("]")]).1 == .step(.next))
        #expect(press([.character("{")]).1 == .step(.hourBack))
        #expect(press([.character("}")]).1 == .step(.hourForward))
        #expect(press([.character("p")]).0.paused)
        #expect(!press([.character("p"), .character("p")]).0.paused)
        let help = press([.character("?")]).0
        #expect(help.help)
        let closed = press([.down], help)
        #expect(!closed.0.help)
        #expect(closed.0.selected == 0)  // the key that closes the help does nothing else
        #expect(press([.character("q")], help).1 == .quit)
        // q typed into the search is a letter, not quit.
        let typed = press([.character("/"), .character("q")])
        #expect(typed.1 == nil)
        #expect(typed.0.search == "q")
    }
}
