extension CommandWalker {
    /// Words after which a secret-named word is followed by its value (`aws configure set KEY V`,
    /// `git config user.password V`, `redis-cli CONFIG SET requirepass V`, `nmcli con modify c wifi-sec.psk V`).
    static let setterWords = WordList(["set", "config", "configure", "modify"])

    /// `-x`, `--name`, `--name=value`; not `-` alone, nor a PEM block (`-----BEGIN …`).
    static func isOption(_ word: ByteText) -> Bool {
        let start = word.startIndex
        guard word.count > 1, word[start] == UInt8(ascii: "-") else { return false }
        return word.count < 3 || word[start + 1] != UInt8(ascii: "-") || word[start + 2] != UInt8(ascii: "-")
    }

    /// A shell separator between commands (`&&`, `||`, `;`, `|`, `&`).
    static func isSeparator(_ word: ByteText) -> Bool {
        guard word.count <= 2, let first = word.first else { return false }
        switch first {
        case UInt8(ascii: "&"), UInt8(ascii: "|"): return word.count == 1 || word.last == first
        case UInt8(ascii: ";"): return word.count == 1
        default: return false
        }
    }

    /// `NAME=value` before a command (an environment assignment).
    static func isAssignment(_ word: ByteText) -> Bool {
        guard let equals = word.firstIndex(of: UInt8(ascii: "=")), equals > word.startIndex else { return false }
        return word[..<equals].allSatisfy {
            RedactionBytes.isAlphanumeric($0) || $0 == UInt8(ascii: "_")
        } && !RedactionBytes.isDigit(word[word.startIndex])
    }

    /// The word's first word, up to a space or colon (a rewritten title such as `nginx: worker process`
    /// names its program first).
    static func firstWord(_ word: ByteText) -> ByteText {
        word.drop(while: RedactionBytes.isSpace).prefix { !RedactionBytes.isSpace($0) && $0 != UInt8(ascii: ":") }
    }

    /// The mask, unless the word is empty or masked already.
    static func masked(_ word: ByteText) -> [UInt8]? {
        word.isEmpty || RedactionBytes.isMasked(word, at: word.startIndex) ? nil : RedactionBytes.mask
    }

    /// An option's value redacted as `value` says, or `nil` when nothing in it is hidden that way.
    static func redact(_ word: ByteText, as value: ProgramRules.Value) -> [UInt8]? {
        switch value {
        case .whole: return masked(word)
        case .kept: return nil
        case .afterColon(let bareMasked):
            guard let colon = word.firstIndex(of: UInt8(ascii: ":")) else { return bareMasked ? masked(word) : nil }
            // `TOKEN:` (curl -u for APIs that take the key as the user): the user is the secret.
            if colon + 1 == word.endIndex { return masked(word[..<colon]).map { $0 + [UInt8(ascii: ":")] } }
            return after(colon, in: word)
        case .afterPercent:
            return word.firstIndex(of: UInt8(ascii: "%")).flatMap { after($0, in: word) }
        case .afterComma:
            return word.firstIndex(of: UInt8(ascii: ",")).flatMap { after($0, in: word) }
        case .opensslPass:
            switch opensslSources.prefix(of: word, at: word.startIndex)?.index {
            case 0: return after(word.startIndex + 4, in: word)
            case nil: return masked(word)
            default: return nil
            }
        case .cookie:
            return word.contains(UInt8(ascii: "=")) ? masked(word) : nil
        case .qemuSecret:
            return qemuSecret(word)
        }
    }

    /// openssl's password sources: `pass:` holds the password itself.
    static let opensslSources = WordList(["pass:", "env:", "file:", "fd:", "stdin"])
    static let qemuSecretStart = Array("secret,".utf8)
    static let qemuData = Array(",data=".utf8)

    /// The word with everything after `index` masked.
    static func after(_ index: Int, in word: ByteText) -> [UInt8]? {
        guard index + 1 < word.endIndex, !RedactionBytes.isMasked(word, at: index + 1) else { return nil }
        return Array(word[...index]) + RedactionBytes.mask
    }

    /// QEMU's `secret,id=x,data=VALUE,…` with VALUE masked.
    static func qemuSecret(_ word: ByteText) -> [UInt8]? {
        guard RedactionBytes.has(qemuSecretStart, in: word, at: word.startIndex),
            let data = RedactionBytes.find(qemuData, in: word, from: word.startIndex)
        else { return nil }
        let start = data + 6
        let end = RedactionBytes.find(UInt8(ascii: ","), in: word, from: start) ?? word.endIndex
        guard start < end, !RedactionBytes.isMasked(word, at: start) else { return nil }
        return RedactionBytes.masking(word, [start..<end])
    }

    /// Oracle's `user/password@db` (or `user/password`); `/` alone and `@script` are kept.
    static func oracleLogin(_ word: ByteText) -> [UInt8]? {
        guard let slash = word.firstIndex(of: UInt8(ascii: "/")), slash > word.startIndex,
            word.first != UInt8(ascii: "@")
        else { return nil }
        let end = word[slash...].firstIndex(of: UInt8(ascii: "@")) ?? word.endIndex
        guard slash + 1 < end, !RedactionBytes.isMasked(word, at: slash + 1) else { return nil }
        return RedactionBytes.masking(word, [(slash + 1)..<end])
    }
}
