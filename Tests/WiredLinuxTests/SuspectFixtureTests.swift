import Testing
import WiredCore
import WiredJSON
import WiredLinux
import WiredRender
import WiredTestSupport

/// The unexplained line's suspects, and files that contradict each other, on the fixture trees.
@Suite("Large unexplained memory gets a named suspect")
struct SuspectFixtureTests {
    /// Every Linux tree in Tests/WiredLinuxTests/Fixtures, with whether its kernel is old (before 4.14).
    static let trees: [(name: String, old: Bool)] = [
        ("vm-6.18-idle", false), ("vm-6.18-swapfile-zswap", false), ("vm-6.18-zram-swap", false),
        ("vm-6.18-hugepages", false), ("vm-6.18-mlock-1g", false), ("vm-6.18-owners", false),
        ("vm-6.18-processes", false), ("vm-6.18-pressure-calm", false), ("vm-6.18-pressure-oom", false),
        ("vm-6.18-pressure-swapping", false), ("vm-6.18-pressure-thrashing", false), ("synthetic-owners-v2", false),
        ("debian11-5.10-x86_64", false), ("centos9-5.14-x86_64", false), ("rhel8-4.18-hyperv", false),
        ("zfs-arc", false), ("nvidia-gpu", false), ("contradictory-lxcfs", false), ("ubuntu-3.2-x86_64", true),
        ("android-3.4-armv7", true), ("router-4.1-mips", true), ("armboard-4.4-aarch64", true),
        ("old-kernel-edited", true),
    ]

    static func ledger(_ tree: String) throws -> (Snapshot, Ledger) {
        var snapshot = Fixtures.fullSnapshot(tree)
        SnapshotValidation.check(&snapshot)
        return (snapshot, try Ledger.of(snapshot))
    }

