import Testing
import WiredCore
import WiredTestSupport

@testable import WiredLinux

#if canImport(Glibc)
import Glibc
#endif

/// How a process that could not be read is counted: gone, hidden, or a problem.
@Suite("Gone, hidden or failed")
struct HidepidTests {
    func outcome(_ errno: Int32) -> String {
        switch ProcessOutcome.of(ProcError(operation: .open, path: "/proc/42", errno: Errno(errno))) {
        case .process: "process"
        case .gone: "gone"
        case .hidden: "hidden"
        case .failed(let error): "failed: \(error)"
        }
    }

    @Test("EPERM and EACCES mean hidden; ENOENT and ESRCH gone; anything else is a problem, not a lost process")
    func classification() {
        #expect(outcome(EPERM) == "hidden")
        #expect(outcome(EACCES) == "hidden")
        #expect(outcome(ENOENT) == "gone")
        #expect(outcome(ESRCH) == "gone")
        #expect(outcome(EMFILE).hasPrefix("failed: cannot open /proc/42: "))
        #expect(outcome(EIO).hasPrefix("failed: "))
    }

    @Test("Failures: the first three as problems, one more counting the rest")
    func failures() {
        var first = Failures()
        var second = Failures()
        for pid in 1...2 { first.add(ProcError(operation: .open, path: "/proc/\(pid)", errno: Errno(EMFILE))) }
        for pid in 3...6 { second.add(ProcError(operation: .open, path: "/proc/\(pid)", errno: Errno(EMFILE))) }
        first.merge(second)
        let problems = first.problems(procPath: "/proc")
        #expect(first.count == 6)
        #expect(problems.map(\.source) == ["/proc/1", "/proc/2", "/proc/3", "/proc"])
        #expect(problems.last?.message == "3 more processes could not be read (not listed)")
        #expect(Failures().problems(procPath: "/proc").isEmpty)
    }

    @Test("A stat that makes no sense in a live directory is a problem naming the file, not a process gone")
    func malformedStat() throws {
        let tree = try TemporaryTree(copying: "vm-6.18-processes")
        try tree.write("proc/4747/stat", "4747 no parentheses here\n")
        let (scan, problems) = LinuxReader(root: tree.path).readProcesses()
        #expect(scan.gone == 0)
        #expect(!scan.processes.contains { $0.pid == 4747 })
        #expect(problems.contains { $0.source.hasSuffix("/proc/4747/stat") && $0.kind == .malformed })
    }

    @Test("The proc mount on top decides: the last /proc line of /proc/mounts, numeric or named, with gid=")
    func mountOptions() throws {
        let tree = try TemporaryTree(copying: "synthetic-owners-v2")
        let mounts = try tree.read("proc/mounts")
        try tree.write(
            "proc/mounts",
            "proc /proc proc rw,relatime,hidepid=invisible 0 0\n\(mounts)proc /proc proc rw,nosuid,gid=4,hidepid=1 0 0\n"
        )
        let (scan, _) = LinuxReader(root: tree.path).readProcesses()
        #expect(scan.hidepid == "1")
        #expect(scan.hidepidMode == .noaccess)
        #expect(scan.hidepidGroup == 4)
        #expect(scan.unlisted == nil)  // noaccess lists every process
        try tree.write(
            "proc/mounts",
            "\(mounts)proc /proc proc rw,hidepid=2 0 0\nproc /proc/sys/fs/binfmt_misc proc rw 0 0\n"
        )
        #expect(LinuxReader(root: tree.path).readProcesses().0.hidepidMode == .invisible)
        try tree.write("proc/mounts", "proc /proc proc rw,hidepid=2 0 0\n\(mounts)proc /proc proc rw 0 0\n")
        #expect(LinuxReader(root: tree.path).readProcesses().0.hidepid == nil)
    }

    @Test("hidepid=2 in a tree captured as a user: processes in cgroup.procs but not in /proc are counted")
    func unlistedFromCgroups() throws {
        let tree = try TemporaryTree(copying: "synthetic-owners-v2")
        try tree.write("proc/mounts", try tree.read("proc/mounts") + "proc /proc proc rw,hidepid=invisible 0 0\n")
        try tree.replaceLine(in: "wired-capture.txt", startingWith: "captured_as_uid=", with: "captured_as_uid=1000")
        // The capturing user saw only its own processes: firefox (801) and its own; nginx 501 and 502 and the
        // others, listed in cgroup.procs, were invisible to it.
        for pid in ["501", "502", "601", "701", "802"] { try tree.remove("proc/\(pid)") }
        let (scan, _) = LinuxReader(root: tree.path).readProcesses()
        #expect(scan.processes.map(\.pid) == [801])
        #expect(scan.hidepidMode == .invisible)
        #expect(scan.asRoot == false)
        #expect(scan.unlisted == 5)
        // As root nothing is hidden, so nothing is counted.
        try tree.replaceLine(in: "wired-capture.txt", startingWith: "captured_as_uid=", with: "captured_as_uid=0")
        #expect(LinuxReader(root: tree.path).readProcesses().0.unlisted == nil)
    }

    @Test("hidepid values by number and by name; which modes leave processes out of the listing")
    func modes() {
        #expect(HidePID(option: "4") == .ptraceable)
        #expect(HidePID(option: "off") == .off)
        #expect(HidePID(option: "3") == nil)
        #expect(HidePID.invisible.hidesListing && HidePID.ptraceable.hidesListing && !HidePID.noaccess.hidesListing)
    }
}
