import WiredCore

/// Which cgroups every process is in, from each cgroup's `cgroup.procs` rather than each process's
/// `/proc/PID/cgroup`.
///
/// A machine has far fewer cgroups than processes: with 1,000 processes this reads 5 files instead of
/// 1,000, and saves ~5 ms of a snapshot (the kernel builds every hierarchy's path for each
/// `/proc/PID/cgroup`). It gives what ``ProcessParsers/cgroupPaths(_:)`` gives: the memory cgroup, and on
/// cgroup v1 hybrids the `name=systemd` cgroup when it differs. A process not listed (born after the walk,
/// or a layout this does not know) is read from its own file instead.
struct CgroupMembership {
    /// pid → memory cgroup path (v2: the one unified path).
    private var memory: [Int32: String] = [:]
    /// pid → `name=systemd` cgroup path (v1 hybrids only).
    private var systemd: [Int32: String] = [:]
    /// True on v1, where the systemd path comes from its own hierarchy.
    private var hybrid = false

    /// Most cgroups walked per hierarchy; past it, the walk is abandoned and every process reads its file.
    static let limit = 4000

    /// Walks the cgroup file systems under `reader`'s root; `nil` when their layout is not one this knows
    /// (v2 with the memory controller; v1 with `memory` and `systemd` hierarchies).
    static func read(_ reader: LinuxReader) -> CgroupMembership? {
        var files = FileReader()
        let unified = reader.path("/sys/fs/cgroup")
        var membership = CgroupMembership()
        let controllers = try? files.withContents(
            of: unified + "/cgroup.controllers",
            displayPath: unified + "/cgroup.controllers"
        ) { $0.uint8[...].trimmingNewlines.string }
        if let controllers, controllers.split(separator: " ").contains("memory") {
            guard let members = walk(unified, &files) else { return nil }
            membership.memory = members
            return membership
        }
        let memoryRoot = unified + "/memory"
        let systemdRoot = unified + "/systemd"
        guard FileSystem.exists(memoryRoot + "/cgroup.procs"), FileSystem.exists(systemdRoot + "/cgroup.procs"),
            let memory = walk(memoryRoot, &files), let systemd = walk(systemdRoot, &files)
        else { return nil }
        membership.memory = memory
        membership.systemd = systemd
        membership.hybrid = true
        return membership
    }

    /// Every pid listed in the memory hierarchy.
    var pids: Dictionary<Int32, String>.Keys { memory.keys }

    /// The memory cgroup of `pid` and, when it differs, its systemd cgroup; `nil` when `pid` is not listed.
    func paths(of pid: Int32) -> (memory: String?, systemd: String?)? {
        guard let charged = memory[pid] else { return nil }
        guard hybrid else { return (charged, nil) }
        guard let unit = systemd[pid] else { return nil }
        return (charged, unit != charged ? unit : nil)
    }

    /// pid → path (relative to `root`, "/" for the root) for every cgroup under `root`.
    private static func walk(_ root: String, _ files: inout FileReader) -> [Int32: String]? {
        var members: [Int32: String] = [:]
        var pending = ["/"]
        var walked = 0
        while let relative = pending.popLast() {
            walked += 1
            if walked > limit { return nil }
            let directory = relative == "/" ? root : root + relative
            let file = directory + "/cgroup.procs"
            let read: Void? = try? files.withContents(of: file, displayPath: file) { buffer in
                for line in LineSplitter(buffer.uint8).lines {
                    if let pid = line.decimal.value, let small = Int32(exactly: pid) { members[small] = relative }
                }
            }
            // A cgroup that vanished mid-walk lists nobody; its processes fall back to their own files.
            guard read != nil else { continue }
            for child in (try? FileSystem.directories(in: directory)) ?? [] {
                pending.append(relative == "/" ? "/" + child : relative + "/" + child)
            }
        }
        return members
    }
}
