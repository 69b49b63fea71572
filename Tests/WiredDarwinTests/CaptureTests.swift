import Foundation
import Testing
import WiredCore
import WiredTestSupport

@testable import WiredDarwin

/// A folder holding copies of `files` (genuine samples by name, or hand-made fixtures by path), as they
/// would sit in a capture under the names given.
func captureFolder(_ files: [String: String]) throws -> TemporaryTree {
    let tree = try TemporaryTree()
    for (name, source) in files {
        let path = source.hasPrefix("/") ? source : try #require(Fixtures.sharedMacOS(source))
        try tree.write(name, Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }
    return tree
}

func read(_ path: String) throws -> Snapshot {
    try MacCapture.read(path, toolVersion: "test")
}

/// Runs a command (tar, gzip) for a test.
func shell(_ arguments: [String]) throws {
    let result = try Command.run(arguments)
    try #require(result.status == 0, "\(arguments): \(result.stderr)")
}

@Suite(
    "Captures and Activity Monitor's arithmetic",
    .enabled(if: Fixtures.shared.path != nil, "\(Fixtures.shared.reason)")
)
struct CaptureTests {
    /// The M1 Pro pair: vm_stat and sysctl from the same machine (ansible PR #83212).
    func m1() throws -> TemporaryTree {
        try captureFolder([
            "vm_stat.txt": "vm_stat-macos14.4-arm64-m1pro-32GB.txt",
            "sysctl.txt": "sysctl-hw-machdep-kern-macos14.4.1-arm64-m1pro.txt",
        ])
    }

    @Test("M1 Pro: Activity Monitor's categories by hand (16 KiB pages)")
    func m1ProArithmetic() throws {
        let tree = try m1()
        let snapshot = try read(tree.path)
        #expect(snapshot.problems.isEmpty)
        #expect(snapshot.meta.hostname == "akasurde-mac")
        #expect(snapshot.meta.kernel == "Darwin 23.4.0")
        #expect(snapshot.meta.arch == "arm64")
        #expect(snapshot.meta.pageSize == 16384)
        #expect(snapshot.meta.bootID == "kern.boottime 1711644864")
        let darwin = try #require(snapshot.darwin)
        let am = try #require(ActivityMonitorFigures.of(darwin))
        #expect(am.era == "modern")
        // App = (912,210 anonymous − 19,224 purgeable) × 16,384.
        #expect(am.figure("App Memory")?.bytes == ByteCount(bytes: 892_986 * 16384))
        #expect(am.figure("App Memory")?.bytes == ByteCount(bytes: 14_630_682_624))
        #expect(am.figure("Wired Memory")?.bytes == ByteCount(bytes: 165_932 * 16384))
        #expect(am.figure("Compressed")?.bytes == ByteCount(bytes: 424_276 * 16384))
        // Memory Used = 892,986 + 165,932 + 424,276 = 1,483,194 pages = 24,300,650,496 bytes (22.63 GiB).
        #expect(am.figure("Memory Used")?.bytes == ByteCount(bytes: 24_300_650_496))
        // Cached Files = (546,992 file-backed + 19,224 purgeable) × 16,384 = 8.64 GiB.
        #expect(am.figure("Cached Files")?.bytes == ByteCount(bytes: 9_276_882_944))
        #expect(am.figure("Physical Memory")?.bytes == ByteCount(bytes: 34_359_738_368))
        #expect(am.figure("Swap Used")?.bytes == nil)
        // kern.memorystatus_level printed 71; computed 1,465,674 × 100 ÷ 2,056,229 (33,689,255,936 / 16,384).
        #expect(am.freePercentage.printed == 71)
        let computed = try #require(am.freePercentage.computed)
        #expect(abs(computed - 71.280) < 0.001)
        // 32 GiB − 2,055,882 counted pages × 16,384.
        #expect(am.gap == ByteCount(bytes: 676_167_680))
        #expect(am.pressure.name == "unknown")

        let ledger = try Ledger.of(snapshot)
        #expect(ledger.memTotal == ByteCount(bytes: 33_689_255_936))
        #expect(ledger.reserved.first?.bytes == ByteCount(bytes: 670_482_432))
        #expect(ledger.buckets.map(\.bytes).sum() == ledger.memTotal)
        #expect(ledger.bucket("unexplained")?.bytes == ByteCount(bytes: 5_685_248))
        #expect(ledger.bucket("file-cache")?.bytes == ByteCount(bytes: 546_992 * 16384))
        #expect(ledger.translation.usedAsFree == ByteCount(bytes: 24_300_650_496))
        // top's used: (165,932 + 730,051 + 710,941 + 424,276) × 16,384.
        #expect(ledger.translation.usedAsHtop == ByteCount(bytes: 2_031_200 * 16384))
        #expect(ledger.notes.allSatisfy { !$0.contains("differ by") })
    }

    @Test("The same capture as a folder, a .tar.gz, a .tar and a gzip of one file decodes the same")
    func archives() throws {
        let tree = try m1()
        let folder = try read(tree.path)
        let work = try TemporaryTree()
        try shell(["/bin/tar", "-C", tree.path, "-czf", work.path + "/capture.tar.gz", "vm_stat.txt", "sysctl.txt"])
        try shell(["/bin/tar", "-C", tree.path, "-cf", work.path + "/capture.tar", "vm_stat.txt", "sysctl.txt"])
        for archive in ["capture.tar.gz", "capture.tar"] {
            let snapshot = try read(work.path + "/" + archive)
            #expect(snapshot.darwin?.vm == folder.darwin?.vm, "\(archive)")
            #expect(snapshot.darwin?.sysctl == folder.darwin?.sysctl, "\(archive)")
            #expect(snapshot.darwin?.files.map(\.kind).sorted() == ["sysctl", "vm_stat"])
        }
        try shell(["/bin/sh", "-c", "gzip -c '\(tree.path)/vm_stat.txt' > '\(work.path)/vm_stat.txt.gz'"])
        let single = try read(work.path + "/vm_stat.txt.gz")
        #expect(single.darwin?.vm == folder.darwin?.vm)
        // A .tar.gz cut in half: one error naming the file, no snapshot.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: work.path + "/capture.tar.gz"))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: work.path + "/cut.tar.gz"))
        #expect {
            try read(work.path + "/cut.tar.gz")
        } throws: { error in
            (error as? CaptureError)?.description
                == "\(work.path)/cut.tar.gz: damaged: the compressed data ends early (file cut short?)"
        }
    }

    @Test("OS X 10.7 era: Lion's Free, Wired, Active, Inactive, Used by hand")
    func lion() throws {
        let tree = try captureFolder([
            "vm_stat.txt": "vm_stat-osx10.7-era-x86_64-16GB-precompressor.txt",
            "sysctl.txt": Fixtures.darwin("sysctl-16GB-handmade.txt"),
        ])
        let snapshot = try read(tree.path)
        let facts = try #require(snapshot.darwin)
        let am = try #require(ActivityMonitorFigures.of(facts))
        #expect(am.era == "lion")
        // Free = (2,155,305 free + 531,321 speculative) × 4,096 = 10.25 GiB, as top of that era printed it.
        #expect(am.figure("Free")?.bytes == ByteCount(bytes: 11_004_420_096))
        #expect(am.figure("Wired")?.bytes == ByteCount(bytes: 391_749 * 4096))
        #expect(am.figure("Active")?.bytes == ByteCount(bytes: 924_164 * 4096))
        #expect(am.figure("Inactive")?.bytes == ByteCount(bytes: 189_127 * 4096))
        // Used = Wired + Active + Inactive = 1,505,040 pages = 5.74 GiB; Used + Free ≈ 16 GiB.
        #expect(am.figure("Used")?.bytes == ByteCount(bytes: 6_164_643_840))
        let ledger = try Ledger.of(snapshot)
        #expect(ledger.buckets.map(\.id) == ["free", "speculative", "active", "inactive", "wired", "unexplained"])
        // 16 GiB − 4,191,666 counted pages × 4,096.
        #expect(ledger.bucket("unexplained")?.bytes == ByteCount(bytes: 10_805_248))
        #expect(ledger.notes.contains { $0.contains("10.6-10.8 counters: no compressor") })
    }

    @Test("Mac mini: memory_pressure against top captured three seconds apart; the Apple-silicon gap")
    func macMini() throws {
        let tree = try captureFolder([
            "memory_pressure.txt": "memory_pressure-macos-arm64-32GB-macmini-2026-05-26.txt",
            "top.txt": "top-l1-macos-arm64-32GB-macmini-2026-05-26-truncated.txt",
        ])
        let snapshot = try read(tree.path)
        let darwin = try #require(snapshot.darwin)
        let vm = try #require(darwin.vm)
        let top = try #require(darwin.top)
        // 420,751 wired pages × 16,384 = 6,574.3 MiB; top printed 6576M.
        let wired = Double((vm.wired ?? 0) * vm.pageSize)
        #expect(abs(wired - Double(top.wired ?? 0)) / wired < 0.001)
        // 257,278 compressor pages × 16,384 = 4,020.0 MiB; top printed 4020M.
        let compressor = Double((vm.compressorPages ?? 0) * vm.pageSize)
        #expect(abs(compressor - Double(top.compressor ?? 0)) / compressor < 0.0001)
        #expect(darwin.freePercentage == 67)
        let am = try #require(ActivityMonitorFigures.of(darwin))
        #expect(am.figure("App Memory")?.bytes == nil)
        #expect(am.figure("App Memory")?.unknownReason?.contains("no Anonymous and File-backed") == true)
        // Computed with hw.memsize (usable unknown): 1,384,683 × 100 ÷ 2,097,152 = 66.03, printed 67.
        #expect(abs((am.freePercentage.computed ?? 0) - 66.027) < 0.001)
        let ledger = try Ledger.of(snapshot)
        // The gap shows as unexplained: 32 GiB − 2,062,712 counted pages × 16,384.
        #expect(ledger.bucket("unexplained")?.bytes == ByteCount(bytes: 564_264_960))
        #expect(ledger.bucket("unexplained")?.note?.contains("hw.memsize_usable is unknown") == true)
        #expect(darwin.processes?.count == 4)
        #expect(snapshot.problems.count == 1)  // the top row cut mid-line
    }

    @Test("Outputs from two machines: the page sizes disagree, memory_pressure is refused, vm_stat stands")
    func inconsistentPageSizes() throws {
        let tree = try captureFolder([
            "a-vm_stat.txt": "vm_stat-macos-x86_64-2GB-vm.txt",
            "b-memory_pressure.txt": "memory_pressure-macos-arm64-32GB-macmini-2026-05-26.txt",
        ])
        let snapshot = try read(tree.path)
        let problem = try #require(snapshot.problems.first)
        #expect(problem.source == "b-memory_pressure.txt")
        #expect(problem.kind == .inconsistent)
        #expect(problem.message.contains("page size 16384 differs from 4096 in a-vm_stat.txt"))
        #expect(snapshot.darwin?.vm?.pageSize == 4096)
        #expect(snapshot.darwin?.memsize == nil)
        #expect(snapshot.darwin?.freePercentage == nil)
        #expect(snapshot.darwin?.files.first { $0.path == "b-memory_pressure.txt" }?.kind == "ignored")
    }

    @Test("A vm_stat missing its wired row, or with a bad number: that figure is unknown, the rest decodes")
    func damagedVMStat() throws {
        let text = try genuine("vm_stat-macos14.4-arm64-m1pro-32GB.txt")
        let tree = try captureFolder(["sysctl.txt": "sysctl-hw-machdep-kern-macos14.4.1-arm64-m1pro.txt"])
        let damaged = text.split(separator: "\n").filter { !$0.hasPrefix("Pages wired down") }
            .map { $0.hasPrefix("Pages free:") ? "Pages free:                               64x2." : String($0) }
            .joined(separator: "\n")
        try tree.write("vm_stat.txt", damaged)
        let snapshot = try read(tree.path)
        let problems = snapshot.problems.filter { $0.source == "vm_stat.txt" }
        #expect(problems.count == 2)
        #expect(problems.contains { $0.field == "Pages wired down" && $0.kind == .missing })
        #expect(
            problems.contains { $0.field == "Pages free" && $0.kind == .malformed && $0.message.contains("\"64x2\"") }
        )
        let facts = try #require(snapshot.darwin)
        let am = try #require(ActivityMonitorFigures.of(facts))
        #expect(am.figure("Wired Memory")?.bytes == nil)
        #expect(am.figure("Memory Used")?.bytes == nil)
        #expect(am.figure("App Memory")?.bytes == ByteCount(bytes: 14_630_682_624))
        #expect(am.figure("Physical Memory")?.bytes == ByteCount(bytes: 34_359_738_368))
        let ledger = try Ledger.of(snapshot)
        #expect(Set(ledger.unknown.map(\.id)) == ["free", "wired"])
        #expect(ledger.buckets.map(\.bytes).sum() == ledger.memTotal)
    }

    @Test("Nothing to read: an empty folder, a folder of other files, an unknown single file")
    func nothing() throws {
        let empty = try TemporaryTree()
        #expect(throws: CaptureError.self) { try read(empty.path) }
        let other = try captureFolder(["SOURCES.md": "SOURCES.md"])
        #expect {
            try read(other.path)
        } throws: { error in
            (error as? CaptureError)?.message.hasPrefix("no macOS memory output found in 1 file") == true
        }
        #expect {
            try read(other.path + "/SOURCES.md")
        } throws: { error in
            (error as? CaptureError)?.message.hasPrefix("neither a wired snapshot nor a macOS memory output") == true
        }
        #expect {
            try read(other.path + "/absent")
        } throws: { error in
            (error as? CaptureError)?.description == "\(other.path)/absent: no such file or directory"
        }
    }
}

