import ArgumentParser
import WiredReading
import WiredServe

extension Wired {
    /// `wired metrics`: the metrics `wired serve` exposes, once, for node_exporter's textfile collector.
    struct Metrics: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the Prometheus metrics of this machine once, or write them for node_exporter.",
            discussion: """
                The same exposition as `wired serve`'s /metrics (text format 0.0.4). With --textfile DIR, writes \
                DIR/wired.prom atomically (a temporary file, flushed, renamed over it) for node_exporter's \
                --collector.textfile.directory; run it from a timer.
                """
        )

        @Option(help: ArgumentHelp("Write DIR/wired.prom instead of printing.", valueName: "DIR"))
        var textfile: String?

        @Option(help: ArgumentHelp("Read a captured tree under DIR instead of the machine.", valueName: "DIR"))
        var root: String?

        func run() throws {
            if let textfile, !FileSystemCheck.isDirectory(textfile) {
                throw CLIError("--textfile \(textfile): not a directory")
            }
            let clock = ContinuousClock()
            let start = clock.now
            let snapshot = try Serve.reader(root: root).read()
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let sample = Sample.analyse(snapshot, id: 1, duration: seconds)
            if sample.ledger == nil { throw CLIError(sample.ledgerError ?? "the ledger could not be built") }
            let bytes = MetricsView.render(sample)
            if let textfile {
                do {
                    let path = try Textfile.write(bytes, folder: textfile)
                    Terminal.printError("wired: wrote \(path) (\(bytes.count) bytes)")
                } catch let failure as Textfile.Failure {
                    throw CLIError(failure.description)
                }
            } else {
                Terminal.write(bytes)
            }
        }
    }
}
