extension ProgramRules {
    /// The rules of a program, from the name argv[0] (or a wrapped command) gives.
    ///
    /// The name is the basename, lowercased, without quotes, a script extension (`.py`, `.sh`, …) or a
    /// version (`python3.11` → `python`, `xfreerdp3` → `xfreerdp`); `qemu-system-*` is QEMU.
    static func lookup(_ word: ByteText) -> ProgramRules? {
        var name = word
        if let slash = name.lastIndex(of: UInt8(ascii: "/")) { name = name[(slash + 1)...] }
        while let first = name.first, RedactionBytes.isQuote(first) { name = name.dropFirst() }
        while let last = name.last, RedactionBytes.isQuote(last) { name = name.dropLast() }
        guard !name.isEmpty, name.count <= 40 else { return nil }
        if let dot = name.lastIndex(of: UInt8(ascii: ".")), scriptExtensions.contains(folded: name[(dot + 1)...]) {
            name = name[..<dot]
        }
        if let rules = find(name) { return rules }
        var bare = name
        while let last = bare.last, RedactionBytes.isDigit(last) || last == UInt8(ascii: ".") { bare = bare.dropLast() }
        if bare.count < name.count, let rules = find(bare) { return rules }
        return RedactionBytes.hasFolded(qemuSystem, in: name, at: name.startIndex)
            ? qemu.withUnsafeBufferPointer { find($0[...]) } : nil
    }

    static let scriptExtensions = WordList(["py", "pl", "rb", "sh", "js", "php"])
    static let qemuSystem = Array("qemu-system-".utf8)
    static let qemu = Array("qemu".utf8)

    /// The rules of exactly `name` (case folded), found by its hash in an open-addressed table, so that
    /// nothing is allocated and no hash of the standard library's is computed.
    static func find(_ name: ByteText) -> ProgramRules? {
        let hash = hash(name)
        var slot = Int(truncatingIfNeeded: hash) & (slotCount - 1)
        while let entry = slots[slot] {
            if entry.hash == hash && RedactionBytes.equalsFolded(name, entry.name) { return entry.rules }
            slot = (slot + 1) & (slotCount - 1)
        }
        return nil
    }

