import HTTPTypes
import Hummingbird
import NIOCore
import WiredCompression

/// The dashboard's files, each kept as sent and gzipped once at start-up.
final class DashboardAssets: Sendable {
    /// One file.
    struct Asset: Sendable {
        var path: String
        var type: String
        var plain: [UInt8]
        /// The gzip form, `nil` when compressing failed (the plain one is sent).
        var gzip: [UInt8]?
    }

    /// The assets of the compiled-in dashboard.
    static let shared = DashboardAssets()

    let all: [Asset]

    init() {
        all = DashboardFiles.all.map { file in
            let plain = Array(file.text.utf8)
            let gzip: [UInt8]?
            do {
                gzip = try Gzip.compress(plain, level: 9)
            } catch {
                gzip = nil
            }
            return Asset(path: file.path, type: file.type, plain: plain, gzip: gzip)
        }
    }

    /// Bytes of the page as a browser receives it gzipped: every file, compressed.
    var compressedWeight: Int { all.map { $0.gzip?.count ?? $0.plain.count }.reduce(0, +) }

    /// `asset`, gzipped when the client accepts gzip.
    func response(_ asset: Asset, request: Request) -> Response {
        let accepts = request.headers[.acceptEncoding]?.contains("gzip") ?? false
        var headers: HTTPFields = [.contentType: asset.type, .vary: "Accept-Encoding", .cacheControl: "no-cache"]
        var bytes = asset.plain
        if accepts, let gzip = asset.gzip {
            headers[.contentEncoding] = "gzip"
            bytes = gzip
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
