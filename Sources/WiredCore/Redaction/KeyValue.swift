/// One key in a text and the extent of its value, when the key's name says the value is secret.
///
/// Where the value ends depends on how it is written: a quoted value at its closing quote; after
/// `Authorization:` or a YAML key at the start of a line, at the end of the line (an HTTP scheme such as
/// `Bearer` is kept); after `Cookie:`, at the last `name=value` of the list; a key that starts a word
/// (`PGPASSWORD=…`, `password=…` in a libpq string) at the next space; a key inside a list (`,password=…`,
/// `&token=…`, `;Pwd=…`) at the list's next separator.
struct KeyValue {
    typealias Bytes = RedactionBytes

    let text: ByteText
    let key: Range<Int>

    /// The value to mask (empty when there is none or it is already masked) and where scanning resumes; `nil`
    /// when the key has no value or its name is not secret.
    func value() -> (range: Range<Int>, resume: Int)? {
        let quote = quoteBefore
        var cursor = key.upperBound
        if let quote, cursor < text.endIndex, text[cursor] == quote { cursor += 1 }
        // Spaces may stand before the separator only after a quoted key (`"password" : "x"`) and in SQL, so a
        // word ending one argument and a separator starting the next (`a=b c =d`) are not read as one key.
        let spacesBefore = skipSpaces(from: &cursor, atMost: 2)
        guard cursor < text.endIndex else { return nil }
        if spacesBefore > 0 && quote == nil && !Bytes.isQuote(text[cursor]) {
            guard isSQLKey, text[cursor] == UInt8(ascii: "=") else { return nil }
            var value = cursor + 1
            skipSpaces(from: &value, atMost: 2)
            return value < text.endIndex && Bytes.isQuote(text[value]) ? quoted(from: value) : nil
        }
        var colon = false
        switch text[cursor] {
        case UInt8(ascii: "="):
            cursor += 1
            if cursor < text.endIndex, text[cursor] == UInt8(ascii: "=") || text[cursor] == UInt8(ascii: ">") {
                cursor += 1
            }
            if let empty = emptyAfterEquals(cursor) { return empty }
        case UInt8(ascii: ":"):
            // A URL's scheme (https://), not a key.
            if cursor + 2 < text.endIndex && text[cursor + 1] == UInt8(ascii: "/")
                && text[cursor + 2] == UInt8(ascii: "/")
            {
                return nil
            }
            cursor += 1
            if cursor < text.endIndex, text[cursor] == UInt8(ascii: "=") {
                cursor += 1
                if let empty = emptyAfterEquals(cursor) { return empty }
            } else {
                colon = true
            }
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            // SQL: ALTER USER … IDENTIFIED BY 'x', … WITH PASSWORD 'x'.
            guard spacesBefore > 0, isSQLKey else { return nil }
            return quoted(from: cursor)
        default:
            return nil
        }
        guard isSecretName else { return nil }
        // After `:`, one space (YAML, headers); more only before a quoted value (`"token":   "x"`).
        var spaced = cursor
        skipSpaces(from: &spaced, atMost: 8)
        if spaced - cursor <= 1 || (spaced < text.endIndex && Bytes.isQuote(text[spaced])) { cursor = spaced }
        return valueAfterSeparator(cursor, colon: colon)
    }

    /// The empty value after `=`, `:=` or `==` when a space follows, or `nil` when a value follows.
    ///
    /// `NAME= command` sets NAME to nothing; SQL's `PASSWORD = 'x'` is the exception.
    func emptyAfterEquals(_ cursor: Int) -> (range: Range<Int>, resume: Int)? {
        guard cursor < text.endIndex, Bytes.isSpace(text[cursor]) else { return nil }
        var value = cursor
        skipSpaces(from: &value, atMost: 2)
        return isSQLKey && value < text.endIndex && Bytes.isQuote(text[value]) ? nil : (cursor..<cursor, cursor)
    }

    /// The value that starts at `start`, just after the separator.
    func valueAfterSeparator(_ start: Int, colon: Bool) -> (range: Range<Int>, resume: Int) {
        var cursor = start
        guard cursor < text.endIndex, !Bytes.isSpace(text[cursor]) else { return (cursor..<cursor, cursor) }
        let byte = text[cursor]
        // Nested JSON ({"auth":{"password":…}}): scanning goes on inside.
        if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { return (cursor..<cursor, cursor) }
        if Bytes.isQuote(byte) { return quoted(from: cursor) }
        skipScheme(&cursor)
        if Bytes.isMasked(text, at: cursor) { return (cursor..<cursor, cursor + Bytes.mask.count) }
        let end: Int
        if isCookie {
            end = cookieEnd(from: cursor)
        } else if colon && startsLine {
            end = Bytes.find(UInt8(ascii: "\n"), in: text, from: cursor) ?? text.endIndex
        } else if startsWord {
            end = next(from: cursor, where: Bytes.isSpace)
        } else {
            end = next(from: cursor, where: Self.endsListItem)
        }
        return (cursor..<end, end)
    }

