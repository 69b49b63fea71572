import Yams

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--web-config FILE`: TLS and basic authentication, in the YAML of Prometheus exporters' web config files
/// (node_exporter's `--web.config.file`), the subset wired implements (docs/serve.md, "TLS and basic auth").
///
/// ```yaml
/// tls_server_config:
///   cert_file: /etc/wired/tls.crt   # PEM, the server's certificate first, then its chain
///   key_file: /etc/wired/tls.key    # PEM, unencrypted
/// basic_auth_users:
///   prometheus: $2y$10$...          # bcrypt (htpasswd -nBC 10 prometheus)
/// ```
///
/// This is the file as parsed, without the TLS context (WiredServe's `WebConfig` builds that). Relative paths
/// are read from the config file's folder. Every problem (an unknown key, a file that cannot be read, a hash
/// that is not bcrypt, nesting past 256 levels) is an error naming the file and the key, raised before the
/// server listens.
public struct WebConfigFile: Sendable, Equatable {
    /// The certificate and key files, when TLS is on (both or neither).
    public var certFile: String?
    public var keyFile: String?
    /// User names and their bcrypt hashes (empty: no authentication).
    public var users: [String: String] = [:]

    public init() {}

    /// Parses the YAML `text` of the file `file` (reads no file).
    ///
    /// Relative paths are resolved against the file's folder.
    public static func parse(_ text: String, file: String) throws(WebConfigError) -> WebConfigFile {
        if let line = YAMLNesting.tooDeep(text) {
            throw WebConfigError(
                file: file,
                key: nil,
                problem: "nested too deeply at line \(line) (a web config nests 3 levels; wired reads up to 256)"
            )
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw WebConfigError(file: file, key: nil, problem: "not YAML: \(describe(error))")
        }
        var config = WebConfigFile()
        guard let root else { return config }
        for (key, value) in try mapping(root, file: file, key: nil) {
            switch key {
            case "tls_server_config": try config.readTLS(value, file: file)
            case "basic_auth_users": config.users = try users(value, file: file)
            default: throw unknown(key, file: file, known: ["tls_server_config", "basic_auth_users"])
            }
        }
        return config
    }

    /// `tls_server_config`: `cert_file` and `key_file`, both required.
    mutating func readTLS(_ node: Node, file: String) throws(WebConfigError) {
        let prefix = "tls_server_config"
        for (key, value) in try Self.mapping(node, file: file, key: prefix) {
            let path = try Self.string(value, file: file, key: "\(prefix).\(key)")
            switch key {
            case "cert_file": certFile = Self.resolve(path, against: file)
            case "key_file": keyFile = Self.resolve(path, against: file)
            default: throw Self.unknown("\(prefix).\(key)", file: file, known: ["cert_file", "key_file"])
            }
        }
        if certFile == nil { throw WebConfigError(file: file, key: "\(prefix).cert_file", problem: "missing") }
        if keyFile == nil { throw WebConfigError(file: file, key: "\(prefix).key_file", problem: "missing") }
    }

    /// `basic_auth_users`: user name → bcrypt hash.
    static func users(_ node: Node, file: String) throws(WebConfigError) -> [String: String] {
        var users: [String: String] = [:]
        for (name, value) in try mapping(node, file: file, key: "basic_auth_users") {
            let key = "basic_auth_users.\(name)"
            guard !name.isEmpty, !name.contains(":"), name.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7F }) else {
                throw WebConfigError(file: file, key: key, problem: "a user name must be non-empty, without ':'")
            }
            let hash = try string(value, file: file, key: key)
            if let problem = BcryptHash.problem(hash) { throw WebConfigError(file: file, key: key, problem: problem) }
            users[name] = hash
        }
        return users
    }
}

extension WebConfigFile {
    /// The pairs of a mapping node with string keys, in order; a repeated key is an error.
    static func mapping(_ node: Node, file: String, key: String?) throws(WebConfigError) -> [(String, Node)] {
        if isNull(node) { return [] }
        guard let mapping = node.mapping else {
            throw WebConfigError(file: file, key: key, problem: "expected a mapping" + line(node))
        }
        var pairs: [(String, Node)] = []
        for (name, value) in mapping {
            guard let text = name.scalar?.string else {
                throw WebConfigError(file: file, key: key, problem: "a key is not a string" + line(name))
            }
            let path = key.map { "\($0).\(text)" } ?? text
            if pairs.contains(where: { $0.0 == text }) {
                throw WebConfigError(file: file, key: path, problem: "given twice" + line(name))
            }
            pairs.append((text, value))
        }
        return pairs
    }

