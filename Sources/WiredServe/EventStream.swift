import HTTPTypes
import Hummingbird
import NIOCore
import WiredJSON

/// `/api/events`: server-sent events, one `sample` event per sample with the sample id as its event id.
///
/// A client that reconnects sends `Last-Event-ID` (browsers do so by themselves) and gets only the samples after
/// it, so no point is sent twice; a first connection gets the last ``backfill`` points. `?after=ID` does the same
/// as the header for clients that cannot set it.
enum EventStream {
    /// Points sent to a new client.
    static let backfill = 720
    /// How often the stream looks for new samples.
    static let poll: Duration = .seconds(1)
    /// Seconds of silence before a keep-alive comment.
    static let keepAlive = 15

    static func response(_ request: Request, _ state: ServeState) -> Response {
        let header = HTTPField.Name("Last-Event-ID").flatMap { request.headers[$0] }
        let resume = header.flatMap { Int($0) } ?? request.uri.queryParameters.get("after").flatMap { Int($0) }
        let body = ResponseBody { writer in
            var last = resume
            var quiet = 0
            try await writer.write(ByteBuffer(string: "retry: 5000\n\n"))
            while !Task.isCancelled {
                var points = await state.store.points(after: last)
                if last == nil { points = Array(points.suffix(backfill)) }
                if let newest = points.last {
                    try await writer.write(ByteBuffer(bytes: events(points)))
                    last = newest.id
                    quiet = 0
                } else if last == nil {
                    last = 0
                } else {
                    quiet += 1
                    if quiet >= keepAlive {
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                        quiet = 0
                    }
                }
                try await Task.sleep(for: poll)
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
            body: body
        )
    }

    /// `points` as SSE events: `id:`, `event: sample` and the point as one line of JSON.
    static func events(_ points: [ChartPoint]) -> [UInt8] {
        var bytes: [UInt8] = []
        for point in points {
            bytes.append(contentsOf: "id: \(point.id)\nevent: sample\ndata: ".utf8)
            var json = JSONWriter(pretty: false, flushThreshold: 1 << 30) { bytes.append(contentsOf: $0) }
            point.write(to: &json)
            json.finish()  // ends the data line
            bytes.append(10)
        }
        return bytes
    }
}
