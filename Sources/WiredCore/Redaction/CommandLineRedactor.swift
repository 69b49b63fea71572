/// Removes secrets from command lines before anything is shown, stored or exported (docs/redaction.md).
///
/// Three layers, each replacing a secret by ``mask`` and keeping everything else byte for byte:
/// - by program (the basename of argv[0], or of the command a wrapper such as `sudo`, `env`, `ssh`,
///   `docker exec` or `sh -c` runs): `mysql -pX`, `sshpass -p X`, `redis-cli -a X`, `curl -u user:X`,
///   `smbclient -U user%X`, `openssl -passin pass:X`, `htpasswd -b f user X`, `vault login X`, … while
///   `ssh -p 2222`, `tar -pxf` and `gcc -pthread` stay;
/// - by name: options, variables and fields named like a secret (`--db-password X`, `PGPASSWORD=X`,
///   `"token": "X"`, `password: X`, `Authorization: Bearer X`), but not ones naming a file, a type or an id
///   (`--password-file`, `--token-ttl`, `--secret-id`);
/// - by shape, wherever they stand: URL passwords (`postgres://u:X@h`), PEM bodies, and tokens known by their
///   form (`AKIA…`, `ghp_…`, `xoxb-…`, JWTs, `sk_live_…`, `AIza…`, `hvs.…`).
///
/// Redacting twice gives the same text, so a stored command line can be redacted again when it is read. It
/// runs on every argument of every process of each reading, so it works on UTF-8 bytes with ASCII case
/// folding (no Foundation, no regular expressions).
public enum CommandLineRedactor {
    /// What replaces a secret.
    public static let mask = "********"

    /// The arguments with secrets replaced by ``mask``; an argument holding spaces (a rewritten title,
    /// `sh -c` script, header or JSON) is also read as a command line of its own.
    public static func redact(_ arguments: [String]) -> [String] {
        // Each argument is read in place, from the string's own UTF-8 bytes: nothing is copied.
        var walker = CommandWalker(scansWords: true)
        for (index, argument) in arguments.enumerated() {
            var argument = argument
            argument.withUTF8 { walker.read($0[...], at: index) }
        }
        walker.finish()
        var result = arguments
        for replacement in walker.replacements {
            result[replacement.index] = String(decoding: replacement.bytes, as: UTF8.self)
        }
        return result
    }

    /// Redacts a command line whose arguments were joined by spaces (as snapshots store them).
    public static func redact(line: String) -> String {
        let bytes = Array(line.utf8)
        var end = CommandWalker.End()
        let redacted = bytes.withUnsafeBufferPointer { redactLine($0[...], end: &end) }
        return redacted.map { String(decoding: $0, as: UTF8.self) } ?? line
    }

    /// A line redacted (its text scanned whole, then its words walked), or `nil` when nothing changed.
    ///
    /// `features` are the line's, when already known.
    /// `end` is set to what the line leaves to the words that follow it.
    static func redactLine(
        _ line: ByteText,
        _ features: SecretText.Features? = nil,
        end: inout CommandWalker.End
    ) -> [UInt8]? {
        guard let scanned = SecretText.redact(line, features ?? SecretText.Features(line)) else {
            return walk(line, end: &end)
        }
        return scanned.withUnsafeBufferPointer { walk($0[...], end: &end) } ?? scanned
    }

    /// The line with the words the walker replaces replaced; `nil` when it replaces none.
    ///
    /// Words are split at spaces; a word that starts with a quote runs to its closing quote.
    static func walk(_ text: ByteText, end: inout CommandWalker.End) -> [UInt8]? {
        var walker = CommandWalker(scansWords: false)
        var count = 0
        var index = text.startIndex
        while index < text.endIndex {
            if RedactionBytes.isSpace(text[index]) {
                index += 1
                continue
            }
            let start = index
            if RedactionBytes.isQuote(text[index]),
                let close = RedactionBytes.find(text[index], in: text, from: index + 1)
            {
                index = close + 1
            }
            while index < text.endIndex && !RedactionBytes.isSpace(text[index]) { index += 1 }
            walker.read(text[start..<index], at: count)
            count += 1
        }
        walker.finish()
        end = walker.end
        guard !walker.replacements.isEmpty else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var position = text.startIndex
        for replacement in walker.replacements {
            out += text[position..<replacement.range.lowerBound]
            out += replacement.bytes
            position = replacement.range.upperBound
        }
        out += text[position...]
        return out
    }
}
