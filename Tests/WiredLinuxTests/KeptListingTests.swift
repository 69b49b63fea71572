import Foundation
import Testing
import WiredTestSupport

@testable import WiredLinux

/// When a live reader may reuse its last listing of `/proc`: on a hand-made `/proc` with `self` and `loadavg`.
@Suite("Kept listing")
struct KeptListingTests {
    /// A scratch `/proc` whose `self` names `pid` and whose `loadavg` ends with `lastPID`.
    static func proc(self pid: Int32 = getpid(), lastPID: String = "4567") throws -> TemporaryTree {
        let tree = try TemporaryTree()
        try tree.write("proc/loadavg", "0.12 0.03 0.01 1/123 \(lastPID)\n")
        try FileManager.default.createSymbolicLink(atPath: tree.path + "/proc/self", withDestinationPath: "\(pid)")
        return tree
    }

    @Test("The last pid given out is loadavg's fifth field, and only for /proc of this pid namespace")
    func lastPID() throws {
        // Each tree is kept in a constant: a temporary one is deleted as soon as its path is taken.
        let tree = try Self.proc()
        #expect(KeptListing.lastPID(procPath: tree.path + "/proc") == 4567)
        let other = try Self.proc(self: getpid() + 1)
        #expect(KeptListing.lastPID(procPath: other.path + "/proc") == nil)
        let word = try Self.proc(lastPID: "x")
        #expect(KeptListing.lastPID(procPath: word.path + "/proc") == nil)
        let huge = try Self.proc(lastPID: "99999999999999999999")
        #expect(KeptListing.lastPID(procPath: huge.path + "/proc") == nil)
        #expect(KeptListing.lastPID(procPath: "/nonexistent/proc") == nil)
    }

    @Test(
        "A listing is reused while the last pid stays, for at most 10 s; a new pid or the clock going back lists again"
    )
    func reusable() throws {
        let tree = try Self.proc()
        let procPath = tree.path + "/proc"
        let listing = KeptListing()
        #expect(listing.reusable(procPath: procPath, now: 100) == (nil, 4567))
        listing.keep([1, 2, 3], lastPID: 4567, listedAt: 100)
        #expect(listing.reusable(procPath: procPath, now: 109.9).pids == [1, 2, 3])
        #expect(listing.reusable(procPath: procPath, now: 110).pids == nil)
        #expect(listing.reusable(procPath: procPath, now: 99).pids == nil)
        try tree.write("proc/loadavg", "0.12 0.03 0.01 1/124 4568\n")
        #expect(listing.reusable(procPath: procPath, now: 101) == (nil, 4568))
    }
}
