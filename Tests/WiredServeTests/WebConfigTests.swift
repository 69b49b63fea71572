import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Logging
import NIOCore
import NIOPosix
import Synchronization
import Testing
import WiredCore
import WiredTestSupport

@testable import WiredServe
@testable import WiredWebConfig

@Suite("wired serve --web-config: parsing, basic auth")
struct WebConfigTests {
    /// A bcrypt hash of "s3cret" at cost 4 (the least: tests stay fast).
    static let hash = Bcrypt.hash("s3cret", cost: 4)

    static func problem(_ yaml: String, file: String = "/etc/wired/web.yml") -> WebConfigError? {
        do {
            _ = try WebConfig.parse(yaml, file: file)
            return nil
        } catch {
            return error
        }
    }

    @Test("A full config: the TLS files (relative to the config's folder) and the users")
    func good() throws {
        let yaml = """
            # node_exporter's layout
            tls_server_config:
              cert_file: tls.crt
              key_file: /keys/tls.key
            basic_auth_users:
              prometheus: \(Self.hash)
              "alice": '\(Self.hash)'
            """
        let config = try WebConfig.parse(yaml, file: "/etc/wired/web.yml")
        #expect(config.certFile == "/etc/wired/tls.crt")
        #expect(config.keyFile == "/keys/tls.key")
        #expect(config.users == ["prometheus": Self.hash, "alice": Self.hash])
        // Not loaded, so no TLS yet: not protected.
        #expect(config.tls == nil)
        #expect(!config.isProtected)
    }

