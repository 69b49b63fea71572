import Foundation
import Testing
import WiredCore
import WiredTestSupport

@testable import WiredDarwin

/// macOS outputs with absurd numbers: each decoder refuses them with a problem naming the file and field,
/// and a whole capture with them is read, validated and analysed without a trap.
@Suite("Absurd numbers in macOS outputs")
struct AbsurdOutputTests {
    static let big = "9223372036854775807"

    /// A hand-made capture file, with `edit` applied.
    func handmade(_ name: String, _ edit: (String) -> String) throws -> String {
        edit(try String(contentsOfFile: Fixtures.darwin("handmade-m2-after/\(name)"), encoding: .utf8))
    }

    func outOfRange(_ problems: [SourceProblem], _ path: String, _ field: String) -> Bool {
        problems.contains { $0.source == path && $0.field == field && $0.kind == .outOfRange }
    }

    @Test("vm_stat: a page count near 2^63 and one past 64 bits are refused; the other rows decode")
    func vmStat() throws {
        let text = try handmade("vm_stat.txt") { text in
            text.replacingOccurrences(of: "Pages free:", with: "Pages free: \(Self.big)0 x")
                .replacingOccurrences(
                    of: "Pages active:",
                    with: "Pages active:                             \(Self.big).\nPages unused:"
                )
        }
        let decoded = VMStatDecoder.decode(text, path: "vm_stat.txt")
        let vm = try #require(decoded.value)
        #expect(vm.active == nil)
        #expect(outOfRange(decoded.problems, "vm_stat.txt", "Pages active"))
        #expect(vm.wired != nil)
        let overflow = VMStatDecoder.decode(
            "Mach Virtual Memory Statistics: (page size of 16384 bytes)\nPages free: 99999999999999999999999.\n",
            path: "v"
        )
        #expect(outOfRange(overflow.problems, "v", "Pages free"))
        #expect(overflow.value?.free == nil)
    }

    @Test("memory_pressure: a RAM size past the byte bound is refused")
    func memoryPressure() {
        let decoded = MemoryPressureDecoder.decode(
            "The system has \(Self.big) (2097152 pages with a page size of 16384).\nPages free: 5\n",
            path: "mp.txt"
        )
        #expect(decoded.value == nil)
        #expect(outOfRange(decoded.problems, "mp.txt", "The system has"))
    }

    @Test("top: PhysMem and process sizes near 2^63 bytes, or with 300 digits, are refused")
    func top() throws {
        let text = try handmade("top.txt") { text in
            text.replacingOccurrences(of: "31G used", with: "\(Self.big)G used")
                .replacingOccurrences(of: "2048M  0B", with: "\(String(repeating: "9", count: 300))M  0B")
        }
        let decoded = TopDecoder.decode(text, path: "top.txt")
        let output = try #require(decoded.value)
        #expect(output.sample.used == nil)
        #expect(outOfRange(decoded.problems, "top.txt", "PhysMem"))
        #expect(outOfRange(decoded.problems, "top.txt", "MEM of pid 400"))
        #expect(output.processes.first { $0.pid == 400 }?.footprint == nil)
        #expect(output.processes.first { $0.pid == 812 }?.footprint == 640 << 20)
    }

    @Test("zprint: a zone's size, a site's size and the total line past the byte bound are refused")
    func zprint() throws {
        let text = try handmade("zprint.txt") { text in
            text.replacingOccurrences(of: "1048576K    4194304K", with: "\(Self.big)K    4194304K")
                .replacingOccurrences(of: "3145728K", with: "\(Self.big)K")
                .replacingOccurrences(of: "4194.50M of", with: "\(Self.big)M of")
        }
        let decoded = ZprintDecoder.decode(text, path: "zprint.txt")
        let report = try #require(decoded.value)
        #expect(outOfRange(decoded.problems, "zprint.txt", "data.kalloc.1024"))
        #expect(!report.zones.contains { $0.name == "data.kalloc.1024" })
        #expect(outOfRange(decoded.problems, "zprint.txt", "com.apple.iokit.IOGPUFamily"))
        #expect(outOfRange(decoded.problems, "zprint.txt", "total"))
        #expect(report.attributed == nil)
    }

    @Test("footprint: a phys_footprint near 2^63 bytes is refused")
    func footprint() throws {
        let text = try handmade("footprint.txt") { text in
            text.replacingOccurrences(of: "phys_footprint: 671088640 B", with: "phys_footprint: \(Self.big) KB")
        }
        let decoded = FootprintDecoder.decode(text, path: "footprint.txt")
        #expect(outOfRange(decoded.problems, "footprint.txt", "phys_footprint of pid 812"))
        #expect(decoded.value?.processes.first { $0.pid == 812 }?.footprint == 671_088_640)
    }

    @Test("A capture with absurd vm_stat, sysctl, top, zprint and footprint numbers: read and analysed, named")
    func wholeCapture() throws {
        let tree = try TemporaryTree()
        let edits: [String: (String) -> String] = [
            "vm_stat.txt": {
                $0.replacingOccurrences(of: "Pages wired down:", with: "Pages wired down: \(Self.big).\nX:")
            },
            "sysctl.txt": { $0 + "hw.memsize: \(Self.big)\nhw.memsize_usable: -5\n" },
            "top.txt": { $0.replacingOccurrences(of: "234M unused", with: "\(Self.big)T unused") },
            "zprint.txt": { $0.replacingOccurrences(of: "1202176K", with: "\(Self.big)K") },
            "footprint.txt": {
                $0.replacingOccurrences(of: "Summary Footprint: 838860800 B", with: "Summary Footprint: \(Self.big) GB")
            },
            "kextstat.txt": { $0 },
        ]
        for (name, edit) in edits { try tree.write(name, try handmade(name, edit)) }
        var snapshot = try MacCapture.read(tree.path, toolVersion: "test")
        SnapshotValidation.check(&snapshot)
        let problems = snapshot.problems
        #expect(problems.contains { $0.source.hasSuffix("vm_stat.txt") && $0.field == "Pages wired down" })
        #expect(problems.contains { $0.source.hasSuffix("sysctl.txt") && $0.field == "hw.memsize" })
        #expect(problems.contains { $0.source.hasSuffix("top.txt") && $0.field == "PhysMem" })
        #expect(problems.contains { $0.source.hasSuffix("zprint.txt") && $0.field == "zones" })
        #expect(problems.contains { $0.source.hasSuffix("footprint.txt") && $0.field == "Summary Footprint" })
        #expect(problems.allSatisfy { !$0.message.isEmpty })
        let facts = try #require(snapshot.darwin)
        #expect(facts.memsize == nil)
        #expect(facts.vm?.wired == nil)
        let ledger = try Ledger.of(snapshot)
        _ = PressureAnalysis.judge(snapshot, ledger: ledger)
        _ = OwnerTree.build(snapshot, ledger: ledger)
        _ = ActivityMonitorFigures.of(facts)
        _ = SnapshotComparison.diff(
            try MacCapture.read(Fixtures.darwin("handmade-m2-before"), toolVersion: "t"),
            snapshot
        )
        #expect(ledger.unknown.contains { $0.id == "wired" })
    }
}
