import ArgumentParser
import WiredCore

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
