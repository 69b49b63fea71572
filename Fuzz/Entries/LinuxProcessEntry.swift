import WiredLinux

/// `/proc/PID` files, one parser per first byte.
///
/// | byte | file | parser |
/// | --- | --- | --- |
/// | `t` | `stat`, and the same bytes as `statm` | ``ProcessParsers/stat(_:)``, ``ProcessParsers/statm(_:)`` |
/// | `s` | `status` | ``ProcessParsers/status(_:)`` |
/// | `r` | `smaps_rollup` | ``ProcessParsers/smapsRollup(_:)`` |
/// | `c` | `cmdline` (arguments, and the redacted command at two limits) | ``ProcessParsers/cmdline(_:limit:)``, ``ProcessParsers/command(_:limit:)`` |
/// | `g` | `cgroup` | ``ProcessParsers/cgroupPaths(_:)`` |
///
/// `statm` rides on the `stat` route (a route of its own would move every input whose first byte is no
/// selector to another parser, and with it what the kept regressions replay).
enum LinuxProcessEntry {
    static let routes: [Route] = [
        Route(selector: "t") {
            _ = ProcessParsers.stat($0)
            _ = ProcessParsers.statm($0)
        },
        Route(selector: "s") { _ = ProcessParsers.status($0) },
        Route(selector: "r") { _ = ProcessParsers.smapsRollup($0) },
        Route(selector: "c", run: commandLine),
        Route(selector: "g") { _ = ProcessParsers.cgroupPaths($0) },
    ]

    static func run(_ input: UnsafeBufferPointer<UInt8>) {
        Route.dispatch(input, routes)
    }

    /// The arguments and the redacted command line, at the scanner's limit and at a small one that cuts inside.
    static func commandLine(_ bytes: UnsafeBufferPointer<UInt8>) {
        _ = ProcessParsers.cmdline(bytes)
        _ = ProcessParsers.command(bytes)
        _ = ProcessParsers.cmdline(bytes, limit: 17)
        _ = ProcessParsers.command(bytes, limit: 17)
    }
}