    /// FNV-1a of the name, case folded.
    static func hash(_ name: ByteText) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name { hash = (hash ^ UInt64(RedactionBytes.lower(byte))) &* 0x100_0000_01b3 }
        return hash
    }

    /// A slot of the table: a program's name, its hash and its rules.
    final class Slot: Sendable {
        let name: [UInt8]
        let hash: UInt64
        let rules: ProgramRules

        init(name: [UInt8], rules: ProgramRules) {
            self.name = name
            self.hash = name.withUnsafeBufferPointer { ProgramRules.hash($0[...]) }
            self.rules = rules
        }
    }

    /// Four times as many slots as programs, a power of two.
    static let slotCount = 1024

    /// Every program with rules, each at the slot its hash picks (or the next free one).
    static let slots: [Slot?] = {
        var slots = [Slot?](repeating: nil, count: slotCount)
        for (names, rules) in databases + transfers + remoteAccess + secretTools + wrappers + others {
            for name in names {
                let entry = Slot(name: Array(name.utf8), rules: rules)
                var slot = Int(truncatingIfNeeded: entry.hash) & (slotCount - 1)
                while slots[slot] != nil { slot = (slot + 1) & (slotCount - 1) }
                slots[slot] = entry
            }
        }
        return slots
    }()

    /// Every name in the table (for a test that each finds its own rules: no two names share a hash).
    static var names: [String] {
        (databases + transfers + remoteAccess + secretTools + wrappers + others).flatMap(\.0)
    }

    typealias Entry = ([String], ProgramRules)

    /// A program whose only rule is options whose next argument (or attached value) is the password.
    static func passwords(_ names: String...) -> ProgramRules {
        ProgramRules(options: names.map { Option($0, .whole) })
    }

    static let databases: [Entry] = [
        // mysql reads a password only attached (-pX, --password=X); a lone -p or --password asks for it.
        (
            [
                "mysql", "mariadb", "mysqldump", "mariadb-dump", "mysqlimport", "mysqlcheck", "mysqlshow", "mysqlpump",
                "mysqlbinlog", "mysqlslap", "mysql_upgrade", "mariadb-check", "mariadb-import", "mariadb-show",
            ],
            ProgramRules(options: [
                Option("-p", .whole, separate: false), Option("--password", .whole, separate: false),
            ])
        ),
        (
            ["mysqladmin", "mariadb-admin"],
            ProgramRules(
                options: [Option("-p", .whole, separate: false), Option("--password", .whole, separate: false)],
                keywords: [Keyword("password")]
            )
        ),
        // psql and friends: -W and --password only ask for the password (-p is the port).
        (
            [
                "psql", "pg_dump", "pg_dumpall", "pg_restore", "pg_basebackup", "createdb", "dropdb", "createuser",
                "dropuser", "vacuumdb", "reindexdb", "clusterdb", "pgbench", "pg_receivewal", "pg_recvlogical",
            ],
            ProgramRules(options: [Option("-W", .kept), Option("--password", .kept, attached: false)])
        ),
        (
            ["redis-cli", "valkey-cli", "keydb-cli", "redis-benchmark"],
            ProgramRules(options: [Option("-a", .whole)], keywords: [Keyword("auth", rest: true)])
        ),
        (
            [
                "mongo", "mongosh", "mongodump", "mongorestore", "mongoexport", "mongoimport", "mongostat", "mongotop",
                "mongofiles", "mycli", "cqlsh", "rabbitmqadmin",
            ],
            passwords("-p")
        ),
        (["sqlcmd", "bcp"], passwords("-P")),
        (["sqlplus", "sqlldr", "expdp", "impdp", "exp", "imp", "rman"], ProgramRules(oracleLogin: true)),
        (
            ["rabbitmqctl"],
            ProgramRules(keywords: [
                Keyword("add_user", skip: 1), Keyword("change_password", skip: 1),
                Keyword("authenticate_user", skip: 1),
            ])
        ),
    ]

    static let transfers: [Entry] = [
        (
            ["curl"],
            ProgramRules(options: [
                Option("-u", .afterColon(bareMasked: false)), Option("--user", .afterColon(bareMasked: false)),
                Option("-U", .afterColon(bareMasked: false)), Option("--proxy-user", .afterColon(bareMasked: false)),
                Option("-E", .afterColon(bareMasked: false)), Option("--cert", .afterColon(bareMasked: false)),
                Option("-b", .cookie), Option("--cookie", .cookie), Option("--key", .kept),
            ])
        ),
        (
            ["http", "https", "httpie", "xh", "xhs"],
            ProgramRules(options: [
                Option("-a", .afterColon(bareMasked: true)), Option("--auth", .afterColon(bareMasked: true)),
            ])
        ),
        (["lftp"], ProgramRules(options: [Option("-u", .afterComma), Option("--user", .afterComma)])),
        (["ncftp", "ncftpget", "ncftpput", "ncftpls"], passwords("-p")),
        (["unzip", "zip", "zipcloak"], passwords("-P")),
        (["7z", "7za", "7zr", "7zz", "rar", "unrar"], ProgramRules(options: [Option("-p", .whole, separate: false)])),
        (["twine"], passwords("-p")),
        (["etcdctl"], ProgramRules(options: [Option("--user", .afterColon(bareMasked: false))])),
        (["mosquitto_pub", "mosquitto_sub", "mosquitto_rr"], passwords("-P")),
    ]

    static let remoteAccess: [Entry] = [
        (["sshpass"], ProgramRules(options: [Option("-p", .whole)], wrapper: true)),
        (["ssh-keygen"], ProgramRules(options: [Option("-N", .whole), Option("-P", .whole), Option("-p", .kept)])),
        (
            [
                "smbclient", "rpcclient", "smbcacls", "smbget", "smbtree", "smbcquotas", "net", "winexe", "smbspool",
            ],
            ProgramRules(options: [Option("-U", .afterPercent), Option("--user", .afterPercent)])
        ),
        (
            ["smbmap", "crackmapexec", "netexec", "nxc", "evil-winrm", "hydra"],
            passwords("-p", "-H")
        ),
        (
            ["xfreerdp", "wlfreerdp", "sdl-freerdp"],
            ProgramRules(options: [Option("-p", .whole)], prefixes: RedactionBytes.words(["/p:", "/pth:", "/gp:"]))
        ),
        (["rdesktop"], passwords("-p")),
        (["ipmitool"], passwords("-P")),
        (
            [
                "snmpwalk", "snmpget", "snmpset", "snmpbulkwalk", "snmpbulkget", "snmpgetnext", "snmptable", "snmptrap",
                "snmpinform", "snmpdelta", "snmpdf", "snmpstatus", "snmptest", "snmpnetstat", "snmpusm", "snmpvacm",
            ],
            passwords("-c", "-A", "-X")
        ),
        (
            [
                "ldapsearch", "ldapadd", "ldapmodify", "ldapdelete", "ldapwhoami", "ldapmodrdn", "ldapcompare",
                "ldapexop",
            ],
            passwords("-w")
        ),
        (["ldappasswd"], passwords("-w", "-s", "-a")),
    ]

    static let secretTools: [Entry] = [
        (
            ["openssl"],
            ProgramRules(
                options: [
                    Option("-k", .whole), Option("-K", .whole), Option("-pass", .opensslPass),
                    Option("-passin", .opensslPass), Option("-passout", .opensslPass),
                    Option("-password", .opensslPass), Option("-kfile", .kept), Option("-key", .kept),
                    Option("-inkey", .kept), Option("-signkey", .kept),
                ],
                lastWord: .after(RedactionBytes.permanent("passwd"))
            )
        ),
        (["htpasswd"], ProgramRules(lastWord: .withSwitch(UInt8(ascii: "b")))),
        (["vault"], ProgramRules(keywords: [Keyword("login", unlessAssignment: true)])),
        (["useradd", "usermod"], passwords("-p")),
        (["nmcli"], ProgramRules(keywords: [Keyword("password")])),
        (["wpa_passphrase"], ProgramRules(passwordWord: 2)),
        (["doctl"], passwords("-t")),
        (
            ["gh"],
            ProgramRules(options: [Option("-b", .whole, after: "secret"), Option("--body", .whole, after: "secret")])
        ),
        (["az", "azure.cli"], ProgramRules(options: [Option("-p", .whole, after: "login")])),
        (
            ["docker", "podman", "nerdctl"],
            ProgramRules(options: [Option("-p", .whole, after: "login")], wrapper: true)
        ),
        (["buildah", "skopeo", "oras", "helm"], ProgramRules(options: [Option("-p", .whole, after: "login")])),
    ]

    /// Programs that run another command; a known program among their words starts it.
    static let wrappers: [Entry] = [
        (["sudo", "doas"], ProgramRules(options: [Option("-p", .kept)], wrapper: true)),
        (
            [
                "env", "nohup", "nice", "ionice", "timeout", "time", "exec", "stdbuf", "taskset", "chrt", "setsid",
                "xargs", "watch", "strace", "ltrace", "valgrind", "numactl", "unbuffer", "runuser", "su", "flock",
                "tini", "dumb-init", "gosu", "su-exec", "chpst", "systemd-run", "ssh", "kubectl", "oc", "sh", "bash",
                "dash", "zsh", "ksh", "ash", "busybox", "fish", "python", "pypy", "node", "nodejs", "ruby", "perl",
                "php", "deno", "bun",
            ],
            ProgramRules(wrapper: true)
        ),
    ]

    static let others: [Entry] = [
        (["qemu", "qemu-kvm"], ProgramRules(options: [Option("-object", .qemuSecret)])),
        (["xorg", "x", "xwayland", "xvfb", "xvnc", "xephyr"], ProgramRules(options: [Option("-auth", .kept)])),
        (
            ["openvpn"],
            ProgramRules(options: [
                Option("--auth-user-pass", .kept), Option("--auth", .kept), Option("--tls-auth", .kept),
                Option("--askpass", .kept),
            ])
        ),
        (["ffmpeg", "ffprobe"], ProgramRules(options: [Option("-pass", .kept)])),
        // Known so that a wrapper hands over to them, without rules of their own: their -p is not a password.
        (["ssh-add", "scp", "sftp", "rsync", "tar", "ps", "git", "ls", "cat", "grep"], ProgramRules()),
    ]
}
