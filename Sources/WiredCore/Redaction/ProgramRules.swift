/// What one program's options and words mean for redaction, keyed on the program's name (the basename of
/// argv[0], or of the command a wrapper such as `sudo`, `env`, `ssh` or `docker exec` runs).
///
/// Only what differs from the general rules is listed: which short option is a password (`mysql -pX`,
/// `sshpass -p X`, `redis-cli -a X`, `openssl -k X`), which options hold `user:password` (`curl -u`),
/// `user%password` (`smbclient -U`) or `user,password` (`lftp -u`), words followed by a password
/// (`mysqladmin password X`, `vault login X`), and options whose value must stay visible (`openvpn --auth
/// SHA256`, `Xorg -auth FILE`, `sudo -p PROMPT`).
final class ProgramRules: @unchecked Sendable {
    /// How an option's value (or a word) is redacted.
    enum Value: Sendable, Equatable {
        /// Replaced entirely.
        case whole
        /// Kept: the option is a switch, or its value is not a secret.
        case kept
        /// `user:password`; with no colon, masked when `bareMasked` (httpie), else kept (curl).
        case afterColon(bareMasked: Bool)
        /// `user%password` (Samba).
        case afterPercent
        /// `user,password` (lftp).
        case afterComma
        /// openssl's `pass:password`; `env:`, `file:`, `fd:` and `stdin` are kept.
        case opensslPass
        /// curl's cookie data (`a=b; c=d`), kept when it names a cookie file.
        case cookie
        /// QEMU's `-object secret,…,data=x`.
        case qemuSecret
    }

    /// One option of the program.
    struct Option: @unchecked Sendable {
        let name: UnsafeBufferPointer<UInt8>
        let value: Value
        /// Whether the value may follow the option in the same argument (`-pX`, `--user=u:p`).
        let attached: Bool
        /// Whether the value may be the next argument; when not, the bare option is a switch (`mysql -p`).
        let separate: Bool
        /// A word that must have come before (`docker login … -p`, where `docker run -p` publishes a port).
        let after: UnsafeBufferPointer<UInt8>?

        init(_ name: String, _ value: Value, attached: Bool = true, separate: Bool = true, after: String? = nil) {
            self.name = RedactionBytes.permanent(name)
            self.value = value
            self.attached = attached
            self.separate = separate
            self.after = after.map(RedactionBytes.permanent)
        }
    }

    /// A word after which a password follows (`mysqladmin password NEW`, `rabbitmqctl add_user NAME PASS`).
    struct Keyword: @unchecked Sendable {
        let word: UnsafeBufferPointer<UInt8>
        /// Words to pass before the password.
        let skip: Int
        /// Every following word is masked (`redis-cli AUTH user pass`).
        let rest: Bool
        /// A following `name=value` is not the password (`vault login method=…`).
        let unlessAssignment: Bool

        init(_ word: String, skip: Int = 0, rest: Bool = false, unlessAssignment: Bool = false) {
            self.word = RedactionBytes.permanent(word)
            self.skip = skip
            self.rest = rest
            self.unlessAssignment = unlessAssignment
        }
    }

    /// When the last plain word is the password.
    enum LastWord: @unchecked Sendable {
        /// With a switch letter in a cluster (`htpasswd -b FILE USER PASS`, `-nbB`).
        case withSwitch(UInt8)
        /// After a subcommand (`openssl passwd -6 PASS`).
        case after(UnsafeBufferPointer<UInt8>)
    }

    let options: [Option]
    let keywords: [Keyword]
    /// The program runs another command (`sudo`, `env`, `ssh`, `docker`): a known program among its words
    /// starts that command.
    let wrapper: Bool
    let lastWord: LastWord?
    /// The plain word at this position (1-based) is the password (`wpa_passphrase SSID PASS`).
    let passwordWord: Int?
    /// The first plain word may be `user/password@db` (`sqlplus`).
    let oracleLogin: Bool
    /// Words that start with these carry a password after them (`xfreerdp /p:PASS`).
    let prefixes: [UnsafeBufferPointer<UInt8>]
    /// Whether an option depends on an earlier word, so plain words must be remembered.
    let needsSeen: Bool

    init(
        options: [Option] = [],
        keywords: [Keyword] = [],
        wrapper: Bool = false,
        lastWord: LastWord? = nil,
        passwordWord: Int? = nil,
        oracleLogin: Bool = false,
        prefixes: [UnsafeBufferPointer<UInt8>] = []
    ) {
        self.options = options
        self.keywords = keywords
        self.wrapper = wrapper
        self.lastWord = lastWord
        self.passwordWord = passwordWord
        self.oracleLogin = oracleLogin
        self.prefixes = prefixes
        self.needsSeen = options.contains { $0.after != nil }
    }

    /// The option rule `word` matches, and where (counted from the word's start) its attached value starts.
    func option(_ word: ByteText, seen: [[UInt8]]) -> (Option, valueStart: Int?)? {
        let start = word.startIndex
        for option in options {
            let name = option.name
            guard word.count >= name.count, RedactionBytes.has(name, in: word, at: start) else { continue }
            if let after = option.after, !seen.contains(where: { $0.elementsEqual(after) }) { continue }
            if word.count == name.count { return (option, nil) }
            let isShort = name.count == 2 && name[1] != UInt8(ascii: "-")
            if !isShort && word[start + name.count] == UInt8(ascii: "=") { return (option, name.count + 1) }
            if isShort && option.attached { return (option, name.count) }
        }
        return nil
    }

    /// The keyword `word` is (case folded), if any.
    func keyword(_ word: ByteText) -> Keyword? {
        keywords.first { RedactionBytes.equalsFolded(word, $0.word) }
    }
}
