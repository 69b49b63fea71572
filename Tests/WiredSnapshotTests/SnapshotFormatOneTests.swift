import Testing
import WiredCore
import WiredSnapshot
import WiredTestSupport

/// Snapshot files written by the first release of the format, kept byte for byte: every later build must read
/// them, and writing what it read must give the same bytes each time.
@Suite("Format 1 snapshot files")
struct SnapshotFormatOneTests {
    /// The committed files (Tests/WiredSnapshotTests/Fixtures/README.md says how each was made).
    static let files = ["format-1-debian11.wired", "format-1-mac-m2.wired"]

    static func path(_ name: String) -> String {
        "\(Fixtures.packageRoot)/Tests/WiredSnapshotTests/Fixtures/\(name)"
    }

    @Test("The Linux file decodes to the facts of its tree")
    func linuxFile() throws {
        let snapshot = try SnapshotFile.read(Self.path("format-1-debian11.wired"))
        #expect(snapshot.meta.os == .linux)
        #expect(snapshot.meta.kernel == "5.10.0-26-amd64")
        #expect(snapshot.meta.bootID == "76043b7c-1782-22d7-a9e5-678005213dcb")
        #expect(snapshot.meta.takenAt.seconds == 1_699_000_000)
        // MemTotal: 16305840 kB in the tree's proc/meminfo, × 1024.
        #expect(snapshot.linux?.meminfo?["MemTotal"] == 16_697_180_160)
        // 117 pid folders in the tree's proc/, and five users of them in its etc/passwd.
        let scan = try #require(snapshot.processes)
        #expect(scan.processes.count == 117)
        #expect(
            scan.userNames == [0: "root", 101: "systemd-timesync", 104: "messagebus", 109: "polkitd", 1000: "alex"]
        )
        let systemd = try #require(scan.processes.first { $0.pid == 1 })
        #expect(systemd.name == "systemd")
        #expect(systemd.smaps?.pss == 8_171_520)
        #expect(snapshot.owners?.slabCaches?.count == 46)
    }

    @Test("The macOS file decodes to the facts of its capture")
    func macFile() throws {
        let snapshot = try SnapshotFile.read(Self.path("format-1-mac-m2.wired"))
        #expect(snapshot.meta.os == .macOS)
        #expect(snapshot.meta.pageSize == 16_384)
        let darwin = try #require(snapshot.darwin)
        // hw.memsize and hw.memsize_usable in the capture's sysctl.txt.
        #expect(darwin.memsize == 34_359_738_368)
        #expect(darwin.memsizeUsable == 33_688_649_728)
        #expect(darwin.sysctl["kern.hostname"] == "handmade-m2")
        #expect(darwin.sysctl.count == 11)
    }

    @Test(
        "Encoding is byte-stable: twice gives the same bytes, and decoding them gives the same facts",
        arguments: files
    )
    func stableBytes(name: String) throws {
        let snapshot = try SnapshotFile.read(Self.path(name))
        let first = try SnapshotFile.encode(snapshot)
        let second = try SnapshotFile.encode(snapshot)
        #expect(first == second)
        let again = try SnapshotFile.decode(first, path: name)
        #expect(again == snapshot)
        #expect(try SnapshotFile.encode(again) == first)
    }

    @Test("User names are written in uid order, whatever the dictionary's order")
    func userNamesSorted() throws {
        var names: [UInt32: String] = [:]
        for uid in (0..<200).reversed() { names[UInt32(uid * 7)] = "user\(uid)" }
        var snapshot = try SnapshotFile.read(Self.path("format-1-debian11.wired"))
        snapshot.processes?.userNames = names
        let text = String(decoding: try SnapshotFile.json(snapshot), as: UTF8.self)
        let expected = (0..<200).map { "\($0 * 7),\"user\($0)\"" }.joined(separator: ",")
        #expect(text.contains("\"userNames\":[\(expected)]"))
        #expect(try SnapshotFile.decode(SnapshotFile.encode(snapshot), path: "x").processes?.userNames == names)
    }

    @Test("The scan's encoder writes every stored property")
    func scanEncoderComplete() throws {
        // ProcessScan's encode(to:) lists its properties by hand; a property added later must be added there.
        var snapshot = try SnapshotFile.read(Self.path("format-1-debian11.wired"))
        // Every optional one set, so that each must appear.
        snapshot.processes?.bootTime = 1_698_851_138
        snapshot.processes?.hidepid = "invisible"
        snapshot.processes?.hidepidGroup = 27
        snapshot.processes?.unlisted = 3
        let scan = try #require(snapshot.processes)
        let properties = Set(Mirror(reflecting: scan).children.compactMap(\.label))
        let text = String(decoding: try SnapshotFile.json(snapshot), as: UTF8.self)
        for property in properties where property != "processes" {
            #expect(text.contains("\"\(property)\":"), "ProcessScan.\(property) is not encoded")
        }
    }
}
