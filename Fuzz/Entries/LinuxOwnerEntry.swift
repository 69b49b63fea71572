import WiredCore
import WiredLinux

/// Files that name memory owners, one parser per first byte.
///
/// | byte | file | parser |
/// | --- | --- | --- |
/// | `s` | `/proc/slabinfo` (4 KiB and 64 KiB pages) | ``OwnerParsers/slabinfo(_:pageSize:path:)`` |
/// | `h` | `/proc/sysvipc/shm` | ``OwnerParsers/sysvShm(_:path:)`` |
/// | `m` | `/proc/mounts` | ``OwnerParsers/mounts(_:)`` |
/// | `d` | `/proc/PID/fdinfo/N` of a DRM file | ``OwnerParsers/drmFdinfo(_:pid:)`` |
/// | `v` | `/proc/vmallocinfo` (4 KiB and 64 KiB pages) | ``OwnerParsers/vmallocCallers(_:pageSize:)`` |
/// | `n` | `nvidia-smi --query-compute-apps` output | ``OwnerParsers/nvidiaApps(_:)`` |
/// | `c` | cgroup `memory.stat` | ``KeyValueParser`` |
/// | `r` | a slab cache name | ``SlabFlags/isReclaimable(_:release:)`` (the kernel's table of reclaimable caches) |
enum LinuxOwnerEntry {
    static let routes: [Route] = [
        Route(selector: "s") { bytes in
            for pageSize: Int64 in [4096, 65536] {
                _ = OwnerParsers.slabinfo(bytes, pageSize: pageSize, path: "/proc/slabinfo")
            }
        },
        Route(selector: "h") { _ = OwnerParsers.sysvShm($0, path: "/proc/sysvipc/shm") },
        Route(selector: "m") { _ = OwnerParsers.mounts($0) },
        Route(selector: "d") { _ = OwnerParsers.drmFdinfo($0, pid: 1) },
        Route(selector: "v") { bytes in
            for pageSize: Int64 in [4096, 65536] { _ = OwnerParsers.vmallocCallers(bytes, pageSize: pageSize) }
        },
        Route(selector: "n") { _ = OwnerParsers.nvidiaApps($0.text) },
        Route(selector: "c") { _ = KeyValueParser.parse($0, path: "/sys/fs/cgroup/memory.stat") },
        Route(selector: "r") { _ = SlabFlags.isReclaimable($0.text, release: "3.2.0") },
    ]

    static func run(_ input: UnsafeBufferPointer<UInt8>) {
        Route.dispatch(input, routes)
    }
}