    @Test(
        "Unexplained stays under 1% of MemTotal (3% on old kernels), or carries a named suspect that explains it",
        arguments: trees.map(\.name)
    )
    func unexplainedIsSmallOrNamed(tree: String) throws {
        let old = try #require(Self.trees.first { $0.name == tree }).old
        let (_, ledger) = try Self.ledger(tree)
        let limit = (old ? 0.03 : 0.01) * Double(ledger.memTotal.bytes)
        let unexplained = try #require(ledger.bucket("unexplained")).bytes
        #expect(unexplained.bytes >= 0, "\(tree): negative unexplained \(unexplained)")
        // A sized suspect explains its bytes; an unsized one (no file states the size) names the owner.
        let rest = UnexplainedSuspects.rest(of: ledger)
        let named = ledger.suspects.contains { $0.bytes == nil }
        #expect(
            Double(unexplained.bytes) < limit || Double(rest.bytes) < limit || named,
            "\(tree): unexplained \(unexplained), after sized suspects \(rest), suspects \(ledger.suspects.map(\.id))"
        )
        #expect(ledger.buckets.map(\.bytes).sum() == ledger.memTotal)
    }

    @Test("Small unexplained lines name no one: no suspect below 1% of MemTotal", arguments: trees.map(\.name))
    func noSuspectWhenSmall(tree: String) throws {
        let (_, ledger) = try Self.ledger(tree)
        let unexplained = try #require(ledger.bucket("unexplained")).bytes
        if Double(unexplained.bytes) < 0.01 * Double(ledger.memTotal.bytes) {
            #expect(ledger.suspects.isEmpty, "\(tree): \(ledger.suspects.map(\.id))")
        }
    }

    @Test("RHEL 8 on Hyper-V: hv_balloon, from /proc/modules line 1, unsized")
    func hyperV() throws {
        let (_, ledger) = try Self.ledger("rhel8-4.18-hyperv")
        #expect(ledger.bucket("unexplained")?.bytes == .kibibytes(5_355_520))
        #expect(ledger.suspects.map(\.id) == ["hv_balloon"])
        let suspect = try #require(ledger.suspects.first)
        #expect(suspect.bytes == nil)
        #expect(
            suspect.evidence.first
                == SuspectEvidence(file: "/proc/modules", line: 1, text: "hv_balloon is loaded (24.0 KiB)")
        )
        #expect(suspect.confirm.contains("dmesg | grep -i hv_balloon"))
        // The crash kernel of crashkernel=256M is in the reserved split, from kexec_crash_size.
        #expect(ledger.bucket("crash-kernel")?.bytes == .mebibytes(256))
    }

    @Test("ZFS: the ARC's data and metadata pages, sized from arcstats, leave the driver rest")
    func zfsARC() throws {
        let (_, ledger) = try Self.ledger("zfs-arc")
        #expect(ledger.bucket("unexplained")?.bytes == .kibibytes(5_981_640))
        #expect(ledger.suspects.map(\.id) == ["zfs-arc"])
        let arc = try #require(ledger.suspects.first)
        #expect(arc.bytes == ByteCount(bytes: 6_116_810_752))
        #expect(arc.sizeSource == "data_size + metadata_size + abd_chunk_waste_size in /proc/spl/kstat/zfs/arcstats")
        #expect(arc.evidence.first?.file == "/proc/spl/kstat/zfs/arcstats")
        #expect(arc.evidence.map(\.text).contains("zfs is loaded (3.70 MiB)"))
        #expect(UnexplainedSuspects.rest(of: ledger) == .kibibytes(5_981_640) - ByteCount(bytes: 6_116_810_752))
        #expect(UnexplainedSuspects.rest(of: ledger) == .kibibytes(8_192))
    }

    @Test("Debian 11 with amdgpu: the GTT figure of mem_info_gtt_used; 33,792 kB stays unattributed")
    func amdgpu() throws {
        let (_, ledger) = try Self.ledger("debian11-5.10-x86_64")
        #expect(ledger.bucket("unexplained")?.bytes == .kibibytes(455_680))
        #expect(ledger.suspects.map(\.id) == ["gpu/card0"])
        #expect(ledger.suspects.first?.bytes == ByteCount(bytes: 432_013_312))
        #expect(
            ledger.suspects.first?.evidence.first
                == SuspectEvidence(file: "/sys/class/drm/card0/device/uevent", text: "DRIVER=amdgpu")
        )
        #expect(UnexplainedSuspects.rest(of: ledger) == .kibibytes(33_792))
    }

    @Test("The NVIDIA laptop: nvidia named with its modules and /proc/driver/nvidia; i915 is not a suspect")
    func nvidia() throws {
        let (_, ledger) = try Self.ledger("nvidia-gpu")
        #expect(ledger.bucket("unexplained")?.bytes == .kibibytes(636_928))
        #expect(ledger.suspects.map(\.id) == ["nvidia"])
        let suspect = try #require(ledger.suspects.first)
        #expect(suspect.bytes == nil)
        #expect(suspect.evidence.map(\.file).contains("/proc/driver/nvidia/version"))
        #expect(suspect.evidence.first { $0.file == "/proc/modules" }?.line == 1)
        #expect(suspect.confirm.hasPrefix("nvidia-smi"))
    }

    @Test("CentOS 9: the 2 GiB virtio balloon left MemTotal and is named in the reserved split, not boot")
    func virtioBalloon() throws {
        let (_, ledger) = try Self.ledger("centos9-5.14-x86_64")
        // balloon_inflate − balloon_deflate = 786,432 − 262,144 = 524,288 pages of 4 KiB.
        let balloon = try #require(ledger.reserved.first { $0.id == "balloon-returned" })
        #expect(balloon.bytes == .gibibytes(2))
        #expect(balloon.source.contains("virtio_balloon in /proc/modules line 1"))
        #expect(ledger.bucket("crash-kernel")?.bytes == .mebibytes(256))
        // 8 GiB − MemTotal 5,778,804 kB − balloon − crash kernel − percpu first chunk − firmware holes.
        let boot = try #require(ledger.reserved.first { $0.id == "kernel-boot" })
        #expect(boot.bytes == .kibibytes(8_388_608 - 5_778_804 - 2_097_152 - 262_144 - 832 - 536))
        #expect(ledger.bucket("unexplained")?.bytes == .kibibytes(3_072))
        #expect(ledger.suspects.isEmpty)
    }

    @Test("LXCFS: the contradictions are flagged, the container's ledger drawn, its kernel memory named")
    func lxcfs() throws {
        let (snapshot, ledger) = try Self.ledger("contradictory-lxcfs")
        let inconsistent = snapshot.problems.filter { $0.kind == .inconsistent }
        #expect(inconsistent.map(\.field) == ["MemTotal", "MemFree", "KReclaimable"])
        #expect(
            inconsistent.first?.message.contains("/proc/mounts line 11 shows lxcfs mounted on /proc/meminfo") == true
        )
        // No "28.4 GiB reserved at boot": installed RAM is the host's and left out, with a plain sentence.
        #expect(ledger.installed == nil)
        #expect(ledger.reserved.isEmpty)
        #expect(ledger.installedMissing?.contains("LXCFS") == true)
        #expect(ledger.notes.contains { $0.hasPrefix("This /proc/meminfo is not the kernel's: /proc/mounts line 11") })
        // The host's KReclaimable, stacks, page tables, vmalloc and percpu are not the container's.
        #expect(ledger.bucket("kernel-reclaimable") == nil)
        #expect(Set(ledger.unknown.map(\.id)).isSuperset(of: ["kernel-stacks", "page-tables", "vmalloc", "percpu"]))
        // MemTotal − MemFree − the LRU lists = memory.stat kernel (62,914,560) + sock (2,097,152) bytes.
        #expect(ledger.bucket("unexplained")?.bytes == ByteCount(bytes: 62_914_560 + 2_097_152))
        let container = try #require(ledger.suspects.first)
        #expect(container.id == "container")
        #expect(container.bytes == ByteCount(bytes: 62_914_560 + 2_097_152))
        #expect(
            container.evidence.first
                == SuspectEvidence(file: "/proc/mounts", line: 11, text: "lxcfs /proc/meminfo fuse.lxcfs")
        )
        #expect(UnexplainedSuspects.rest(of: ledger) == .zero)
        // Read without owners, the same suspect is named without a size.
        var bare = LinuxReader(root: Fixtures.linux("contradictory-lxcfs")).readSystem()
        SnapshotValidation.check(&bare)
        #expect(try Ledger.of(bare).suspects.map { $0.bytes == nil } == [true])
    }

    @Test("The suspects show under the unexplained line, and in the JSON")
    func views() throws {
        let (snapshot, ledger) = try Self.ledger("zfs-arc")
        let text = LedgerReport.render(snapshot, ledger, style: .plain)
        let lines = text.split(separator: "\n").map(String.init)
        let row = try #require(lines.firstIndex { $0.hasPrefix("  Unexplained") })
        // Right below the row and its source line (the source wraps below a narrow table).
        #expect(lines[(row + 1)...].prefix(2).contains { $0.contains("likely: 5.70 GiB ZFS ARC (the ZFS file cache)") })
        #expect(lines.contains { $0.contains("evidence: /proc/spl/kstat/zfs/arcstats line 37: size 6946848768") })
        #expect(lines.contains { $0.contains("rest, not attributed: 8.00 MiB") })
        var bytes: [UInt8] = []
        var json = JSONWriter(pretty: false) { bytes += $0 }
        LedgerJSON.write(snapshot, ledger, to: &json)
        json.finish()
        let out = String(decoding: bytes, as: UTF8.self)
        #expect(out.contains(#""suspects":[{"id":"zfs-arc""#))
        #expect(out.contains(#""bytes":6116810752"#))
        #expect(out.contains(#""unexplainedAfterSuspectsBytes":8388608"#))
    }
}
