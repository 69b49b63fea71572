/// Decides whether the name of an option, variable or field (`--db-password`, `PGPASSWORD`, `api_key`,
/// `X-Auth-Token`, `keyStorePassword`) says that its value is a secret.
///
/// The name is folded to lowercase and cut into words at every byte that is not a letter or digit. It is
/// secret when one word is secret, unless its last word says the value only points at a secret or
/// describes it (`--password-file`, `--token-ttl`, `--key-name`, `--secret-id`, `PasswordAuthentication`)
/// or its first word makes it a switch (`--no-password`, `--ask-pass`, `--with-token`).
enum SecretNames {
    /// Words that are secret on their own.
    static let words = WordList([
        "key", "pass", "pw", "pwd", "passwd", "auth", "authorization", "cookie", "session", "sig", "signature",
        "bearer", "jwt", "otp", "psk", "sas", "creds", "token", "secret", "apikey", "sessionid",
    ])
    /// Parts that make a word secret wherever they appear in it (password, sslpassphrase, credentials).
    static let stems = WordList(["passw", "passphrase", "credential"])
    /// Endings that make a word secret (authtoken, clientsecret, requirepass, masterauth, apikey, dbpwd).
    static let endings = WordList(["token", "secret", "pass", "auth", "pwd", "psk", "key"])
    /// Words that end like a secret but are not one.
    static let harmless = WordList([
        "hotkey", "monkey", "turkey", "donkey", "whiskey", "jockey", "hockey", "publickey", "pubkey", "hostkey",
        "bypass", "compass", "trespass", "overpass", "underpass", "surpass", "askpass", "multipass", "firstpass",
        "onepass", "twopass", "keepass",
    ])
    /// Last words (or endings of a last word) naming something about a secret rather than the secret.
    static let qualifiers = WordList([
        "file", "files", "filename", "path", "paths", "dir", "directory", "folder", "type", "kind", "size", "length",
        "len", "bits", "name", "names", "id", "ids", "arn", "format", "fmt", "fd", "stdin", "env", "prompt",
        "policy", "authentication", "algorithm", "algorithms", "alg", "algo", "mode", "method", "methods", "helper",
        "url", "uri", "endpoint", "server", "host", "port", "jar", "ttl", "timeout", "expiry", "expires",
        "expiration", "lifetime", "interval", "header", "backend", "provider", "command", "cmd", "program",
        "location", "version", "count", "level", "required", "enabled", "disabled", "checking", "sock", "socket",
        "proxy", "user", "username", "mechanism", "source", "database", "db", "realm", "scope", "scopes", "label",
        "var", "field", "plugin", "store",
    ])
    /// First words that make the option a switch taking no value.
    static let switches = WordList([
        "no", "skip", "ask", "without", "with", "disable", "enable", "prompt", "show", "print", "use",
    ])

    /// True when `name` says its value is a secret.
    static func isSecret(_ name: ByteText) -> Bool {
        guard mayBeSecret(name) else { return false }
        var found = false
        var first = true
        var last = name[name.startIndex..<name.startIndex]
        var start = name.startIndex
        for index in name.startIndex...name.endIndex {
            if index < name.endIndex && (RedactionBytes.isAlphanumeric(name[index]) || name[index] >= 128) {
                continue
            }
            if index > start {
                let word = name[start..<index]
                if first && switches.contains(folded: word) { return false }
                first = false
                if !found && isSecretWord(word) { found = true }
                last = word
            }
            start = index + 1
        }
        return found && !qualifiers.contains(folded: last)
    }

    /// True when one word of a name is secret (compared with ASCII case folded).
    static func isSecretWord(_ word: ByteText) -> Bool {
        if words.contains(folded: word) { return true }
        if harmless.contains(folded: word) { return false }
        if stems.occurs(in: word) { return !qualifiers.endsShorter(word, minimumLength: 2) }
        // "maxtokens" ends in "tokens", not "token"; a short word ending in "key" ("ukey") is no compound.
        return endings.endsShorter(word)
            && !(word.count <= 4 && RedactionBytes.hasFolded(key, in: word, at: word.endIndex - 3))
    }

    static let key: [UInt8] = Array("key".utf8)

    // MARK: A quick first look

    /// Every secret word, stem and ending holds one of these (as letters of one word), so a name without any
    /// of them is not secret; most names are passed after one table lookup per byte.
    static let signs = [
        "pas", "pw", "key", "aut", "coo", "ses", "sig", "bea", "jwt", "otp", "psk", "sas", "cre", "tok", "sec",
    ]

    /// The letters a-z as 1…26, anything else as 0 (a word boundary).
    @inline(__always) static func letter(_ byte: UInt8) -> Int {
        let folded = byte | 32
        return folded >= 97 && folded <= 122 ? Int(folded - 96) : 0
    }

    /// Bit `(a << 10 | b << 5 | c)` set for each sign's letters `abc` (a two-letter sign also with any third).
    static let signTable: [UInt64] = {
        var table = [UInt64](repeating: 0, count: 512)
        func set(_ index: Int) { table[index >> 6] |= 1 << UInt64(index & 63) }
        for sign in signs {
            let letters = sign.utf8.map(letter)
            if letters.count == 3 {
                set(letters[0] << 10 | letters[1] << 5 | letters[2])
            } else {
                for third in 0..<32 { set(letters[0] << 10 | letters[1] << 5 | third) }
            }
        }
        return table
    }()

    /// False when no sign appears in `name`.
    static func mayBeSecret(_ name: ByteText) -> Bool {
        signTable.withUnsafeBufferPointer { table in
            var window = 0
            for byte in name {
                window = (window << 5 | letter(byte)) & 0x7FFF
                if table[window >> 6] & (1 << UInt64(window & 63)) != 0 { return true }
            }
            // A two-letter sign at the very end ("pw").
            window = (window << 5) & 0x7FFF
            return table[window >> 6] & (1 << UInt64(window & 63)) != 0
        }
    }
}
