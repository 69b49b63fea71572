import HTTPTypes
public import Hummingbird

/// Adds the security headers to every response, errors included: a Content-Security-Policy that allows only
/// this server's own script, style and connections, and no framing, sniffing or referrers.
public struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    /// The policy: nothing by default; scripts, styles, images and EventSource/fetch only from this origin.
    public static var policy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    }

    /// Headers HTTPTypes has no constant for.
    static var extra: [(HTTPField.Name, String)] {
        [("Referrer-Policy", "no-referrer"), ("X-Frame-Options", "DENY")].compactMap { name, value in
            HTTPField.Name(name).map { ($0, value) }
        }
    }

    public init() {}

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.crossOriginResourcePolicy] = "same-origin"
        for (name, value) in Self.extra { response.headers[name] = value }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
