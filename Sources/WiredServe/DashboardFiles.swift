/// The dashboard's files (Sources/WiredServe/Dashboard), compiled in by SwiftPM's `embedInCode` resources.
enum DashboardFiles {
    /// Path served, file name under Dashboard/, Content-Type, text.
    static let all: [(path: String, file: String, type: String, text: String)] = [
        ("/", "index.html", "text/html; charset=utf-8", text(PackageResources.index_html)),
        ("/app.js", "app.js", "text/javascript; charset=utf-8", text(PackageResources.app_js)),
        ("/app.css", "app.css", "text/css; charset=utf-8", text(PackageResources.app_css)),
    ]

    /// A file's text, without the newline that ends it.
    static func text(_ bytes: [UInt8]) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
