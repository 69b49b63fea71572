import ArgumentParser
import WiredTerminal

/// Options every view takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Read a captured tree (proc/, sys/, dev/kmsg) under DIR instead of the running system.",
            valueName: "DIR"
        )
    )
    var root: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Show a saved snapshot (from `wired snapshot`), or a macOS capture (folder, .tar.gz or output file), instead of the running system.",
            valueName: "FILE"
        )
    )
    var from: String?

    @Option(
        name: .long,
        parsing: .unconditional,
        help: ArgumentHelp(
            "Show a recorded moment (`wired record`): ISO 8601, a clock time today (09:30), relative (-15m, -2d), boot or now; the nearest sample is used.",
            valueName: "TIME"
        )
    )
    var at: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The history store to read, for --at and `wired watch` (default /var/lib/wired/history.db as root, else $XDG_STATE_HOME/wired/history.db).",
            valueName: "PATH"
        )
    )
    var db: String?

    @OptionGroup var output: OutputOptions

    /// `--json`.
    var json: Bool {
        get { output.json }
        set { output.json = newValue }
    }

    /// `--bytes`.
    var bytes: Bool {
        get { output.bytes }
        set { output.bytes = newValue }
    }

    /// `--color`.
    var color: ColorChoice {
        get { output.color }
        set { output.color = newValue }
    }

    func validate() throws {
        if root != nil && from != nil { throw ValidationError("--root and --from cannot be used together") }
        if at != nil && (root != nil || from != nil) {
            throw ValidationError("--at reads a history store: it cannot be used with --root or --from")
        }
    }

    /// Whether this run colours its text.
    var useColor: Bool { output.useColor }
}

/// How a view prints: `--json`, `--bytes`, `--color`; every command that prints a view takes them.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @Flag(name: .long, help: "Print exact byte counts instead of KiB/MiB/GiB.")
    var bytes = false

    @Option(name: .long, help: "Colour: auto (on a terminal), always, never.")
    var color: ColorChoice = .auto

    /// Whether this run colours its text (``OutputTerminal/colors(_:)``: NO_COLOR and TERM=dumb are honoured
    /// there, once for every view).
    var useColor: Bool { Terminal.output.colors(color.request) }
}

/// `--interval`: the seconds between two samples of the paging counters, for the pressure rates.
struct SampleInterval: ParsableArguments {
    @Option(
        name: .customLong("interval"),
        help: ArgumentHelp(
            "Seconds between two samples of the paging counters, for swap and refault rates (0: one sample, no rates).",
            valueName: "SECONDS"
        )
    )
    var seconds: Double = 1

    func validate() throws {
        guard seconds >= 0, seconds <= 60 else { throw ValidationError("--interval must be 0 to 60 seconds") }
    }
}

/// The `--color` choices.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto
    case always
    case never

    /// The same choice for ``OutputTerminal``.
    var request: OutputTerminal.ColorRequest {
        switch self {
        case .auto: .auto
        case .always: .always
        case .never: .never
        }
    }
}
