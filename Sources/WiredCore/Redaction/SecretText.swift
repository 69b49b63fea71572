/// Finds secrets inside one piece of text (an argument, or a whole command line) by their shape, whatever
/// program it belongs to: PEM blocks, passwords in URLs, values of secret-named keys, and tokens known by
/// their form.
enum SecretText {
    typealias Bytes = RedactionBytes

    /// The text with every secret found replaced by the mask, or `nil` when there is none.
    static func redact(_ text: ByteText) -> [UInt8]? {
        redact(text, Features(text))
    }

    /// What one look at the bytes of a text finds, to run only the passes that can find something.
    struct Features {
        var space = false
        var at = false
        var keyHint = false
        var pem = false
        var token = false

        init(_ text: ByteText) {
            let classes = Bytes.classes
            var all: UInt8 = 0
            var dashes = 0
            // Classes of the byte before and of the one before that.
            var previous: UInt8 = 0
            var beforePrevious: UInt8 = 0
            var previousByte: UInt8 = 0
            for byte in text {
                let flags = classes[Int(byte)]
                all |= flags
                if flags & Bytes.dash != 0 {
                    dashes += 1
                    if dashes >= 5 { pem = true }
                } else {
                    dashes = 0
                }
                if previous & Bytes.tokenStart != 0 && beforePrevious & Bytes.alphanumeric == 0 && !token {
                    token = SecretText.startsToken(previousByte, byte)
                }
                beforePrevious = previous
                previous = flags
                previousByte = byte
            }
            space = all & Bytes.space != 0
            at = all & Bytes.at != 0
            keyHint = all & Bytes.keyHint != 0
        }
    }

    /// The text redacted by the passes `features` call for; keys are looked for from `keysFrom` on (after an
    /// option's name that is known not to be secret).
    static func redact(_ text: ByteText, _ features: Features, keysFrom: Int? = nil) -> [UInt8]? {
        var current: [UInt8]?
        for pass in Pass.allCases {
            switch pass {
            case .pem: guard features.pem else { continue }
            case .url: guard features.at else { continue }
            case .keyValue: guard features.keyHint else { continue }
            case .token: guard features.token else { continue }
            }
            if let previous = current {
                if let next = previous.withUnsafeBufferPointer({ pass.masking($0[...]) }) { current = next }
            } else {
                current = pass.masking(text, from: keysFrom ?? text.startIndex)
            }
        }
        return current
    }

    /// The passes, in order: a later pass sees the masks of the earlier ones.
    enum Pass: CaseIterable {
        case pem, url, keyValue, token

        /// The text with what this pass finds masked, or `nil` when it finds nothing.
        func masking(_ text: ByteText, from start: Int? = nil) -> [UInt8]? {
            let found = ranges(text, from: start ?? text.startIndex)
            return found.isEmpty ? nil : Bytes.masking(text, found)
        }

        func ranges(_ text: ByteText, from start: Int) -> [Range<Int>] {
            switch self {
            case .pem: SecretText.pemBodies(text)
            case .url: SecretText.urlPasswords(text)
            case .keyValue: SecretText.keyValues(text, from: start)
            case .token: SecretText.tokens(text)
            }
        }
    }

    // MARK: PEM

    static let pemBegin = Array("-----BEGIN".utf8)
    static let pemEnd = Array("-----END".utf8)
    static let fiveDashes = Array("-----".utf8)

