/// A key the user pressed, decoded from the bytes a terminal sends (``KeyDecoder``).
///
/// Modifiers on arrows and editing keys (`ESC [ 1 ; 5 A`, Ctrl-Up) are dropped: the key is reported without them.
/// Shift-Tab is the one modified key with a name of its own, because terminals send it as a sequence of its own.
public enum Key: Hashable, Sendable {
    /// A printable character: one Unicode scalar, decoded from UTF-8 (never a control or format character).
    case character(Character)
    /// ESC followed by a printable ASCII character: Alt (Meta) and that character, as xterm sends it.
    case alt(Character)
    /// Ctrl and a letter, "a" to "z" (bytes 0x01–0x1A), except those that have a name below: Ctrl-H is
    /// ``backspace``, Ctrl-I ``tab``, Ctrl-J and Ctrl-M ``enter``.
    case ctrl(Character)
    /// Enter (CR; LF too, which Ctrl-J and pasted text send), and the keypad's Enter (`ESC O M`).
    case enter
    /// Tab.
    case tab
    /// Shift-Tab (`ESC [ Z`).
    case backTab
    /// Backspace (DEL, or BS from terminals that send Ctrl-H).
    case backspace
    /// Esc pressed alone: ESC and nothing after it within the escape delay.
    case escape
    /// Arrow up.
    case up
    /// Arrow down.
    case down
    /// Arrow right.
    case right
    /// Arrow left.
    case left
    /// Home.
    case home
    /// End.
    case end
    /// Page Up.
    case pageUp
    /// Page Down.
    case pageDown
    /// Insert.
    case insert
    /// Delete (forward delete, `ESC [ 3 ~`).
    case delete
    /// A function key, F1 to F12.
    case function(Int)
}
