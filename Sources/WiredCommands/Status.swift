import ArgumentParser
import WiredCore
import WiredJSON
import WiredRender

extension Wired {
    /// `wired status`: the ledger of this machine's RAM.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show where every byte of RAM is (the default command).",
            discussion: """
                Each bucket shows its size, its share of installed RAM, its class (free, reclaimable, compressed, \
                wired, reserved, unexplained) and the kernel fields it comes from. Buckets plus the unexplained \
                line add up to MemTotal exactly.
                """
        )

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let snapshot = try SnapshotSource.read(global)
            let ledger: Ledger
            do {
                ledger = try Ledger.of(snapshot)
            } catch let error as LedgerError {
                for problem in snapshot.problems { Terminal.printError("wired: \(problem)") }
                throw CLIError(error.message)
            }
            if global.json {
                var json = JSONWriter { Terminal.write($0) }
                LedgerJSON.write(snapshot, ledger, to: &json)
                json.finish()
            } else {
                let style = Style(color: global.useColor, exactBytes: global.bytes)
                Terminal.print(LedgerReport.render(snapshot, ledger, style: style, width: Terminal.width))
            }
        }
    }
}
