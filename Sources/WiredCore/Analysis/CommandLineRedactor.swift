/// Removes secrets from command lines before anything is shown, stored or exported.
///
/// Redacted: values of options and `key=value` arguments whose name looks secret (`--password=x`,
/// `--api-key x`, `token=x`, `PGPASSWORD=x`, `--requirepass x`), the argument after `-p` (and `-pVALUE`),
/// passwords in URLs (`https://user:pass@host`, or a long token as the whole userinfo), and HTTP
/// credentials (`Authorization: Bearer x`). The executable and other arguments are kept. Over-redacting a
/// harmless value is accepted; leaking a secret is not.
///
/// It runs on every argument of every process in each reading, so it works on UTF-8 bytes with ASCII case
/// folding: a version built on `String.contains` spent two thirds of `wired top`'s user time here.
public enum CommandLineRedactor {
    /// What replaces a secret.
    public static let mask = "********"

    /// The arguments with secrets replaced by ``mask``.
    public static func redact(_ arguments: [String]) -> [String] {
        var result: [String] = []
        result.reserveCapacity(arguments.count)
        var maskNext = false
        for (index, argument) in arguments.enumerated() {
            let bytes = Array(argument.utf8)
            if maskNext {
                maskNext = false
                // A following option is not a value ("--password-stdin --user x").
                if bytes.first != dash || bytes.count == 1 {
                    result.append(mask)
                    continue
                }
            }
            if index == 0 {
                result.append(redactURL(argument, bytes))
                continue
            }
            let (redacted, takesNext) = redactOne(argument, bytes)
            result.append(redacted)
            maskNext = takesNext
        }
        return result
    }