@Suite("Hand-made macOS fixtures")
struct HandmadeTests {
    @Test("A consistent capture: wired memory by site adds up, with 200 MiB no site claims")
    func owners() throws {
        let snapshot = try read(Fixtures.darwin("handmade-m2-before"))
        #expect(snapshot.problems.isEmpty, "\(snapshot.problems)")
        let darwin = try #require(snapshot.darwin)
        let zprint = try #require(darwin.zprint)
        #expect(zprint.sites.count == 8)
        #expect(zprint.attributed == 2_250_768_384)  // 2146.50M
        #expect(zprint.totalWired == 3_154_640_896)  // 3008.50M
        #expect(zprint.zonesWired == 677_888 << 10)
        #expect(zprint.counters["VM_KERN_COUNT_WIRED"] == 3_080_704 << 10)
        let gpu = try #require(zprint.sites.first { $0.name == "com.apple.iokit.IOGPUFamily" })
        #expect(
            gpu
                == WiredSite(
                    name: "com.apple.iokit.IOGPUFamily",
                    kmodID: 134,
                    tag: 45,
                    peak: 1_126_400 << 10,
                    current: 1 << 30
                )
        )
        #expect(zprint.sites.first { $0.name == "(unloaded kmod)" }?.current == 512 << 10)
        #expect(zprint.sites.first { $0.name == "VM_KERN_MEMORY_PTE" }?.kmodID == nil)

