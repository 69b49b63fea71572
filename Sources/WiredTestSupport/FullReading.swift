public import WiredCore
import WiredLinux

extension Fixtures {
    /// A full reading of a Linux fixture tree, as `wired snapshot` makes it: system, processes (command
    /// lines, cgroups, open files) and owners.
    public static func fullSnapshot(_ fixture: String) -> Snapshot {
        fullSnapshot(root: linux(fixture))
    }

    /// A full reading of the captured tree at `path`.
    public static func fullSnapshot(root path: String) -> Snapshot {
        let reader = LinuxReader(root: path)
        var snapshot = reader.readSystem(vmallocinfoFromOwners: true)
        let scan = reader.readProcesses(
            ProcessReadOptions(commandLines: .eager, cgroups: true, openFiles: true),
            keepingHandles: false
        )
        snapshot.processes = scan.scan
        let owners = reader.readOwners(openFiles: scan.openFiles, pageSize: snapshot.meta.pageSize).0
        snapshot.linux?.adoptVmallocinfo(
            callers: owners.vmallocCallers,
            checks: owners.checks,
            release: snapshot.meta.kernel
        )
        snapshot.owners = owners
        return snapshot
    }
}
