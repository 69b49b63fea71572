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

    @Test("The last pid given out is loadavg's last field; /proc is this namespace's when self names this pid")
    func lastPID() throws {
        // Each tree is kept in a constant: a temporary one is deleted as soon as its path is taken.
        let tree = try Self.proc()
        #expect(KeptListing.lastPID(procPath: tree.path + "/proc") == 4567)
        #expect(KeptListing.isOwnNamespace(procPath: tree.path + "/proc"))
        let other = try Self.proc(self: getpid() + 1)
        #expect(!KeptListing.isOwnNamespace(procPath: other.path + "/proc"))
        let word = try Self.proc(lastPID: "x")
        #expect(KeptListing.lastPID(procPath: word.path + "/proc") == nil)
        let huge = try Self.proc(lastPID: "99999999999999999999")
        #expect(KeptListing.lastPID(procPath: huge.path + "/proc") == nil)
        #expect(KeptListing.lastPID(procPath: "/nonexistent/proc") == nil)
        #expect(!KeptListing.isOwnNamespace(procPath: "/nonexistent/proc"))
    }

    @Test("An NSpid line with more than one pid is an outer namespace's /proc")
    func outerNamespace() throws {
        let tree = try Self.proc()
        try tree.write("proc/\(getpid())/status", "Name:\tx\nNSpid:\t\(getpid())\n")
        #expect(KeptListing.isOwnNamespace(procPath: tree.path + "/proc"))
        let outer = try Self.proc()
        try outer.write("proc/\(getpid())/status", "Name:\tx\nNSpid:\t\(getpid())\t1\n")
        #expect(!KeptListing.isOwnNamespace(procPath: outer.path + "/proc"))
    }

    @Test("A listing is trusted once the last pid held still over a reading, then reused for at most 10 s")
    func reusable() throws {
        let tree = try Self.proc()
        let procPath = tree.path + "/proc"
        let listing = KeptListing()
        // First reading: nothing seen before, so the listing made now is not to be reused.
        #expect(listing.reusable(procPath: procPath, now: 100) == (nil, nil))
        listing.keep([1, 2, 3], lastPID: nil, listedAt: 100)
        // Second: the same last pid as before: list again, and this listing may be reused.
        #expect(listing.reusable(procPath: procPath, now: 101) == (nil, 4567))
        listing.keep([1, 2, 3], lastPID: 4567, listedAt: 101)
        #expect(listing.reusable(procPath: procPath, now: 110.9).pids == [1, 2, 3])
        #expect(listing.reusable(procPath: procPath, now: 111).pids == nil)
        #expect(listing.reusable(procPath: procPath, now: 99).pids == nil)
        // A pid given out: list again, not to be reused until it holds still.
        try tree.write("proc/loadavg", "0.12 0.03 0.01 1/124 4568\n")
        #expect(listing.reusable(procPath: procPath, now: 102) == (nil, nil))
        #expect(listing.reusable(procPath: procPath, now: 103) == (nil, 4568))
    }
}
