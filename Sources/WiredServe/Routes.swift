import HTTPTypes
public import Hummingbird
import NIOCore
import WiredCore
import WiredJSON

/// The routes of `wired serve`.
///
/// Every route reads; none changes the machine.
public enum Routes {
    /// A router serving `state` and the dashboard, with the security headers on every response and, given a
    /// `checker`, basic authentication in front of every route.
    public static func router(_ state: ServeState, checker: PasswordChecker? = nil) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: SecurityHeaders())
        if let checker { router.add(middleware: BasicAuth(checker)) }
        let assets = DashboardAssets.shared
        for asset in assets.all {
            router.get(RouterPath(asset.path)) { request, _ in assets.response(asset, request: request) }
        }
        router.get("/metrics") { _, _ in
            guard let latest = state.latest else { return unavailable(state) }
            return body(latest.metrics, type: MetricsView.contentType)
        }
        router.get("/api/status") { _, _ in
            guard let latest = state.latest else { return unavailable(state) }
            guard let status = latest.status else {
                return problem(.serviceUnavailable, latest.sample.ledgerError ?? "the ledger could not be built")
            }
            return json(status)
        }
        router.get("/api/top") { request, _ in try await top(request, state) }
        router.get("/api/owners") { request, _ in
            guard let latest = state.latest else { return unavailable(state) }
            let depth = try query(request, "depth") { Int($0).flatMap { $0 >= 1 ? $0 : nil } }
            guard let body = APIViews.owners(latest.sample, depth: depth) else {
                return problem(.serviceUnavailable, latest.sample.ledgerError ?? "no owners were read")
            }
            return json(body)
        }
        router.get("/api/diff") { request, _ in try await diff(request, state) }
        router.get("/api/history") { request, _ in try await history(request, state) }
        router.get("/api/grew") { request, _ in try await grew(request, state) }
        router.get("/api/events") { request, _ in EventStream.response(request, state) }
        return router
    }

    static func top(_ request: Request, _ state: ServeState) async throws -> Response {
        guard let latest = state.latest else { return unavailable(state) }
        let sort = try query(request, "sort") { ProcessSort(rawValue: $0) } ?? .pss
        let grouping = try query(request, "by") { ProcessGrouping(rawValue: $0) }
        let limit = try query(request, "limit") { Int($0).flatMap { $0 >= 0 ? $0 : nil } } ?? 0
        guard let body = APIViews.top(latest.sample, sort: sort, by: grouping, limit: limit) else {
            return problem(.serviceUnavailable, "no processes were read")
        }
        return json(body)
    }

    static func diff(_ request: Request, _ state: ServeState) async throws -> Response {
        let from = try query(request, "from") { Moment($0) }
        let to = try query(request, "to") { Moment($0) } ?? .latest
        guard let from else { return problem(.badRequest, "from= is required: #ID, a Unix time, or now") }
        let minimum = try query(request, "min") { Int64($0).flatMap { $0 >= 0 ? ByteCount(bytes: $0) : nil } }
        guard let a = await state.store.sample(nearest: from), let b = await state.store.sample(nearest: to) else {
            return unavailable(state)
        }
        return json(APIViews.diff(a, b, minimum: minimum ?? .mebibytes(1)))
    }

    /// `/api/history`: from the history store when there is one (unless `source=memory`), else from memory.
    static func history(_ request: Request, _ state: ServeState) async throws -> Response {
        let source = try query(request, "source") { ["memory", "store"].contains($0) ? $0 : nil }
        if let history = state.history, source != "memory" { return try await StoreRoutes.history(request, history) }
        if source == "store" { return StoreRoutes.noStore() }
        let since = try query(request, "since") { Int64($0) }
        let after = try query(request, "after") { Int($0) }
        let bucket = request.uri.queryParameters.get("bucket")
        var points = await state.store.points(after: after)
        if let since { points = points.filter { $0.time >= since } }
        if let bucket, let first = points.first, !first.buckets.contains(where: { $0.id == bucket }) {
            return problem(.badRequest, "bucket=\(bucket): no such ledger bucket")
        }
        return json(APIViews.history(points, bucket: bucket, source: "memory"))
    }

    /// `/api/grew`: from the history store; 404 without one.
    static func grew(_ request: Request, _ state: ServeState) async throws -> Response {
        guard let history = state.history else { return StoreRoutes.noStore() }
        return try await StoreRoutes.grew(request, history)
    }

    /// The query parameter `name` parsed by `parse`; a present value that does not parse is a 400.
    static func query<T>(_ request: Request, _ name: String, _ parse: (String) -> T?) throws -> T? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard let value = parse(text) else {
            throw HTTPError(.badRequest, message: "\(name)=\(text.prefix(64)): not a valid value")
        }
        return value
    }

    static func body(_ bytes: [UInt8], type: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: type],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    static func json(_ bytes: [UInt8]) -> Response {
        body(bytes, type: "application/json; charset=utf-8")
    }

    /// A JSON error object `{"error": …}` with `status`.
    static func problem(_ status: HTTPResponse.Status, _ message: String) -> Response {
        var response = json(
            APIViews.document { json in
                json.beginObject()
                json.field("error", message)
                json.endObject()
            }
        )
        response.status = status
        return response
    }

    /// 503 before the first sample (or while every sample fails), saying why.
    static func unavailable(_ state: ServeState) -> Response {
        var response = problem(
            .serviceUnavailable,
            state.lastError.map { "no sample yet: \($0)" } ?? "no sample yet: the first reading is in progress"
        )
        response.headers[.retryAfter] = "2"
        return response
    }
}