    /// Redacts a whole command line given as one string split on spaces (for processes that rewrote it).
    public static func redact(line: String) -> String {
        redact(line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)).joined(separator: " ")
    }

    private static let dash = UInt8(ascii: "-")
    private static let equals = UInt8(ascii: "=")
    private static let colon = UInt8(ascii: ":")
    private static let at = UInt8(ascii: "@")

    /// Redacts one argument; also says whether the next argument is this option's secret value.
    static func redactOne(_ argument: String, _ bytes: [UInt8]) -> (String, Bool) {
        if bytes.first == dash {
            var nameStart = 0
            while nameStart < bytes.count, bytes[nameStart] == dash { nameStart += 1 }
            if let equalsAt = bytes[nameStart...].firstIndex(of: equals) {
                if isSecretName(bytes[nameStart..<equalsAt]) {
                    return (String(decoding: bytes[...equalsAt], as: UTF8.self) + mask, false)
                }
                return (redactURL(argument, bytes), false)
            }
            // -p VALUE and -pVALUE (mysql, sshpass): -p is treated as a password flag.
            if bytes.count == 2 && bytes[1] == UInt8(ascii: "p") { return (argument, true) }
            if bytes.count > 2 && nameStart == 1 && bytes[1] == UInt8(ascii: "p") { return ("-p" + mask, false) }
            let name = bytes[nameStart...]
            return (argument, isSecretName(name) && (nameStart > 1 || name.count > 1))
        }
        if let colonAt = headerColon(bytes) {
            return (String(decoding: bytes[...colonAt], as: UTF8.self) + " " + mask, false)
        }
        if let equalsAt = bytes.firstIndex(of: equals), equalsAt > 0, !bytes[..<equalsAt].contains(UInt8(ascii: "/")),
            isSecretName(bytes[..<equalsAt])
        {
            return (String(decoding: bytes[...equalsAt], as: UTF8.self) + mask, false)
        }
        return (redactURL(argument, bytes), false)
    }

    private static let needles: [[UInt8]] = [
        "passw", "secret", "token", "credential", "apikey", "api-key", "api_key", "private-key", "private_key",
    ].map { Array($0.utf8) }
    private static let secretWords: [[UInt8]] = [
        "key", "pass", "pwd", "auth", "authorization", "cookie", "session", "sig", "signature", "bearer",
    ].map { Array($0.utf8) }
    private static let harmlessWords: [[UInt8]] = ["hotkey", "monkey", "bypass", "compass"].map { Array($0.utf8) }

    /// True when an option or variable name looks like it holds a secret.
    static func isSecretName(_ name: ArraySlice<UInt8>) -> Bool {
        var lower = [UInt8]()
        lower.reserveCapacity(name.count)
        for byte in name { lower.append(byte >= 65 && byte <= 90 ? byte + 32 : byte) }
        for needle in needles where contains(lower[...], needle) { return true }
        // Whole words ("key", "pass", …), and words ending in key, pass or auth (apikey, requirepass, masterauth).
        var start = 0
        for index in 0...lower.count {
            let isWordByte = index < lower.count && (isLetter(lower[index]) || isDigit(lower[index]))
            if isWordByte { continue }
            if index > start {
                let word = lower[start..<index]
                if secretWords.contains(where: { word.elementsEqual($0) }) { return true }
                if !harmlessWords.contains(where: { word.elementsEqual($0) }) {
                    if (word.count > 3 && hasSuffix(word, "key")) || hasSuffix(word, "pass") || hasSuffix(word, "auth")
                    {
                        return true
                    }
                }
            }
            start = index + 1
        }
        return false
    }

    private static let headers: [[UInt8]] = [
        "authorization", "proxy-authorization", "x-api-key", "x-auth-token", "cookie", "set-cookie",
    ].map { Array($0.utf8) }

    /// The colon ending an HTTP credential header inside an argument ("Authorization: Bearer x").
    static func headerColon(_ bytes: [UInt8]) -> Int? {
        guard let colonAt = bytes.firstIndex(of: colon), colonAt > 0, colonAt <= 20 else { return nil }
        let name = bytes[..<colonAt].map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        return headers.contains { $0 == name } ? colonAt : nil
    }

    private static let schemeSeparator: [UInt8] = Array("://".utf8)

    /// Replaces the password of any `scheme://user:password@host` in the text.
    static func redactURL(_ text: String, _ bytes: [UInt8]) -> String {
        guard bytes.contains(at), contains(bytes[...], schemeSeparator) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 8)
        var index = 0
        while let separator = firstIndex(of: schemeSeparator, in: bytes, from: index) {
            let authorityStart = separator + 3
            output += bytes[index..<authorityStart]
            var authorityEnd = authorityStart
            while authorityEnd < bytes.count,
                ![UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: " ")].contains(
                    bytes[authorityEnd]
                )
            {
                authorityEnd += 1
            }
            let authority = bytes[authorityStart..<authorityEnd]
            if let atIndex = authority.lastIndex(of: at) {
                let userinfo = bytes[authorityStart..<atIndex]
                if let colonAt = userinfo.firstIndex(of: colon) {
                    output += bytes[authorityStart...colonAt]
                    output += Array(mask.utf8)
                } else if userinfo.count >= 20 {
                    output += Array(mask.utf8)  // a lone long userinfo is usually a token (https://TOKEN@github.com)
                } else {
                    output += userinfo
                }
                output += bytes[atIndex..<authorityEnd]
            } else {
                output += authority
            }
            index = authorityEnd
        }
        output += bytes[index...]
        return String(decoding: output, as: UTF8.self)
    }

    static func isLetter(_ byte: UInt8) -> Bool { (byte >= 97 && byte <= 122) || byte >= 128 }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    static func hasSuffix(_ word: ArraySlice<UInt8>, _ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard word.count >= count else { return false }
        return suffix.withUTF8Buffer { word.suffix(count).elementsEqual($0) }
    }

    static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        var start = haystack.startIndex
        while start + needle.count <= haystack.endIndex {
            if haystack[start] == needle[0] && haystack[start..<(start + needle.count)].elementsEqual(needle) {
                return true
            }
            start += 1
        }
        return false
    }

    static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        var start = from
        while start + needle.count <= bytes.count {
            if bytes[start] == needle[0] && bytes[start..<(start + needle.count)].elementsEqual(needle) { return start }
            start += 1
        }
        return nil
    }
}