    @Test("The example in Packaging/ parses, and its hash is bcrypt's of change-me")
    func example() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let file = root.path + "/Packaging/web-config.yml"
        let config = try WebConfig.parse(try String(contentsOfFile: file, encoding: .utf8), file: file)
        #expect(config.certFile == root.path + "/Packaging/tls.crt")
        let hash = try #require(config.users["prometheus"])
        #expect(Bcrypt.verify("change-me", hash: hash))
        #expect(!Bcrypt.verify("change-me-not", hash: hash))
    }

    @Test("An empty file, or only comments, configures nothing")
    func empty() throws {
        for yaml in ["", "# nothing\n", "basic_auth_users:\n"] {
            let config = try WebConfig.parse(yaml, file: "web.yml")
            #expect(config.users.isEmpty && config.certFile == nil, "\(yaml)")
        }
    }

    @Test(
        "Each bad case names the file and the key",
        arguments: [
            ("tls_server_config:\n  cert_file: a.crt\n", "web.yml: tls_server_config.key_file: missing"),
            ("tls_server_config:\n  key_file: a.key\n", "web.yml: tls_server_config.cert_file: missing"),
            (
                "tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca_file: c\n",
                "web.yml: tls_server_config.client_ca_file: unknown or unsupported setting (wired reads cert_file, key_file)"
            ),
            (
                "http_server_config:\n  http2: true\n",
                "web.yml: http_server_config: unknown or unsupported setting (wired reads tls_server_config, basic_auth_users)"
            ),
            ("basic_auth_users:\n  bob: hunter2\n", "web.yml: basic_auth_users.bob: is not a bcrypt hash"),
            (
                "basic_auth_users:\n  bob: $2y$03$" + String(repeating: "a", count: 53) + "\n",
                "web.yml: basic_auth_users.bob: has cost 03"
            ),
            ("basic_auth_users:\n  bob:\n", "web.yml: basic_auth_users.bob: expected a string"),
            ("basic_auth_users:\n  - bob\n", "web.yml: basic_auth_users: expected a mapping"),
            ("basic_auth_users: [\n", "web.yml: not YAML: "),
            ("just text\n", "web.yml: expected a mapping"),
            (
                "tls_server_config:\n  cert_file:\n    nested: 1\n  key_file: b\n",
                "web.yml: tls_server_config.cert_file: expected a string"
            ),
        ]
    )
    func bad(yaml: String, message: String) throws {
        let error = try #require(Self.problem(yaml, file: "web.yml"))
        #expect(error.description.hasPrefix(message), "\(error)")
    }

    @Test("A config nested a million deep (the 1 MiB read limit's worth) is refused before Yams recurses into it")
    func deep() throws {
        let deep = [
            String(repeating: "[", count: 1 << 19), String(repeating: "- ", count: 1 << 19) + "x",
            (0..<300).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n"),
            "basic_auth_users: {a: [\n" + String(repeating: "[\n", count: 300),
            // Lines broken by CR alone, and by LS (U+2028), which libyaml reads as line breaks.
            (0..<300).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\r"),
            (0..<300).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\u{2028}"),
        ]
        for yaml in deep {
            let error = try #require(Self.problem(yaml))
            #expect(error.problem.hasPrefix("nested too deeply at line "))
        }
        #expect(YAMLNesting.tooDeep(String(repeating: "[", count: 300)) == 1)
        #expect(YAMLNesting.tooDeep("a:\n" + String(repeating: "- ", count: 300)) == 2)
        // Nesting the bound allows still parses (and is then refused for what it is, not for its depth).
        let nested = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(YAMLNesting.tooDeep(nested) == nil)
        #expect(Self.problem(nested)?.problem.hasPrefix("expected a mapping") == true)
    }

    @Test("A user given twice, or a name with ':', is refused")
    func users() throws {
        let twice = try #require(Self.problem("basic_auth_users:\n  bob: \(Self.hash)\n  bob: \(Self.hash)\n"))
        #expect(twice.key == "basic_auth_users.bob")
        #expect(twice.problem.hasPrefix("given twice"))
        let colon = try #require(Self.problem("basic_auth_users:\n  \"a:b\": \(Self.hash)\n"))
        #expect(colon.key == "basic_auth_users.a:b")
    }

    @Test("bcrypt shapes: $2a$, $2b$, $2y$ with cost 04–16 and 53 characters of bcrypt base64")
    func hashes() {
        #expect(BcryptHash.problem(Self.hash) == nil)
        #expect(BcryptHash.cost(Self.hash) == 4)
        let body = String(repeating: "A", count: 53)
        #expect(BcryptHash.problem("$2b$12$" + body) == nil)
        #expect(BcryptHash.problem("$2x$12$" + body) != nil)
        #expect(BcryptHash.problem("$2b$32$" + body) != nil)
        // Costs bcrypt allows but that would stall start-up for minutes to days.
        #expect(BcryptHash.problem("$2b$16$" + body) == nil)
        #expect(BcryptHash.problem("$2b$17$" + body) == "has cost 17: wired serve takes costs 04 to 16")
        #expect(BcryptHash.problem("$2b$31$" + body) != nil)
        #expect(BcryptHash.problem("$2b$12$" + body.dropLast() + "!") != nil)
        #expect(BcryptHash.problem("$2b$12$" + body + "A") != nil)
    }

    @Test("load: an unreadable file, a missing certificate or a key that is not PEM name the file and key")
    func load() throws {
        let folder = try TemporaryTree()
        let missing = folder.path + "/none.yml"
        #expect(throws: WebConfigError.self) { try WebConfig.load(missing) }
        do {
            _ = try WebConfig.load(missing)
        } catch {
            #expect(error.description == "\(missing): cannot read \(missing): No such file or directory")
        }
        let config = folder.path + "/web.yml"
        try "tls_server_config:\n  cert_file: none.crt\n  key_file: k.key\n".write(
            toFile: config,
            atomically: true,
            encoding: .utf8
        )
        do {
            _ = try WebConfig.load(config)
            Issue.record("a missing certificate loaded")
        } catch {
            #expect(error.key == "tls_server_config.cert_file")
            #expect(error.problem == "cannot read \(folder.path)/none.crt: No such file or directory")
        }
        try "not a certificate\n".write(toFile: folder.path + "/none.crt", atomically: true, encoding: .utf8)
        try "not a key\n".write(toFile: folder.path + "/k.key", atomically: true, encoding: .utf8)
        do {
            _ = try WebConfig.load(config)
            Issue.record("a file that is not PEM loaded")
        } catch {
            #expect(error.key == "tls_server_config.cert_file")
            #expect(error.problem.hasPrefix("\(folder.path)/none.crt: "))
        }
    }

    @Test("Basic-auth header decoding")
    func credentials() throws {
        // "prometheus:s3cret" in base64.
        let decoded = try #require(BasicCredentials.parse("Basic cHJvbWV0aGV1czpzM2NyZXQ="))
        #expect(decoded.0 == "prometheus")
        #expect(decoded.1 == Array("s3cret".utf8))
        // A password may hold ':'.
        let colon = try #require(BasicCredentials.parse("basic dTphOmI="))
        #expect(colon.0 == "u" && colon.1 == Array("a:b".utf8))
        #expect(BasicCredentials.parse("Bearer cHJvbWV0aGV1czpzM2NyZXQ=") == nil)
        #expect(BasicCredentials.parse("Basic !!!") == nil)
        #expect(BasicCredentials.parse("Basic bm9jb2xvbg==") == nil)
        #expect(PasswordChecker.same([1, 2, 3], [1, 2, 3]))
        #expect(!PasswordChecker.same([1, 2, 3], [1, 2, 4]))
        #expect(!PasswordChecker.same([1, 2], [1, 2, 3]))
    }

    static func app(users: [String: String]) async throws -> some ApplicationProtocol {
        let state = await RouteTests.state(samples: 1)
        var web = WebConfig()
        web.users = users
        return try WiredServer.application(
            state,
            configuration: ServeConfiguration(port: 0, web: web),
            logger: Logger(label: "test"),
            sample: false
        )
    }

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    @Test("$2y$ (htpasswd's prefix) checks as $2b$, the same algorithm")
    func htpasswdPrefix() async throws {
        let htpasswd = "$2y$" + Self.hash.dropFirst(4)
        #expect(BcryptHash.problem(htpasswd) == nil)
        // The bcrypt code alone refuses the prefix; the checker makes it checkable.
        #expect(!Bcrypt.verify("s3cret", hash: htpasswd))
        let checker = PasswordChecker(users: ["alice": htpasswd])
        #expect(await checker.check(user: "alice", password: Array("s3cret".utf8)))
        #expect(await !checker.check(user: "alice", password: Array("s3cre".utf8)))
    }

    @Test("Wrong passwords are checked on the checker's own thread: NIO's shared pool (sampling) stays free")
    func ownPool() async throws {
        // Cost 10: each wrong password costs bcrypt tens of milliseconds or more.
        let checker = PasswordChecker(users: ["alice": Bcrypt.hash("s3cret", cost: 10)])
        let finished = FinishedChecks()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    #expect(await !checker.check(user: "alice", password: Array("wrong".utf8)))
                    finished.count.withLock { $0 += 1 }
                }
            }
            // Give the four checks time to be queued, then ask the shared pool for a trivial job: it runs before
            // any of them ends (before, they held its threads and it waited for two).
            try await Task.sleep(for: .milliseconds(20))
            let seen = try await NIOThreadPool.singleton.runIfActive { finished.count.withLock { $0 } }
            #expect(seen == 0)
            try await group.waitForAll()
        }
        #expect(finished.count.withLock { $0 } == 4)
    }

    @Test("Every route: 401 with WWW-Authenticate without a password or with a wrong one, 200 with the right one")
    func routes() async throws {
        let app = try await Self.app(users: ["prometheus": Self.hash])
        try await app.test(.router) { client in
            for uri in ["/", "/metrics", "/api/status", "/api/history", "/nothing"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .unauthorized, "\(uri)")
                    #expect(response.headers[.wwwAuthenticate] == "Basic realm=\"wired\", charset=\"UTF-8\"")
                    #expect(response.headers[.contentSecurityPolicy] == SecurityHeaders<BasicRequestContext>.policy)
                    #expect(!String(buffer: response.body).contains("wired_memtotal_bytes"))
                }
            }
            for (user, password) in [("prometheus", "wrong"), ("nobody", "s3cret"), ("prometheus", "s3cret\u{0}x")] {
                let headers: HTTPFields = [.authorization: Self.basic(user, password)]
                try await client.execute(uri: "/metrics", method: .get, headers: headers) { response in
                    #expect(response.status == .unauthorized, "\(user)")
                }
            }
            let good: HTTPFields = [.authorization: Self.basic("prometheus", "s3cret")]
            // Twice: the second is answered from the remembered match.
            for _ in 0..<2 {
                try await client.execute(uri: "/metrics", method: .get, headers: good) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("wired_memtotal_bytes 25276510208"))
                }
            }
            // A wrong password after a right one is still wrong.
            let wrong: HTTPFields = [.authorization: Self.basic("prometheus", "s3creT")]
            try await client.execute(uri: "/metrics", method: .get, headers: wrong) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test("Without users, no authentication is asked")
    func open() async throws {
        let app = try await Self.app(users: [:])
        try await app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }
}

/// How many password checks have ended, shared by the tasks of ``WebConfigTests/ownPool()``.
final class FinishedChecks: Sendable {
    let count = Mutex(0)
}
