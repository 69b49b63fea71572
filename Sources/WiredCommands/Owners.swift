import ArgumentParser
import WiredCore
import WiredJSON
import WiredReading
import WiredRender

extension Wired {
    /// `wired owners`: who holds the memory, from the ledger's buckets down to named owners.
    struct Owners: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show who holds the memory: a tree from the ledger's buckets down to named owners.",
            discussion: """
                Owners: slab caches (/proc/slabinfo, root), services and containers (cgroup memory.stat), \
                processes (smaps_rollup, status), tmpfs mounts (statfs), SysV segments (/proc/sysvipc/shm), \
                memfds (/proc/PID/fd), hugepage pools, virtual machines (QEMU, Firecracker… processes), GPUs \
                (DRM fdinfo, amdgpu sysfs, nvidia-smi), zram devices, vmalloc callers (/proc/vmallocinfo, root). \
                Every level adds up to its parent exactly; what cannot be named is shown as unexplained, with \
                the checks that could not be made. W marks wired memory. On macOS: the wired bucket by zprint \
                site (kext or kernel tag) with what no site claims, then processes by footprint, kext images \
                (kextstat) and the largest zones.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Option(help: "Levels to show below installed RAM (buckets are level 1). Default 3; for --json, all.")
        var depth: Int?

        @Flag(help: "Show every owner and empty buckets instead of folding small ones into \"N others\".")
        var all = false

        func validate() throws {
            if let depth, depth < 1 { throw ValidationError("--depth must be 1 or more") }
        }

        func run() throws {
            let reading = try SnapshotSource.read(
                global,
                processes: ProcessRequest(commandLines: .eager, cgroups: true),
                owners: true
            )
            let snapshot = reading.snapshot
            let ledger: Ledger
            do {
                ledger = try Ledger.of(snapshot)
            } catch let error as LedgerError {
                throw CLIError(error.message)
            }
            let report = OwnerTree.build(snapshot, ledger: ledger)
            if global.json {
                var json = JSONWriter { Terminal.write($0) }
                OwnersView.write(snapshot, report, depth: depth, to: &json)
                json.finish()
            } else {
                let style = Style(color: global.useColor, exactBytes: global.bytes)
                let options = OwnersView.Options(depth: depth ?? 3, all: all)
                Terminal.print(
                    OwnersView.render(snapshot, report, options: options, style: style, width: Terminal.width)
                )
            }
        }
    }
}
