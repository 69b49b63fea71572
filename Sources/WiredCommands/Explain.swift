import ArgumentParser
import WiredCore
import WiredReading
import WiredRender

extension Wired {
    /// `wired explain [TERM]`: plain-language explanations.
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Explain a memory class or ledger bucket in plain words (all terms without TERM)."
        )

        @Argument(
            help:
                "A class (wired, free, reclaimable, …), a bucket id (app, slab-unreclaimable, …) or a word such as cache."
        )
        var term: String?

        @OptionGroup var global: GlobalOptions

        func run() throws {
            guard let term else {
                Terminal.print("Terms (`wired explain TERM` for more):\n")
                for entry in Glossary.entries {
                    Terminal.print("  \(entry.term.padding(14))\(entry.summary)")
                }
                return
            }
            guard let entry = Glossary.entry(for: term) else {
                let terms = Glossary.entries.map(\.term).joined(separator: ", ")
                throw ValidationError("no explanation for \"\(term)\". Known terms: \(terms)")
            }
            Terminal.print("\(entry.term): \(entry.summary)\n")
            Terminal.print(entry.detail.wrapped(to: min(Terminal.width, 100)))
            if !entry.aliases.isEmpty {
                Terminal.print("\nAlso: \(entry.aliases.joined(separator: ", "))")
            }
            if entry.term == "unexplained" { Terminal.print("\n" + machine()) }
        }

        /// This machine's unexplained line (or the tree's, or the snapshot's) and its likely owners.
        func machine() -> String {
            let style = Style(color: global.useColor, exactBytes: global.bytes)
            let snapshot: Snapshot
            let ledger: Ledger
            do {
                snapshot = try SnapshotSource.read(global, processes: nil).snapshot
                ledger = try Ledger.of(snapshot)
            } catch {
                return "On this machine: the ledger could not be drawn (\(error))."
            }
            let unexplained = ledger.bucket(.unexplained)?.bytes ?? .zero
            let share = ByteFormat.percent(Double(unexplained.bytes) / Double(max(1, ledger.memTotal.bytes)))
            var lines = [
                "On \(snapshot.meta.source == "live" ? "this machine" : snapshot.meta.source): \(style.size(unexplained)) unexplained (\(share) of \(ledger.memTotalName))."
            ]
            let suspects = SuspectView.lines(ledger, style: style, indent: "  ")
            lines +=
                suspects.isEmpty
                ? [
                    "  No suspect: the line is under \(ByteFormat.percent(UnexplainedSuspects.threshold)) of \(ledger.memTotalName), or nothing a person would check (balloon, GPU and ZFS drivers, a container's meminfo) is there."
                ] : suspects
            return lines.joined(separator: "\n")
        }
    }
}

extension String {
    /// Padded with spaces to `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }

    /// Word-wrapped to `width` columns.
    func wrapped(to width: Int) -> String {
        var lines: [String] = []
        var line = ""
        for word in split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