        let ledger = try Ledger.of(snapshot)
        let report = OwnerTree.build(snapshot, ledger: ledger)
        #expect(report.tree.isConsistent)
        let wired = try #require(report.tree.find("wired"))
        #expect(wired.bytes == ByteCount(bytes: 192_544 * 16384))
        #expect(wired.children.first?.id == "wired/com.apple.iokit.IOGPUFamily")
        #expect(report.tree.find("wired/rest")?.bytes == .mebibytes(200))
        #expect(report.tree.find("wired/zones")?.bytes == ByteCount(bytes: 677_888 << 10))
        // Activity Monitor, by hand: App = (751,200 − 20,000) × 16,384; memorystatus_level 76 printed.
        let am = try #require(ActivityMonitorFigures.of(darwin))
        #expect(am.figure("App Memory")?.bytes == ByteCount(bytes: 11_979_980_800))
        #expect(am.figure("Swap Used")?.bytes == ByteCount(bytes: 537_133_056))
        #expect(am.pressure.name == "normal")
        #expect(am.freePercentage.printed == 76)
        #expect(abs((am.freePercentage.computed ?? 0) - 76.045) < 0.001)
        #expect(ledger.bucket("unexplained")?.bytes == ByteCount(bytes: 12 * 16384))
        // footprint merged into top's rows: its exact bytes and full name win.
        let safari = try #require(darwin.processes?.first { $0.pid == 813 })
        #expect(safari.name == "Safari Web Content (Cached)")
        #expect(safari.footprint == 220_200_960)
        #expect(safari.footprintPeak == 262_144_000)
        #expect(safari.source == "top+footprint")
        #expect(darwin.footprintSummary == 838_860_800)
        #expect(darwin.kexts?.count == 3)
    }

    @Test("diff before → after names the GPU driver, the zone and WindowServer; diff(b, a) is its reverse")
    func diff() throws {
        let before = try read(Fixtures.darwin("handmade-m2-before"))
        let after = try read(Fixtures.darwin("handmade-m2-after"))
        let diff = SnapshotComparison.diff(before, after)
        func delta(_ key: String) -> ByteCount? { diff.changes.first { $0.key == key }?.delta }
        #expect(delta("site/com.apple.iokit.IOGPUFamily") == .gibibytes(2))
        #expect(delta("zone/data.kalloc.1024") == .mebibytes(512))
        #expect(delta("process/WindowServer") == .mebibytes(1248))
        // Wired pages grew by (2 GiB + 512 MiB) ÷ 16 KiB.
        #expect(delta("total/wired") == ByteCount(bytes: 2_684_354_560))
        #expect(delta("ledger/wired") == ByteCount(bytes: 2_684_354_560))
        #expect(delta("site/(unattributed)") == nil)  // the same 200 MiB in both
        #expect(diff.changes.first { $0.section == .owners }?.key == "site/com.apple.iokit.IOGPUFamily")
        #expect(diff.changes.first { $0.key == "process/WindowServer" }?.measure == "footprint")
        let reverse = SnapshotComparison.diff(after, before)
        #expect(Set(reverse.changes.map(\.reversed).map(\.key)) == Set(diff.changes.map(\.key)))
        #expect(reverse.changes.map(\.reversed).sorted { $0.key < $1.key } == diff.changes.sorted { $0.key < $1.key })
        #expect(SnapshotComparison.diff(before, before).changes.isEmpty)
    }

    @Test("Every bucket a macOS ledger can show has an explanation")
    func glossary() throws {
        var lion = DarwinFacts()
        lion.vm = VMStatistics(pageSize: 4096, era: .lion, source: "vm_stat")
        var pressureOnly = DarwinFacts()
        pressureOnly.vm = VMStatistics(pageSize: 16384, era: .compressor, source: "memory_pressure")
        pressureOnly.memsize = 1 << 30
        let modern = try read(Fixtures.darwin("handmade-m2-before"))
        for ledger in [try Ledger.of(modern), try DarwinLedger.build(lion), try DarwinLedger.build(pressureOnly)] {
            for bucket in ledger.buckets + ledger.reserved {
                #expect(Glossary.entry(for: bucket.id.rawValue) != nil, "no explanation for \(bucket.id)")
            }
        }
        #expect(Glossary.entry(for: "phys_footprint")?.term == "footprint")
    }

    @Test("vm_stat before 10.6, interval mode, and a 10.8-era top header")
    func olderFormats() throws {
        let old = try #require(
            VMStatDecoder.decode(
                try String(contentsOfFile: Fixtures.darwin("vm_stat-10.5-handmade.txt"), encoding: .utf8),
                path: "o"
            ).value
        )
        #expect(old.era == .beforeSnowLeopard)
        #expect(old.free == 40000)
        #expect(old.wired == 42144)
        #expect(old.faults == 9_876_543)
        var facts = DarwinFacts()
        facts.vm = old
        facts.memsize = 1 << 30  // 262,144 pages of 4 KiB: 40,000 + 120,000 + 60,000 + 42,144
        let am = try #require(ActivityMonitorFigures.of(facts))
        #expect(am.figure("Free")?.bytes == ByteCount(bytes: 40000 * 4096))
        #expect(am.figure("Used")?.bytes == ByteCount(bytes: (42144 + 120_000 + 60000) * 4096))
        #expect(am.gap == .zero)

        let interval = VMStatDecoder.decode(
            try String(contentsOfFile: Fixtures.darwin("vm_stat-interval-handmade.txt"), encoding: .utf8),
            path: "i"
        )
        #expect(interval.problems.isEmpty)
        let gauges = try #require(interval.value)
        #expect(gauges.source == "vm_stat (interval mode)")
        #expect(gauges.free == 5100)
        #expect(gauges.active == 1_000_000)  // "1000K", decimal K in this mode
        #expect(gauges.wired == 200_500)
        #expect(gauges.anonymous == 800_500)
        #expect(gauges.pageins == nil)  // per-interval counters are not totals since boot

        let top = try #require(
            TopDecoder.decode(
                try String(contentsOfFile: Fixtures.darwin("top-10.8-handmade.txt"), encoding: .utf8),
                path: "t"
            ).value
        )
        #expect(top.sample.wired == 1530 << 20)
        #expect(top.sample.active == 3610 << 20)
        #expect(top.sample.inactive == 740 << 20)
        #expect(top.sample.used == 5880 << 20)
        #expect(top.sample.unused == 10 << 30)
    }

    @Test("footprint of two processes with the de-duplicated summary; a cut top output still yields its header")
    func footprintAndCutTop() throws {
        let footprint = try #require(
            FootprintDecoder.decode(
                try String(contentsOfFile: Fixtures.darwin("handmade-m2-before/footprint.txt"), encoding: .utf8),
                path: "f"
            ).value
        )
        #expect(footprint.processes.map(\.pid) == [812, 813])
        #expect(footprint.processes.map(\.footprint) == [671_088_640, 220_200_960])
        #expect(footprint.summary == 838_860_800)
        let text = try String(contentsOfFile: Fixtures.darwin("handmade-m2-before/top.txt"), encoding: .utf8)
        let cut = String(text.prefix(text.count - 30))
        let decoded = TopDecoder.decode(cut, path: "top.txt")
        #expect(decoded.value?.processes.count == 3)
        #expect(decoded.value?.sample.wired != nil)
        #expect(decoded.problems.map(\.source) == ["top.txt"])
        #expect(decoded.problems.first?.message.contains("pid 1 is cut short") == true)
    }

    @Test("top -l 2: swap-ins and swap-outs since the first sample, over an interval it does not print")
    func topTwoSamples() throws {
        let one = try String(contentsOfFile: Fixtures.darwin("handmade-m2-before/top.txt"), encoding: .utf8)
        let second = one.replacingOccurrences(
            of: "0(0) swapins, 0(0) swapouts",
            with: "1200(300) swapins, 5000(900) swapouts"
        )
        let tree = try TemporaryTree()
        try tree.write("top.txt", one + second)
        try tree.write(
            "vm_stat.txt",
            try String(contentsOfFile: Fixtures.darwin("handmade-m2-before/vm_stat.txt"), encoding: .utf8)
        )
        let snapshot = try read(tree.path)
        let activity = try #require(snapshot.darwin?.activity)
        #expect(activity.swapins == 300)
        #expect(activity.swapouts == 900)
        #expect(activity.seconds == nil)
        #expect(snapshot.darwin?.top?.swapins == 1200)
        #expect(snapshot.darwin?.files.first?.note == "2 samples: the last is used")
        let report = PressureAnalysis.judge(snapshot, ledger: try Ledger.of(snapshot))
        #expect(report.notes.contains { $0.contains("interval of unknown length") })
    }

    @Test("tar: long names (pax and GNU), a file over the size limit skipped, the end found")
    func tar() throws {
        let work = try TemporaryTree()
        let long = String(repeating: "d", count: 120) + "/vm_stat with a long name.txt"
        try work.write("src/" + long, "x")
        try work.write("src/big.log", String(repeating: "y", count: 5000))
        for format in ["pax", "gnu"] {
            try shell([
                "/bin/tar", "--format=\(format)", "-C", work.path + "/src", "-cf", work.path + "/\(format).tar", ".",
            ])
            var seen: [String: Int] = [:]
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: work.path + "/\(format).tar")))
            var entries: [TarReader.Entry] = []
            var reader = TarReader(sizeLimit: 1000) { entries.append($0) }
            try bytes.withUnsafeBufferPointer { buffer in
                // Fed in uneven pieces, as a decompressor hands them over.
                var offset = 0
                while offset < buffer.count {
                    let end = min(buffer.count, offset + 777)
                    try reader.feed(UnsafeBufferPointer(rebasing: buffer[offset..<end]))
                    offset = end
                }
            }
            for entry in entries { seen[entry.path] = entry.contents.count }
            #expect(seen == ["./" + long: 1], "\(format)")
            #expect(reader.skipped == ["./big.log"], "\(format)")
            #expect(reader.endedCleanly)
        }
    }
}
