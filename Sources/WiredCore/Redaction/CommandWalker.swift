/// Walks the words of command lines (arguments, or the words of a line) and decides which to mask, knowing
/// the program each belongs to.
///
/// A word's program is argv[0]'s, or the command a wrapper starts (`sudo -u x mysql …`, `docker exec c
/// mysql …`), or the first word after a shell separator (`cd /srv && mysql …`).
struct CommandWalker {
    typealias Bytes = RedactionBytes

    /// True for arguments, each of which is scanned on its own (one that holds spaces as a command line);
    /// false for the words of a line whose text was scanned whole already.
    let scansWords: Bool

    private var rules: ProgramRules?
    private var expectingProgram = true
    private var pending: ProgramRules.Value?
    /// Plain words seen, folded (the first few), for options that depend on a subcommand.
    private var seen: [[UInt8]] = []
    private var plainWords = 0
    /// After `set`, `config`, …: a secret-named word's value follows (`aws configure set KEY VALUE`).
    private var setter = false
    private var keyword: ProgramRules.Keyword?
    private var keywordSkip = 0
    private var lastWordArmed = false
    private var lastPlainWord: Int?
    /// The words replaced so far, in order: their index, their place in the text, and what replaces them.
    private(set) var replacements: [Replacement] = []
    private var lastPlainRange: Range<Int> = 0..<0

    /// A word to replace.
    struct Replacement {
        /// The word's position among the words.
        var index: Int
        /// Where the word stands in the text it came from.
        var range: Range<Int>
        var bytes: [UInt8]
    }

    init(scansWords: Bool) { self.scansWords = scansWords }

    /// Reads the next word (the one at `index`); the bytes need to stay only during the call.
    mutating func read(_ word: ByteText, at index: Int) {
        let replacement = step(word, at: index)
        if let replacement {
            replacements.append(Replacement(index: index, range: word.startIndex..<word.endIndex, bytes: replacement))
        }
        // `cmd;` ends a command; judged on what is shown, as a stored line read again is.
        let last = replacement.map { $0.last } ?? word.last
        if word.count > 1 && last == UInt8(ascii: ";") { startCommand() }
    }

    /// Ends the last command; ``replacements`` are then complete.
    mutating func finish() { finishCommand() }

    /// What the words leave to the words that follow them: a value still to come (`… --password` at the end),
    /// and whether a setter word (`set`) was read.
    struct End {
        var pending: ProgramRules.Value?
        var setter = false
    }

    var end: End { End(pending: pending, setter: setter) }

    private mutating func step(_ word: ByteText, at index: Int) -> [UInt8]? {
        if let value = pending {
            pending = nil
            if !Self.isOption(word) { return Self.redact(word, as: value) ?? scan(word) }
        }
        if Self.isSeparator(word) {
            startCommand()
            return nil
        }
        if expectingProgram {
            if Self.isAssignment(word) { return scan(word) }
            expectingProgram = false
            // A line that starts with an option (an argument such as "--password x") has no program word.
            if Self.isOption(word) { return option(word) }
            rules = ProgramRules.lookup(Self.firstWord(word))
            return scan(word)
        }
        if rules?.wrapper == true, !Self.isOption(word), let next = ProgramRules.lookup(word) {
            finishCommand()
            startCommand()
            expectingProgram = false
            rules = next
            return scan(word)
        }
        if word.count == 2 && word.first == UInt8(ascii: "-") && word.last == UInt8(ascii: "-") { return nil }
        return Self.isOption(word) ? option(word) : plainWord(word, at: index)
    }

    /// An option (`-x`, `--name`, `--name=value`, `-Dkey=value`).
    private mutating func option(_ word: ByteText) -> [UInt8]? {
        if case .withSwitch(let letter) = rules?.lastWord, word.dropFirst().first != UInt8(ascii: "-"),
            word.contains(letter)
        {
            lastWordArmed = true
        }
        if let (rule, valueStart) = rules?.option(word, seen: seen) {
            if let valueStart {
                guard let value = Self.redact(word[(word.startIndex + valueStart)...], as: rule.value) else {
                    return scan(word)
                }
                return Array(word.prefix(valueStart)) + value
            }
            if rule.separate && rule.value != .kept { pending = rule.value }
            return nil
        }
        var nameStart = word.startIndex
        while nameStart < word.endIndex && word[nameStart] == UInt8(ascii: "-") { nameStart += 1 }
        let equals = Bytes.find(UInt8(ascii: "="), in: word, from: nameStart)
        let name = word[nameStart..<(equals ?? word.endIndex)]
        guard !Bytes.containsSpace(name), SecretNames.isSecret(name) else {
            return scan(word, keysFrom: equals.map { $0 + 1 })
        }
        guard let equals else {
            pending = .whole
            return scan(word)
        }
        if equals + 1 == word.endIndex || Bytes.isMasked(word, at: equals + 1) { return scan(word) }
        // The name may hold a secret of its own shape too (a URL, a token).
        var masked = Array(word[...equals])
        masked += Bytes.mask
        let features = SecretText.Features(word[..<equals])
        guard scansWords, features.at || features.keyHint || features.pem || features.token else { return masked }
        return masked.withUnsafeBufferPointer { SecretText.redact($0[...]) } ?? masked
    }

