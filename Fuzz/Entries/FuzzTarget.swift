/// The fuzz targets: each feeds arbitrary bytes to one family of readers and must return without trapping.
///
/// The libFuzzer executables in `Fuzz/Sources` and the regression test (`WiredFuzzRegressionTests`) call these
/// same entry points, so an input that crashed a fuzzer replays the same way under `swift test`. The raw value is
/// the target's name: its executable is `fuzz-NAME`, its corpus and regression folders are named `NAME`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// `/proc` and `/sys` system files, chosen by the first byte (``LinuxSystemEntry``).
    case linuxSystem = "linux-system"
    /// `/proc/PID` files, chosen by the first byte (``LinuxProcessEntry``).
    case linuxProcess = "linux-process"
    /// Files that name memory owners, chosen by the first byte (``LinuxOwnerEntry``).
    case linuxOwner = "linux-owner"
    /// A whole captured tree read by ``WiredLinux/LinuxReader``, then analysed (``LinuxTreeEntry``).
    case linuxTree = "linux-tree"
    /// `vm_stat` output.
    case macosVMStat = "macos-vm-stat"
    /// `top -l 1` output.
    case macosTop = "macos-top"
    /// `footprint` output.
    case macosFootprint = "macos-footprint"
    /// `zprint` output.
    case macosZprint = "macos-zprint"
    /// `memory_pressure` output.
    case macosMemoryPressure = "macos-memory-pressure"
    /// `sysctl` output.
    case macosSysctl = "macos-sysctl"
    /// `kextstat` (or `kmutil showloaded`) output.
    case macosKextstat = "macos-kextstat"
    /// A `.wired` snapshot file, or the JSON inside one, read and analysed (``SnapshotEntry``).
    case snapshot
    /// The three gzip decompressors and a compress round trip (``GzipEntry``).
    case gzip
    /// A macOS capture file (tar, tar.gz, gzip or one output) read by `MacCapture`, then analysed (``TarEntry``).
    case tar
    /// A history store's process chain and figure blobs (``HistoryChainEntry``).
    case historyChain = "history-chain"
    /// `wired serve --web-config`'s YAML, `Authorization` headers and bcrypt hashes (``WebConfigEntry``).
    case webConfig = "web-config"

    /// Runs the target on `input`.
    public func run(_ input: UnsafeBufferPointer<UInt8>) {
        switch self {
        case .linuxSystem: LinuxSystemEntry.run(input)
        case .linuxProcess: LinuxProcessEntry.run(input)
        case .linuxOwner: LinuxOwnerEntry.run(input)
        case .linuxTree: LinuxTreeEntry.run(input)
        case .macosVMStat, .macosTop, .macosFootprint, .macosZprint, .macosMemoryPressure, .macosSysctl,
            .macosKextstat:
            DarwinDecoderEntry.run(self, input)
        case .snapshot: SnapshotEntry.run(input)
        case .gzip: GzipEntry.run(input)
        case .tar: TarEntry.run(input)
        case .historyChain: HistoryChainEntry.run(input)
        case .webConfig: WebConfigEntry.run(input)
        }
    }

    /// Runs the target on `bytes`.
    public func run(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { run($0) }
    }
}
