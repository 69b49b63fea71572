import WiredDarwin

/// One macOS decoder per target, on the input as text; the content sniffer (``OutputKind/detect(_:)``) runs on
/// it too, as it does on every file of a capture.
enum DarwinDecoderEntry {
    static func run(_ target: FuzzTarget, _ input: UnsafeBufferPointer<UInt8>) {
        let text = input.text
        _ = OutputKind.detect(text)
        switch target {
        case .macosVMStat: _ = VMStatDecoder.decode(text, path: "vm_stat.txt")
        case .macosTop: _ = TopDecoder.decode(text, path: "top.txt")
        case .macosFootprint: _ = FootprintDecoder.decode(text, path: "footprint.txt")
        case .macosZprint: _ = ZprintDecoder.decode(text, path: "zprint.txt")
        case .macosMemoryPressure: _ = MemoryPressureDecoder.decode(text, path: "memory_pressure.txt")
        case .macosSysctl:
            // Every value through the two value decoders (a capture uses them on vm.swapusage and kern.boottime).
            let values = SysctlDecoder.decode(text, path: "sysctl.txt").value?.values ?? [:]
            for value in values.values {
                _ = SysctlDecoder.swapUsage(value)
                _ = SysctlDecoder.bootTime(value)
            }
        case .macosKextstat: _ = KextstatDecoder.decode(text, path: "kextstat.txt")
        default: break
        }
    }
}