    /// A word that is not an option: a subcommand, a file, a `key=value`, a value the program reads by place.
    private mutating func plainWord(_ word: ByteText, at index: Int) -> [UInt8]? {
        plainWords += 1
        if rules?.needsSeen == true && seen.count < 8 && word.count <= 24 { seen.append(word.map(Bytes.lower)) }
        if let masked = byPlace(word, at: index) { return masked }
        if Self.setterWords.contains(folded: word) {
            setter = true
        } else if setter && !word.contains(UInt8(ascii: "=")) && SecretNames.isSecret(word) {
            pending = .whole
        }
        return scan(word)
    }

    /// A password the program reads by the word's place: after a keyword, at a position, as the last word.
    private mutating func byPlace(_ word: ByteText, at index: Int) -> [UInt8]? {
        guard let rules else { return nil }
        if case .after(let subcommand) = rules.lastWord, Bytes.equalsFolded(word, subcommand) {
            lastWordArmed = true
            return nil
        }
        if rules.lastWord != nil && lastWordArmed {
            lastPlainWord = index
            lastPlainRange = word.startIndex..<word.endIndex
        }
        if let active = keyword {
            if keywordSkip > 0 {
                keywordSkip -= 1
            } else {
                if !active.rest { keyword = nil }
                if !(active.unlessAssignment && word.contains(UInt8(ascii: "="))) { return Self.masked(word) }
            }
        } else if let found = rules.keyword(word) {
            keyword = found
            keywordSkip = found.skip
            return nil
        }
        if rules.passwordWord == plainWords { return Self.masked(word) }
        if rules.oracleLogin && plainWords == 1 { return Self.oracleLogin(word) }
        for prefix in rules.prefixes where Bytes.has(prefix, in: word, at: word.startIndex) {
            let value = word.startIndex + prefix.count
            if value < word.endIndex && !Bytes.isMasked(word, at: value) { return prefix + Bytes.mask }
        }
        return nil
    }

    /// The secrets inside a word found by their shape (for arguments; a line was scanned whole).
    ///
    /// An argument read as a command line of its own that ends in a secret-named option (`"-c x --password"
    /// secret`) leaves its value to the next argument, as the line they make when joined would.
    private mutating func scan(_ word: ByteText, keysFrom: Int? = nil) -> [UInt8]? {
        guard scansWords else { return nil }
        let features = SecretText.Features(word)
        if features.space {
            var end = CommandWalker.End()
            let redacted = CommandLineRedactor.redactLine(word, features, end: &end)
            if pending == nil { pending = end.pending }
            if end.setter { setter = true }
            return redacted
        }
        return SecretText.redact(word, features, keysFrom: keysFrom)
    }

    private mutating func startCommand() {
        finishCommand()
        rules = nil
        expectingProgram = true
        pending = nil
        seen = []
        plainWords = 0
        setter = false
        keyword = nil
        lastWordArmed = false
    }

    /// Masks the last plain word where the program reads its password there (`htpasswd -b f user PASS`).
    private mutating func finishCommand() {
        if lastWordArmed, let index = lastPlainWord {
            let masked = Replacement(index: index, range: lastPlainRange, bytes: Bytes.mask)
            if let position = replacements.lastIndex(where: { $0.index <= index }) {
                if replacements[position].index == index {
                    replacements[position].bytes = Bytes.mask
                } else {
                    replacements.insert(masked, at: position + 1)
                }
            } else {
                replacements.insert(masked, at: 0)
            }
        }
        lastPlainWord = nil
        lastWordArmed = false
    }
}