    /// A scalar's text; anything else (a mapping, a list, null) is an error.
    static func string(_ node: Node, file: String, key: String) throws(WebConfigError) -> String {
        guard let text = node.scalar?.string, !isNull(node) else {
            throw WebConfigError(file: file, key: key, problem: "expected a string" + line(node))
        }
        return text
    }

    /// True for an empty or null value (`key:`, `key: ~`, `key: null`).
    static func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    static func unknown(_ key: String, file: String, known: [String]) -> WebConfigError {
        WebConfigError(
            file: file,
            key: key,
            problem: "unknown or unsupported setting (wired reads \(known.joined(separator: ", ")))"
        )
    }

    /// " (line N)" for a node that knows where it was.
    static func line(_ node: Node) -> String {
        node.mark.map { " (line \($0.line))" } ?? ""
    }

    /// `path`, relative to the folder of `file` unless absolute.
    static func resolve(_ path: String, against file: String) -> String {
        guard !path.hasPrefix("/"), let slash = file.lastIndex(of: "/") else { return path }
        return String(file[...slash]) + path
    }

    /// Yams' error in one line, without the YAML it quotes (which may hold hashes).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? YamlError else { return "\(error)" }
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return "\(problem) at line \(mark.line), column \(mark.column)"
        case .reader(let problem, _, _, _): return problem
        default: return "\(error)".split(separator: "\n").first.map(String.init) ?? "unreadable"
        }
    }
}

/// A problem with the web config: the file, the key (dotted, `tls_server_config.cert_file`) and what is wrong.
public struct WebConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var key: String?
    public var problem: String

    public init(file: String, key: String?, problem: String) {
        self.file = file
        self.key = key
        self.problem = problem
    }

    public var description: String { "\(file)\(key.map { ": \($0)" } ?? ""): \(problem)" }
}

/// The shape of a bcrypt hash.
///
/// `$2a$`, `$2b$` or `$2y$`, a two-digit cost from 04 to 16 (bcrypt allows 31), `$`, then 53 characters of
/// bcrypt's base64 (22 of salt, 31 of hash), 60 in all.
public enum BcryptHash {
    /// Why `hash` is not a bcrypt hash, or `nil` when it is one.
    public static func problem(_ hash: String) -> String? {
        let bytes = Array(hash.utf8)
        let shape = "is not a bcrypt hash ($2y$10$ then 53 characters; make one with htpasswd -nBC 10 USER)"
        guard bytes.count == 60, bytes[0] == UInt8(ascii: "$"), bytes[1] == UInt8(ascii: "2"),
            [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "y")].contains(bytes[2]),
            bytes[3] == UInt8(ascii: "$"), bytes[6] == UInt8(ascii: "$")
        else { return shape }
        // bcrypt allows 31, but each step doubles the work: above 16 one check takes seconds, and serve makes
        // one at start-up (for unknown users) and one per new password.
        guard let cost = Int(String(decoding: bytes[4..<6], as: UTF8.self)), (4...16).contains(cost) else {
            return "has cost \(String(decoding: bytes[4..<6], as: UTF8.self)): wired serve takes costs 04 to 16"
        }
        let alphabet = Set("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
        guard bytes[7...].allSatisfy({ alphabet.contains($0) }) else { return shape }
        return nil
    }

    /// `hash` as the bcrypt code checks it: `$2y$` (htpasswd's and PHP's prefix) is the same algorithm as
    /// `$2b$`, which is the prefix that code accepts (with `$2a$`).
    public static func checkable(_ hash: String) -> String {
        hash.hasPrefix("$2y$") ? "$2b$" + hash.dropFirst(4) : hash
    }

    /// The cost of a hash that passed ``problem(_:)``.
    public static func cost(_ hash: String) -> Int {
        Int(String(decoding: Array(hash.utf8)[4..<6], as: UTF8.self)) ?? 10
    }
}

/// Small text files read whole (the web config and its PEM files), with errors naming the setting.
public enum FileText {
    /// Most bytes read: a web config or a PEM chain is a few KiB.
    public static let limit = 1 << 20

    public static func contents(_ path: String, what file: String, key: String?) throws(WebConfigError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw WebConfigError(
                file: file,
                key: key,
                problem: "cannot read \(path): \(String(cString: strerror(errno)))"
            )
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        while true {
            let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else {
                throw WebConfigError(
                    file: file,
                    key: key,
                    problem: "cannot read \(path): \(String(cString: strerror(errno)))"
                )
            }
            if got == 0 { break }
            bytes += buffer[0..<got]
            guard bytes.count <= limit else {
                throw WebConfigError(file: file, key: key, problem: "\(path) is larger than 1 MiB")
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw WebConfigError(file: file, key: key, problem: "\(path) is not UTF-8 text")
        }
        return text
    }
}
