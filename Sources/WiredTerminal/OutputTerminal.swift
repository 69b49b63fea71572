#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a view's output goes, and what that allows: the one place that decides colour, size and how many rows
/// a list shows, for the line views (`wired`, `top`, `owners`, `diff`, `purge`) and the full-screen view alike.
///
/// Colour follows `--color`; with `auto` it is on only on a terminal, with `NO_COLOR` unset
/// (no-color.org) and `TERM` other than `dumb`.
public struct OutputTerminal: Sendable, Equatable {
    /// What `--color` asks for.
    public enum ColorRequest: String, Sendable, CaseIterable {
        /// Colour on a terminal that wants it.
        case auto
        /// Colour whatever the output is.
        case always
        /// No colour.
        case never
    }

    /// True when the output is a terminal.
    public var isTerminal: Bool
    /// Its size (``Size/of(terminal:)``: the terminal's, else `COLUMNS` and `LINES`, else 40 × 100).
    public var size: Size
    /// True when `NO_COLOR` is set, to anything.
    public var noColor: Bool
    /// True when `TERM` is `dumb`.
    public var dumb: Bool

    /// A description of an output, for tests and for views that draw elsewhere.
    public init(isTerminal: Bool, size: Size, noColor: Bool = false, dumb: Bool = false) {
        self.isTerminal = isTerminal
        self.size = size
        self.noColor = noColor
        self.dumb = dumb
    }

    /// Standard output and the environment, as they are now.
    public static func standardOutput() -> OutputTerminal {
        let term = getenv("TERM").map { String(cString: $0) }
        return OutputTerminal(
            isTerminal: isatty(STDOUT_FILENO) == 1,
            size: Size.of(terminal: STDOUT_FILENO),
            noColor: getenv("NO_COLOR") != nil,
            dumb: term == "dumb"
        )
    }

    /// Whether colour is drawn for `request`.
    public func colors(_ request: ColorRequest) -> Bool {
        switch request {
        case .auto: isTerminal && !noColor && !dumb
        case .always: true
        case .never: false
        }
    }

    /// The rows a list (processes, groups) shows when `--limit` is not given: 0 (all) for JSON; on a terminal
    /// what fits below the header, summary and footer (12 lines), at least 5; otherwise 25.
    public func defaultListRows(json: Bool) -> Int {
        if json { return 0 }
        return isTerminal ? max(5, size.rows - 12) : 25
    }
}
