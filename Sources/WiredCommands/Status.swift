import ArgumentParser
import WiredCore
import WiredJSON
import WiredReading
import WiredRender

extension Wired {
    /// `wired status`: the ledger of this machine's RAM.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show where every byte of RAM is (the default command).",
            discussion: """
                Each bucket shows its size, its share of installed RAM, its class (free, reclaimable, compressed, \
                wired, reserved, unexplained) and the kernel fields it comes from. Buckets plus the unexplained \
                line add up to MemTotal exactly. Below them, the pressure verdict (ok, warning, critical; unknown when nothing measured it) with \
                the numbers and thresholds that decided it: PSI, and swap-in, refault and OOM rates between two \
                samples --interval seconds apart.
                """
        )

        @OptionGroup var global: GlobalOptions

        @OptionGroup var interval: SampleInterval

        func run() throws {
            var snapshot = try SnapshotSource.read(global, processes: nil, interval: interval.seconds).snapshot
            let ledger: Ledger
            do {
                ledger = try Ledger.of(snapshot)
            } catch let error as LedgerError {
                for problem in snapshot.problems { Terminal.printError("wired: \(problem)") }
                throw CLIError(error.message)
            }
            var pressure = PressureAnalysis.judge(snapshot, ledger: ledger)
            // Advice names the biggest processes: read them only when there is something to advise.
            if pressure.verdict > .ok, global.from == nil, global.root == nil,
                snapshot.processes == nil, snapshot.darwin?.processes == nil
            {
                try SnapshotSource.addProcesses(to: &snapshot)
                pressure = PressureAnalysis.judge(snapshot, ledger: ledger)
            }
            if global.json {
                var json = JSONWriter { Terminal.write($0) }
                LedgerJSON.write(snapshot, ledger, to: &json) { PressureView.write(pressure, to: &$0) }
                json.finish()
            } else {
                let style = Style(color: global.useColor, exactBytes: global.bytes)
                Terminal.print(
                    LedgerReport.render(snapshot, ledger, pressure: pressure, style: style, width: Terminal.width)
                )
            }
        }
    }
}
