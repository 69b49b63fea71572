import HTTPTypes
public import Hummingbird
import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// HTTP basic authentication (RFC 7617) on every route: a request without a user and password that match
/// the web config's bcrypt hashes gets 401 with `WWW-Authenticate`.
///
/// bcrypt costs milliseconds to a second by design, so it runs on NIO's thread pool, and a password that has
/// matched once is remembered (per user, the last one) and compared in constant time afterwards: the
/// dashboard's requests do not each pay for bcrypt. A wrong password always pays. An unknown user is checked
/// against a hash of the same cost, so the answer's timing does not say which names exist. Nothing here logs.
public struct BasicAuth<Context: RequestContext>: RouterMiddleware {
    let checker: PasswordChecker

    /// Authenticates against `checker`.
    public init(_ checker: PasswordChecker) {
        self.checker = checker
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization], let (user, password) = Self.credentials(header),
            await checker.check(user: user, password: password)
        else { return Self.unauthorized() }
        return try await next(request, context)
    }

    /// 401 with the challenge and a JSON error.
    static func unauthorized() -> Response {
        var response = Routes.problem(.unauthorized, "authentication required")
        response.headers[.wwwAuthenticate] = "Basic realm=\"wired\", charset=\"UTF-8\""
        return response
    }

    /// The user and password of an `Authorization: Basic …` header, `nil` for anything else.
    static func credentials(_ header: String) -> (String, [UInt8])? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let decoded = Base64.decode(parts[1].trimmingSpaces),
            let colon = decoded.firstIndex(of: UInt8(ascii: ":"))
        else { return nil }
        guard let user = String(validating: decoded[..<colon], as: UTF8.self) else { return nil }
        return (user, Array(decoded[(colon + 1)...]))
    }
}

/// Checks passwords against bcrypt hashes, remembering the last that matched for each user.
public final class PasswordChecker: Sendable {
    let users: [String: String]
    /// A hash of the users' cost that no password matches, for unknown users.
    let decoy: String
    private let matched = Mutex<[String: [UInt8]]>([:])

    /// A checker for `users` (name → bcrypt hash); computes one bcrypt hash (the decoy).
    public init(users: [String: String]) {
        self.users = users.mapValues(BcryptHash.checkable)
        let cost = users.values.map(BcryptHash.cost).max() ?? 10
        decoy = Bcrypt.hash(String(UInt64.random(in: .min ... .max)), cost: UInt8(clamping: max(4, min(31, cost))))
    }

    /// True when `password` is `user`'s.
    public func check(user: String, password: [UInt8]) async -> Bool {
        if let known = matched.withLock({ $0[user] }), Self.same(known, password) { return true }
        // The C function reads a C string: a NUL would cut the password short.
        guard !password.contains(0), let text = String(validating: password, as: UTF8.self) else { return false }
        let hash = users[user]
        let verified = try? await NIOThreadPool.singleton.runIfActive {
            Bcrypt.verify(text, hash: hash ?? self.decoy)
        }
        guard verified == true, hash != nil else { return false }
        matched.withLock { $0[user] = password }
        return true
    }

    /// Byte-wise equality whose time depends only on the longer length, not on where the bytes differ nor on
    /// whether the lengths do.
    static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference: UInt8 = a.count == b.count ? 0 : 1
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}

/// Base64 (RFC 4648, standard alphabet, padding optional) to bytes.
enum Base64 {
    static func decode(_ text: Substring) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        var padding = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            guard padding == 0, let value = value(byte) else { return nil }
            buffer = (buffer << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        guard padding <= 2 else { return nil }
        return out
    }

    static func value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}

extension Substring {
    /// Without leading and trailing spaces.
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
