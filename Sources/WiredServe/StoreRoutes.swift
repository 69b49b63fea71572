import HTTPTypes
import Hummingbird
import NIOPosix
import WiredCore
import WiredHistory
import WiredJSON
import WiredRender

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `/api/history` and `/api/grew` from the history store: the objects `wired history --json` and
/// `wired grew --json` print, built by the same code (HistoryStore+Views.swift), read on NIO's thread pool.
enum StoreRoutes {
    /// `/api/history?since=&bucket=|class=|owner=`: `wired history --json`, with `"source": "store"`.
    static func history(_ request: Request, _ link: HistoryLink) async throws -> Response {
        let choice = try choice(request)
        let since = try since(request)
        let now = wallClock()
        let table = try await read(link) { store in
            try store.historyTable(choice, from: try store.start(since: since, now: now), to: now + 1)
        }
        guard !table.columns.isEmpty else {
            return Routes.problem(.notFound, "no figure in \(link.path) matches \(choice.words) since \(since)")
        }
        return Routes.json(APIViews.document { HistoryView.write(table, source: "store", to: &$0) })
    }

    /// `/api/grew?since=&min=&limit=`: `wired grew --json` (every owner unless `limit`), command lines redacted.
    static func grew(_ request: Request, _ link: HistoryLink) async throws -> Response {
        let since = try since(request)
        let minimum = try Routes.query(request, "min") { Int64($0).flatMap { $0 >= 0 ? $0 : nil } } ?? 1 << 20
        let limit = try Routes.query(request, "limit") { Int($0).flatMap { $0 >= 0 ? $0 : nil } } ?? 0
        let now = wallClock()
        let ranking = try await read(link) { store in
            try store.growthRanking(from: try store.start(since: since, now: now), to: now + 1, minimum: minimum)
        }
        guard let ranking else { return Routes.problem(.notFound, "\(link.path) holds no samples since \(since)") }
        let shown = redacted(ranking.first(limit))
        let span = (from: ranking.from, to: ranking.to, samples: ranking.samples)
        return Routes.json(APIViews.document { GrowthView.write(shown, span: span, to: &$0) })
    }

    /// 404: this server has no history store.
    static func noStore() -> Response {
        Routes.problem(
            .notFound,
            "no history store: this server runs with --no-record, or its store could not be opened"
        )
    }

    /// Process names and lineages redacted again (the readers redacted them before they were stored).
    static func redacted(_ growths: [Growth]) -> [Growth] {
        growths.map { growth in
            var growth = growth
            guard growth.series.kind == "process" else { return growth }
            growth.series.name = CommandLineRedactor.redact(line: growth.series.name)
            growth.series.lineage = growth.series.lineage.map { CommandLineRedactor.redact(line: $0) }
            return growth
        }
    }

    /// `bucket=`, `class=` or `owner=` (at most one), else the classes.
    static func choice(_ request: Request) throws -> HistoryChoice {
        let parameters = request.uri.queryParameters
        let given: [HistoryChoice] = [
            parameters.get("bucket").map { .bucket($0) }, parameters.get("class").map { .memoryClass($0) },
            parameters.get("owner").map { .owner($0) },
        ].compactMap { $0 }
        guard given.count <= 1 else {
            throw HTTPError(.badRequest, message: "choose one of bucket=, class= and owner=")
        }
        return given.first ?? .classes
    }

    /// `since=`: a span (24h, the default), Unix seconds, boot, now or a TIME; anything else is a 400.
    static func since(_ request: Request) throws -> String {
        let text = request.uri.queryParameters.get("since") ?? "24h"
        if TimeSpec.duration(text) == nil, Int64(text) == nil, case .failure(let error) = TimeSpec.parse(text, now: 0) {
            throw HTTPError(.badRequest, message: "since=\(text.prefix(64)): \(error.message)")
        }
        return text
    }

    /// `body` on the store, off the event loops; a store error is a 500 saying what failed.
    static func read<T: Sendable>(
        _ link: HistoryLink,
        _ body: @escaping @Sendable (HistoryStore) throws -> T
    ) async throws -> T {
        do {
            return try await NIOThreadPool.singleton.runIfActive { try link.read(body) }
        } catch let error as HistoryError {
            throw HTTPError(.internalServerError, message: error.message)
        }
    }

    /// Seconds since the epoch now (CLOCK_REALTIME).
    static func wallClock() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