    /// The bodies of PEM blocks (`-----BEGIN … KEY-----` to `-----END`, or to the end when cut short).
    static func pemBodies(_ text: ByteText) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var index = text.startIndex
        while let begin = Bytes.find(pemBegin, in: text, from: index) {
            index = begin + pemBegin.count
            // The label: a space, then capital letters, digits and spaces (RSA PRIVATE KEY), then five dashes.
            var close = index
            while close < text.endIndex && close - begin < 80 && isLabelByte(text[close]) { close += 1 }
            guard close > index + 1, text[index] == UInt8(ascii: " "), Bytes.has(fiveDashes, in: text, at: close)
            else { continue }
            let body = close + fiveDashes.count
            let end = Bytes.find(pemEnd, in: text, from: body) ?? text.endIndex
            if end > body && !Bytes.isMasked(text, at: body) { ranges.append(body..<end) }
            index = end + 1
        }
        return ranges
    }

    static func isLabelByte(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || Bytes.isDigit(byte) || byte == UInt8(ascii: " ")
    }

    // MARK: URLs

    static let schemeSeparator = Array("://".utf8)
    static let oracleThin = Array("oracle:thin:".utf8)

    /// Passwords in `scheme://user:password@host`, a token standing alone as the user (20 bytes or more),
    /// and the password of JDBC's `oracle:thin:user/password@host`.
    static func urlPasswords(_ text: ByteText) -> [Range<Int>] {
        guard text.contains(UInt8(ascii: "@")) else { return [] }
        var ranges: [Range<Int>] = []
        var index = text.startIndex
        while let separator = Bytes.find(schemeSeparator, in: text, from: index) {
            let start = separator + schemeSeparator.count
            var end = start
            while end < text.endIndex && !endsAuthority(text[end]) { end += 1 }
            if let at = text[start..<end].lastIndex(of: UInt8(ascii: "@")), at > start {
                if let colon = text[start..<at].firstIndex(of: UInt8(ascii: ":")) {
                    if colon + 1 < at && !Bytes.isMasked(text, at: colon + 1) { ranges.append((colon + 1)..<at) }
                } else if at - start >= 20 && !Bytes.isMasked(text, at: start) {
                    ranges.append(start..<at)
                }
            }
            index = end
        }
        // JDBC's Oracle form: oracle:thin:user/password@host.
        if let thin = Bytes.find(oracleThin, in: text, from: text.startIndex) {
            let start = thin + oracleThin.count
            var at = start
            while at < text.endIndex && text[at] != UInt8(ascii: "@") && !Bytes.isSpace(text[at]) { at += 1 }
            if at < text.endIndex, text[at] == UInt8(ascii: "@"),
                let slash = text[start..<at].firstIndex(of: UInt8(ascii: "/")), slash + 1 < at,
                !Bytes.isMasked(text, at: slash + 1)
            {
                ranges.append((slash + 1)..<at)
            }
        }
        return ranges.sorted { $0.lowerBound < $1.lowerBound }
    }

    static func endsAuthority(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") || Bytes.isSpace(byte)
            || Bytes.isQuote(byte)
    }

    // MARK: Keys and values

    @inline(__always) static func isKeyByte(_ byte: UInt8) -> Bool { Bytes.has(byte, Bytes.keyByte) }

    /// Values of secret-named keys: `key=v`, `key: v`, `"key": "v"`, `key:=v`, `key==v` (httpie), `key => v`,
    /// and SQL's `PASSWORD 'v'` and `IDENTIFIED BY 'v'`.
    static func keyValues(_ text: ByteText, from start: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var index = start
        while index < text.endIndex {
            guard isKeyByte(text[index]), index == text.startIndex || !isKeyByte(text[index - 1]) else {
                index += 1
                continue
            }
            var keyEnd = index
            while keyEnd < text.endIndex && isKeyByte(text[keyEnd]) { keyEnd += 1 }
            let key = index..<keyEnd
            index = keyEnd
            if let found = KeyValue(text: text, key: key).value() {
                if !found.range.isEmpty { ranges.append(found.range) }
                index = max(found.resume, keyEnd)
            }
        }
        return ranges
    }

    // MARK: Tokens known by their form

    /// Bytes a token's body may hold.
    enum Body {
        case upperAndDigits, alphanumeric, word, wordAndDash, wordDashDot, notSpace

        func allows(_ byte: UInt8) -> Bool {
            switch self {
            case .upperAndDigits: (byte >= 65 && byte <= 90) || Bytes.isDigit(byte)
            case .alphanumeric: Bytes.isAlphanumeric(byte)
            case .word: Bytes.isAlphanumeric(byte) || byte == UInt8(ascii: "_")
            case .wordAndDash: Bytes.isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            case .wordDashDot:
                Bytes.isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: ".")
            case .notSpace: !Bytes.isSpace(byte) && !Bytes.isQuote(byte)
            }
        }
    }

    /// A token recognised by its prefix: the prefix is kept, the body (at least `minimum` bytes) masked.
    struct Form {
        let prefix: [UInt8]
        let body: Body
        let minimum: Int

        init(_ prefix: String, _ body: Body, _ minimum: Int) {
            self.prefix = Array(prefix.utf8)
            self.body = body
            self.minimum = minimum
        }
    }

    /// AWS access keys, GitHub, GitLab, Slack, Stripe, Google, Vault, npm, PyPI, DigitalOcean, SendGrid and
    /// Shopify tokens, and Slack webhook paths.
    static let forms: [Form] = [
        Form("AKIA", .upperAndDigits, 12), Form("ASIA", .upperAndDigits, 12),
        Form("ghp_", .alphanumeric, 20), Form("gho_", .alphanumeric, 20), Form("ghu_", .alphanumeric, 20),
        Form("ghs_", .alphanumeric, 20), Form("ghr_", .alphanumeric, 20), Form("github_pat_", .word, 20),
        Form("glpat-", .wordAndDash, 16), Form("xoxa-", .wordAndDash, 8), Form("xoxb-", .wordAndDash, 8),
        Form("xoxp-", .wordAndDash, 8), Form("xoxr-", .wordAndDash, 8), Form("xoxs-", .wordAndDash, 8),
        Form("xoxe-", .wordAndDash, 8), Form("xapp-", .wordAndDash, 8), Form("sk_live_", .alphanumeric, 10),
        Form("sk_test_", .alphanumeric, 10), Form("rk_live_", .alphanumeric, 10), Form("rk_test_", .alphanumeric, 10),
        Form("whsec_", .alphanumeric, 10), Form("AIza", .wordAndDash, 30), Form("hvs.", .wordAndDash, 20),
        Form("hvb.", .wordAndDash, 20), Form("hvr.", .wordAndDash, 20), Form("npm_", .alphanumeric, 30),
        Form("pypi-", .wordAndDash, 30), Form("dop_v1_", .alphanumeric, 20), Form("SG.", .wordDashDot, 30),
        Form("shpat_", .alphanumeric, 20), Form("shpss_", .alphanumeric, 20),
        Form("hooks.slack.com/services/", .notSpace, 8),
    ]

    static let bodies = forms.map(\.body)
    static let minimums = forms.map(\.minimum)

    /// The prefixes of ``forms``, packed (found without retaining each form).
    static let prefixes = WordList(forms.map { String(decoding: $0.prefix, as: UTF8.self) })

    /// The first two bytes of every prefix and of JWTs (`ey`), as a 64 Ki-bit table, to pass other bytes
    /// quickly.
    nonisolated(unsafe) static let startPairs: UnsafeBufferPointer<UInt64> = {
        let table = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 1024)
        table.initialize(repeating: 0)
        for prefix in forms.map(\.prefix) + [jwtStart] {
            let pair = Int(prefix[0]) << 8 | Int(prefix[1])
            table[pair >> 6] |= 1 << UInt64(pair & 63)
        }
        return UnsafeBufferPointer(table)
    }()

    /// True when the two bytes begin a token's prefix or a JWT.
    @inline(__always) static func startsToken(_ first: UInt8, _ second: UInt8) -> Bool {
        let pair = Int(first) << 8 | Int(second)
        return startPairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0
    }

    /// Tokens known by their form, wherever they stand (after options nobody knows, inside URLs, in JSON).
    static func tokens(_ text: ByteText) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        guard text.count >= 4 else { return ranges }
        var index = text.startIndex
        var boundary = true
        while index + 1 < text.endIndex {
            let byte = text[index]
            if boundary, Bytes.has(byte, Bytes.tokenStart), startsToken(byte, text[index + 1]),
                let range = token(in: text, at: index)
            {
                ranges.append(range)
                index = range.upperBound
                boundary = false
                continue
            }
            boundary = !Bytes.has(byte, Bytes.alphanumeric)
            index += 1
        }
        return ranges
    }

    static let jwtStart = Array("eyJ".utf8)

    /// The part of a token at `index` to mask.
    static func token(in text: ByteText, at index: Int) -> Range<Int>? {
        // A JWT: three base64url parts, the first two JSON objects ("eyJ" is base64 of `{"`); masked whole.
        if Bytes.has(jwtStart, in: text, at: index) {
            let header = run(in: text, from: index, .wordAndDash)
            guard header - index >= 12, header < text.endIndex, text[header] == UInt8(ascii: "."),
                Bytes.has(jwtStart, in: text, at: header + 1)
            else { return nil }
            var end = run(in: text, from: header + 1, .wordAndDash)
            if end < text.endIndex, text[end] == UInt8(ascii: ".") { end = run(in: text, from: end + 1, .wordAndDash) }
            return index..<end
        }
        guard let found = prefixes.prefix(of: text, at: index) else { return nil }
        let start = index + found.length
        let end = run(in: text, from: start, bodies[found.index])
        return end - start >= minimums[found.index] ? start..<end : nil
    }

    /// The end of the run of bytes that `body` allows from `start`.
    static func run(in text: ByteText, from start: Int, _ body: Body) -> Int {
        var end = start
        while end < text.endIndex && body.allows(text[end]) { end += 1 }
        return end
    }
}
