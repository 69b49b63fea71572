import HTTPTypes
public import Hummingbird
import HummingbirdBcrypt
import NIOPosix
import Synchronization
import WiredWebConfig

/// HTTP basic authentication (RFC 7617) on every route: a request without a user and password that match
/// the web config's bcrypt hashes gets 401 with `WWW-Authenticate`.
///
/// bcrypt costs milliseconds to a second by design, so it runs on a thread of its own (not NIO's shared pool,
/// where sampling and store reads run: a flood of wrong passwords delays only other logins), and a password
/// that has matched once is remembered (per user, the last one) and compared in constant time afterwards: the
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
        guard let header = request.headers[.authorization], let (user, password) = BasicCredentials.parse(header),
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
}

/// Checks passwords against bcrypt hashes, remembering the last that matched for each user.
public final class PasswordChecker: Sendable {
    let users: [String: String]
    /// A hash of the users' cost that no password matches, for unknown users.
    let decoy: String
    private let matched = Mutex<[String: [UInt8]]>([:])
    /// One thread for every bcrypt check, started with the checker and shut down with it.
    let pool: NIOThreadPool

    /// A checker for `users` (name → bcrypt hash); computes one bcrypt hash (the decoy).
    public init(users: [String: String]) {
        self.users = users.mapValues(BcryptHash.checkable)
        let cost = users.values.map(BcryptHash.cost).max() ?? 10
        decoy = Bcrypt.hash(String(UInt64.random(in: .min ... .max)), cost: UInt8(clamping: max(4, min(31, cost))))
        pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
    }

    deinit {
        // Not the blocking shutdown: the last reference may go on the pool's own thread.
        pool.shutdownGracefully { _ in }
    }

    /// True when `password` is `user`'s.
    public func check(user: String, password: [UInt8]) async -> Bool {
        if let known = matched.withLock({ $0[user] }), Self.same(known, password) { return true }
        // The C function reads a C string: a NUL would cut the password short.
        guard !password.contains(0), let text = String(validating: password, as: UTF8.self) else { return false }
        let hash = users[user]
        let verified = try? await pool.runIfActive {
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
