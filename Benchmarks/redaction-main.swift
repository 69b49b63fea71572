// The redaction benchmark's driver (Benchmarks/redaction.sh compiles it with the redactor and the corpus reader).

@main
struct RedactionBenchmark {
    static func main() throws {
        let corpus = try RedactionCorpus.load()
        let rounds = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 1000
        // An optional second argument picks a part: `secret` (lines with secrets) or `keep` (look-alikes).
        let part = CommandLine.arguments.dropFirst(2).first
        let entries = corpus.entries.filter { part == nil || ($0.keep ? "keep" : "secret") == part }
        let commands = entries.map(\.arguments)
        let clock = ContinuousClock()
        var times: [Duration] = []
        var arguments = 0
        for _ in 0..<7 {
            times.append(
                clock.measure {
                    for _ in 0..<rounds {
                        for command in commands { arguments += CommandLineRedactor.redact(command).count }
                    }
                }
            )
        }
        let median = times.sorted()[times.count / 2]
        let lines = rounds * commands.count
        let nanoseconds = Double(median.components.attoseconds) / 1e9 + Double(median.components.seconds) * 1e9
        print(
            "\(part.map { "\($0) lines of the " } ?? "")corpus × \(rounds) = \(lines) command lines (\(arguments / 7) arguments): median of 7 runs \(median), "
                + "\(Int(nanoseconds / Double(lines))) ns per command line"
        )
    }
}
