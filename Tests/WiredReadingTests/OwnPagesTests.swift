import Foundation
import Testing
import WiredReading

/// Written before the pages are released: data segments must keep what was written to them.
nonisolated(unsafe) private var written: [Int] = []

@Suite("Own pages")
struct OwnPagesTests {
    /// `RssFile` of /proc/self/status, in KiB.
    static func rssFile() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("RssFile:") })
        return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }

    @Test("Releasing the executable's read-only pages lowers RssFile and keeps what data segments hold")
    func release() throws {
        #if os(Linux)
        written = (0..<1000).map { $0 * 7 }
        let before = try Self.rssFile()
        let advised = OwnPages.releaseStartupPages()
        let after = try Self.rssFile()
        print("released \(advised >> 10) KiB of address space: RssFile \(before) → \(after) KiB")
        #expect(advised > 1 << 20)
        // The test binary's code alone is many MiB; what this test touches again after is far less.
        #expect(after < before - 1024)
        let sum: Int = written.reduce(0, +)
        #expect(sum == 3_496_500)
        // Code runs on, mapped back on its next touch.
        #expect(ProcessInfo.processInfo.processIdentifier == getpid())
        #else
        #expect(OwnPages.releaseStartupPages() == 0)
        #endif
    }
}
