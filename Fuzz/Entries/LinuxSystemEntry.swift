import WiredLinux

/// `/proc` and `/sys` system files, one parser per first byte.
///
/// | byte | file | parser |
/// | --- | --- | --- |
/// | `m` | `/proc/meminfo`, `node*/meminfo` | ``MeminfoParser`` |
/// | `v` | `/proc/vmstat`, hugepage counters | ``KeyValueParser`` |
/// | `z` | `/proc/zoneinfo` | ``ZoneinfoParser`` |
/// | `s` | `/proc/swaps` | ``SwapsParser`` |
/// | `p` | `/proc/pressure/memory` | ``PressureParser`` |
/// | `c` | `/sys/devices/system/cpu/possible` | ``CPUListParser`` |
/// | `k` | `/dev/kmsg` (one record, and line by line) | ``KernelLogParser`` |
/// | `d` | `/sys/firmware/dmi/tables/DMI` | ``DMIParser`` |
/// | `g` | a kernel `.config` (whole, and streamed in chunks) | ``KernelConfigParser``, ``KernelConfigScanner`` |
enum LinuxSystemEntry {
    static let routes: [Route] = [
        Route(selector: "m") { _ = MeminfoParser.parse($0, path: "/proc/meminfo") },
        Route(selector: "v") { _ = KeyValueParser.parse($0, path: "/proc/vmstat") },
        Route(selector: "z") { _ = ZoneinfoParser.parse($0, path: "/proc/zoneinfo") },
        Route(selector: "s") { _ = SwapsParser.parse($0, path: "/proc/swaps") },
        Route(selector: "p") { _ = PressureParser.parse($0, path: "/proc/pressure/memory") },
        Route(selector: "c") { _ = CPUListParser.count($0) },
        Route(selector: "k", run: kernelLog),
        Route(selector: "d") { _ = DMIParser.memoryDevices($0, path: "/sys/firmware/dmi/tables/DMI") },
        Route(selector: "g", run: kernelConfig),
    ]

    static func run(_ input: UnsafeBufferPointer<UInt8>) {
        Route.dispatch(input, routes)
    }

    /// The whole input as one `/dev/kmsg` record (as a read of the device gives), then each line (as a
    /// captured `dev/kmsg` file is read).
    static func kernelLog(_ bytes: UnsafeBufferPointer<UInt8>) {
        _ = KernelLogParser.percpuPagesPerCPU(inRecord: bytes[...])
        var start = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            _ = KernelLogParser.percpuPagesPerCPU(inRecord: bytes[start..<index])
            start = index + 1
        }
        if start < bytes.count { _ = KernelLogParser.percpuPagesPerCPU(inRecord: bytes[start...]) }
    }

    /// The option looked up in the whole text, then streamed in 7-byte chunks (lines split across chunks).
    static func kernelConfig(_ bytes: UnsafeBufferPointer<UInt8>) {
        _ = KernelConfigParser.isEnabled("CONFIG_VMAP_STACK", in: bytes)
        var scanner = KernelConfigScanner(option: "CONFIG_VMAP_STACK")
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + 7, bytes.count)
            if !scanner.feed(UnsafeBufferPointer(rebasing: bytes[offset..<end])) { break }
            offset = end
        }
    }
}