    /// The inside of the quoted value at `start` (backslash escapes honoured); a quote never closed ends at
    /// the next space, as it may be an argument's own.
    func quoted(from start: Int) -> (range: Range<Int>, resume: Int) {
        let quote = text[start]
        var cursor = start + 1
        while cursor < text.endIndex && text[cursor] != quote {
            cursor += text[cursor] == UInt8(ascii: "\\") ? 2 : 1
        }
        var end = min(cursor, text.endIndex)
        if end == text.endIndex { end = next(from: start + 1, where: Bytes.isSpace) }
        if Bytes.isMasked(text, at: start + 1) { return (end..<end, end) }
        return ((start + 1)..<end, end)
    }

    static let schemes = WordList([
        "bearer", "basic", "token", "digest", "negotiate", "ntlm", "oauth", "apikey", "aws4-hmac-sha256", "bot",
        "sso-key", "ssws", "splunk", "jwt", "key",
    ])

    /// Moves past an HTTP authentication scheme followed by one space (`Bearer x`), which is kept.
    func skipScheme(_ cursor: inout Int) {
        let end = next(from: cursor) { !(SecretText.isKeyByte($0)) }
        guard end + 1 < text.endIndex, text[end] == UInt8(ascii: " "), !Bytes.isSpace(text[end + 1]),
            Self.schemes.contains(folded: text[cursor..<end])
        else { return }
        cursor = end + 1
    }

    /// The end of a cookie list: `a=1; b=2` goes on while a word ends in `;` and the next is a `name=value`.
    func cookieEnd(from start: Int) -> Int {
        var end = next(from: start, where: Bytes.isSpace)
        while end < text.endIndex && end > start && text[end - 1] == UInt8(ascii: ";") {
            var cursor = end
            skipSpaces(from: &cursor, atMost: 1)
            let wordEnd = next(from: cursor, where: Bytes.isSpace)
            guard cursor < wordEnd, text[cursor..<wordEnd].contains(UInt8(ascii: "=")) else { break }
            end = wordEnd
        }
        return end
    }

    static func endsListItem(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "&"), UInt8(ascii: "}"), UInt8(ascii: "]"),
            UInt8(ascii: ")"), UInt8(ascii: "\""), UInt8(ascii: "'"):
            true
        default: Bytes.isSpace(byte)
        }
    }

    // MARK: Facts about the key

    var isSecretName: Bool { SecretNames.isSecret(text[key]) }

    static let cookies = WordList(["cookie", "set-cookie"])
    static let by = Array("by".utf8)
    static let identified = Array("identified ".utf8)

    var isCookie: Bool { Self.cookies.contains(folded: text[key]) }

    static let password = Array("password".utf8)

    /// SQL's `PASSWORD` or `IDENTIFIED BY`, which a quoted password follows after a space.
    var isSQLKey: Bool { Bytes.equalsFolded(text[key], Self.password) || isIdentifiedBy }

    /// `BY` after `IDENTIFIED ` (SQL).
    var isIdentifiedBy: Bool {
        Bytes.equalsFolded(text[key], Self.by)
            && Bytes.hasFolded(Self.identified, in: text, at: key.lowerBound - Self.identified.count)
    }

    /// The quote just before the key (`"password": …`), if any.
    var quoteBefore: UInt8? {
        guard key.lowerBound > text.startIndex, Bytes.isQuote(text[key.lowerBound - 1]) else { return nil }
        return text[key.lowerBound - 1]
    }

    /// The index just before the key and its opening quote.
    var before: Int { key.lowerBound - (quoteBefore == nil ? 1 : 2) }

    /// True when the key begins the text or follows a space.
    var startsWord: Bool { before < text.startIndex || Bytes.isSpace(text[before]) }

    /// True when only spaces stand between the start of the line and the key (a YAML key, a header argument).
    var startsLine: Bool {
        var index = before
        while index >= text.startIndex && (text[index] == UInt8(ascii: " ") || text[index] == UInt8(ascii: "\t")) {
            index -= 1
        }
        return index < text.startIndex || text[index] == UInt8(ascii: "\n")
    }

    // MARK: Moving

    @discardableResult
    func skipSpaces(from cursor: inout Int, atMost limit: Int) -> Int {
        var count = 0
        while count < limit, cursor < text.endIndex, text[cursor] == UInt8(ascii: " ") || text[cursor] == 9 {
            cursor += 1
            count += 1
        }
        return count
    }

    func next(from start: Int, where stop: (UInt8) -> Bool) -> Int {
        var index = start
        while index < text.endIndex && !stop(text[index]) { index += 1 }
        return index
    }
}
