import Foundation
import Testing
import WiredCore
import WiredTestSupport

@testable import WiredLinux

/// Cgroups from `cgroup.procs` must be exactly what each process's own `/proc/PID/cgroup` says.
@Suite("Cgroup membership from cgroup.procs")
struct CgroupMembershipTests {
    /// The paths `/proc/PID/cgroup` gives under `root`, or `nil` when the process is gone.
    func ownFile(_ root: String, _ pid: Int32) -> (memory: String?, systemd: String?)? {
        guard let bytes = FileManager.default.contents(atPath: "\(root)/proc/\(pid)/cgroup"), !bytes.isEmpty else {
            return nil
        }
        return withBytes(of: Array(bytes)) { ProcessParsers.cgroupPaths($0) }
    }

    @Test("cgroup v2 tree: every process's services match its own cgroup file")
    func fixture() throws {
        let root = Fixtures.linux("synthetic-owners-v2")
        let membership = try #require(CgroupMembership.read(LinuxReader(root: root)))
        for pid: Int32 in [501, 502, 601, 701, 801, 802] {
            let walked = try #require(membership.paths(of: pid))
            let own = try #require(ownFile(root, pid))
            #expect(walked.memory == own.memory, "pid \(pid)")
            #expect(walked.systemd == own.systemd, "pid \(pid)")
        }
        #expect(membership.paths(of: 501)?.memory == "/system.slice/nginx.service")
        #expect(membership.paths(of: 9999) == nil)
        // A tree without cgroup file systems has no membership: processes read their own files.
        #expect(CgroupMembership.read(LinuxReader(root: Fixtures.linux("vm-6.18-processes"))) == nil)
    }

    @Test("This machine: every live process's cgroups from cgroup.procs equal /proc/PID/cgroup")
    func live() throws {
        guard let membership = CgroupMembership.read(LinuxReader(root: "/")) else {
            print("skipped: this machine's cgroup layout is neither v2 with memory nor v1 with memory and systemd")
            return
        }
        let pids = try FileManager.default.contentsOfDirectory(atPath: "/proc").compactMap { Int32($0) }
        var compared = 0
        var moved: [Int32] = []
        for pid in pids {
            guard let walked = membership.paths(of: pid), let own = ownFile("", pid) else { continue }
            if walked.memory != own.memory || walked.systemd != own.systemd { moved.append(pid) }
            compared += 1
        }
        // Other suites move their helpers into cgroups of their own and back while this walks: a process that
        // differs is looked at again, walk and file read together, and must agree then (or be gone).
        if !moved.isEmpty, let again = CgroupMembership.read(LinuxReader(root: "/")) {
            for pid in moved {
                guard let walked = again.paths(of: pid), let own = ownFile("", pid) else { continue }
                #expect(walked.memory == own.memory, "pid \(pid)")
                #expect(walked.systemd == own.systemd, "pid \(pid)")
            }
        }
        // Kernel threads are listed too: nearly every process is compared, not a lucky few.
        #expect(compared > pids.count * 9 / 10)
    }
}
