import Foundation

/// The command lines of `Tests/Corpus/redaction.txt`: ones carrying secrets, and harmless look-alikes.
public struct RedactionCorpus: Sendable {
    /// One command line of the corpus.
    public struct Entry: Sendable, CustomStringConvertible {
        /// Line number in the file.
        public var line: Int
        /// The arguments (argv), markers removed.
        public var arguments: [String]
        /// The marked secrets; empty for a look-alike.
        public var secrets: [String]
        /// True for a look-alike, which must come out unchanged.
        public var keep: Bool

        /// The arguments joined by spaces, as a snapshot stores a command line.
        public var joined: String { arguments.joined(separator: " ") }

        public var description: String { "line \(line): \(joined)" }

        /// The pieces of `secrets` that must not appear: each secret, and for those of 8 characters or more
        /// their first and last halves too, so a secret redacted only in part counts as a leak.
        public var forbidden: [String] {
            secrets.flatMap { secret -> [String] in
                guard secret.count >= 8 else { return [secret] }
                return [secret, String(secret.prefix(secret.count / 2)), String(secret.suffix(secret.count / 2))]
            }
        }

        /// The forbidden pieces found in `text`.
        public func leaks(in text: String) -> [String] {
            forbidden.filter { text.contains($0) }
        }
    }

    /// Every entry, in file order.
    public var entries: [Entry]

    /// Entries carrying secrets.
    public var secretEntries: [Entry] { entries.filter { !$0.keep } }
    /// Harmless look-alikes.
    public var lookAlikes: [Entry] { entries.filter(\.keep) }

    /// The corpus file in this package.
    public static var path: String { Fixtures.packageRoot + "/Tests/Corpus/redaction.txt" }

    /// Reads and parses the corpus file.
    public static func load() throws -> RedactionCorpus {
        try parse(String(contentsOfFile: path, encoding: .utf8))
    }

    /// Parses corpus text (format described at the top of the file).
    public static func parse(_ text: String) throws -> RedactionCorpus {
        var entries: [Entry] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let keep: Bool
            let body: Substring
            if line.hasPrefix("secret: ") {
                (keep, body) = (false, line.dropFirst("secret: ".count))
            } else if line.hasPrefix("keep: ") {
                (keep, body) = (true, line.dropFirst("keep: ".count))
            } else {
                throw CorpusError(line: offset + 1, problem: "starts with neither `secret: ` nor `keep: `")
            }
            let (arguments, secrets) = try words(body, line: offset + 1)
            if keep != secrets.isEmpty {
                throw CorpusError(line: offset + 1, problem: keep ? "a look-alike with a marked secret" : "no ⟦secret⟧")
            }
            entries.append(Entry(line: offset + 1, arguments: arguments, secrets: secrets, keep: keep))
        }
        return RedactionCorpus(entries: entries)
    }

    /// Splits a command into arguments, collecting the marked secrets.
    static func words(_ text: Substring, line: Int) throws -> ([String], [String]) {
        var arguments: [String] = []
        var secrets: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var secret: String?
        var iterator = Array(text).makeIterator()
        func add(_ character: Character) {
            current.append(character)
            secret?.append(character)
            inWord = true
        }
        while let character = iterator.next() {
            switch character {
            case "⟦":
                secret = ""
                inWord = true
            case "⟧":
                guard let found = secret, !found.isEmpty else { throw CorpusError(line: line, problem: "empty ⟦⟧") }
                secrets.append(found)
                secret = nil
            case "\\":
                guard let next = iterator.next() else { throw CorpusError(line: line, problem: "ends in \\") }
                if quote != nil {
                    switch next {
                    case "n": add("\n")
                    case "\\", "'", "\"": add(next)
                    default:
                        add("\\")
                        add(next)
                    }
                } else {
                    add(next)
                }
            case "'" where quote == nil, "\"" where quote == nil:
                quote = character
                inWord = true
            case _ where character == quote:
                quote = nil
            case " " where quote == nil:
                if inWord { arguments.append(current) }
                current = ""
                inWord = false
            default:
                add(character)
            }
        }
        guard quote == nil, secret == nil else { throw CorpusError(line: line, problem: "an unclosed quote or ⟦") }
        if inWord { arguments.append(current) }
        return (arguments, secrets)
    }
}

/// A line of the corpus that cannot be read.
public struct CorpusError: Error, CustomStringConvertible {
    /// Line number in the file.
    public var line: Int
    /// What is wrong with it.
    public var problem: String
    public var description: String { "\(RedactionCorpus.path):\(line): \(problem)" }
}
