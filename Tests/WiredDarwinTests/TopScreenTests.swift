import Foundation
import Testing
import WiredCore
import WiredTestSupport

@testable import WiredDarwin

func handmade(_ name: String) throws -> String {
    try String(contentsOfFile: Fixtures.darwin(name), encoding: .utf8)
}

/// top as people capture it besides `top -l`: its PhysMem line alone, and interactive screens.
///
/// The screens were recorded with `script` or copied from a terminal; the numbers are those
/// Scripts/make-macos-fixtures.py writes.
@Suite("top's PhysMem line alone and interactive screens")
struct TopScreenTests {
    @Test("A file holding only top's PhysMem line: recognised, decoded, a coarse ledger, pressure unknown")
    func physMemOnly() throws {
        let text = try handmade("top-physmem-only-handmade.txt")
        #expect(OutputKind.detect(text) == .top)
        let decoded = TopDecoder.decode(text, path: "physmem.txt")
        #expect(decoded.problems.isEmpty)
        let sample = try #require(decoded.value?.sample)
        // "PhysMem: 31G used (3008M wired, 4688M compressor), 234M unused."
        #expect(sample.used == 31 << 30)
        #expect(sample.wired == 3008 << 20)
        #expect(sample.compressor == 4688 << 20)
        #expect(sample.unused == 234 << 20)
        #expect(decoded.value?.processes.isEmpty == true)

        let tree = try captureFolder(["physmem.txt": Fixtures.darwin("top-physmem-only-handmade.txt")])
        let snapshot = try read(tree.path)
        let ledger = try Ledger.of(snapshot)
        // No RAM size: the total is used + unused, and used − wired − compressor is active and inactive.
        #expect(ledger.memTotal == ByteCount(bytes: (31 << 30) + (234 << 20)))
        #expect(ledger.bucket("active")?.bytes == ByteCount(bytes: (31 << 30) - (3008 << 20) - (4688 << 20)))
        #expect(ledger.bucket("unexplained")?.bytes == .zero)
        let pressure = PressureAnalysis.judge(snapshot, ledger: ledger)
        #expect(pressure.verdict == .unknown)
        #expect(pressure.unknownBecause?.contains("kern.memorystatus_vm_pressure_level") == true)
        #expect(pressure.advice.hasPrefix("Pressure cannot be judged from this capture"))
    }

    @Test("Interactive top recorded with script: the last screen, after curses rewrote only what changed")
    func scriptRecording() throws {
        let text = try handmade("top-interactive-script-handmade.txt")
        #expect(OutputKind.detect(text) == .top)
        let decoded = TopDecoder.decode(text, path: "typescript")
        #expect(decoded.problems.isEmpty, "\(decoded.problems)")
        let output = try #require(decoded.value)
        // The second frame's rewrites: the time, PhysMem, the VM line, WindowServer's MEM.
        #expect(output.sample.time == "10:15:01")
        #expect(output.sample.processes == 512)
        #expect(output.sample.threads == 2345)
        #expect(output.sample.wired == 3010 << 20)
        #expect(output.sample.compressor == 4690 << 20)
        #expect(output.sample.unused == 230 << 20)
        #expect(output.sample.swapouts == 12)
        #expect(output.sample.swapoutsDelta == 12)
        #expect(output.processes.map(\.name) == ["WindowServer", "Safari", "launchd"])
        #expect(output.processes.first?.footprint == 801 << 20)
        let safari = try #require(output.processes.first { $0.pid == 812 })
        #expect(safari.footprint == 640 << 20)
        #expect(safari.ports == 900)  // the "#POR" column of a narrow interactive header
        #expect(safari.threads == 12)
        #expect(safari.purgeable == 12 << 20)
    }

    @Test("The same screen copied from a terminal: padded lines, \\r\\n, two items to a line, the time at the end")
    func copiedScreen() throws {
        let text = try handmade("top-interactive-copied-handmade.txt")
        #expect(OutputKind.detect(text) == .top)
        let decoded = TopDecoder.decode(text, path: "copied.txt")
        #expect(decoded.problems.isEmpty, "\(decoded.problems)")
        let output = try #require(decoded.value)
        #expect(output.sample.time == "10:15:00")
        #expect(output.sample.wired == 3008 << 20)
        #expect(output.sample.used == 31 << 30)
        #expect(output.sample.swapouts == 0)
        #expect(output.processes.count == 3)
        #expect(output.processes.first?.footprint == 800 << 20)
        // A top-only capture: processes and a coarse ledger, but no evidence of pressure.
        let tree = try captureFolder(["top.txt": Fixtures.darwin("top-interactive-copied-handmade.txt")])
        let snapshot = try read(tree.path)
        #expect(snapshot.darwin?.processes?.count == 3)
        let pressure = PressureAnalysis.judge(snapshot, ledger: try Ledger.of(snapshot))
        #expect(pressure.verdict == .unknown)
        #expect(pressure.reasons.allSatisfy { $0.level == .ok })
    }

    @Test("The screen player: cursor moves, erases, inserted and deleted lines, the alternate screen")
    func player() throws {
        let esc = "\u{1B}"
        // Overwrite, erase to the end of the line, move, delete a character, insert a line above row 2.
        let text =
            "\(esc)[?1049h\(esc)[H\(esc)[2JPhysMem: 1G used\(esc)[1;9H2\(esc)[K\(esc)[2;1Hsecond line"
            + "\(esc)[2;1H\(esc)[Lnew\(esc)[3;1H\(esc)[PS\(esc)[?1049lshell prompt"
        let screen = try #require(TerminalScreen.lastScreen(of: text, showing: "PhysMem:"))
        // Row 3 lost its first character ("econd line"), then "S" was written over the next.
        #expect(screen.text == "PhysMem:2\nnew\nScond line\n")
        #expect(screen.screens == 1)
        // Plain text is not played.
        #expect(TerminalScreen.lastScreen(of: "PhysMem: 1G used", showing: "PhysMem:") == nil)
    }
}

/// vm_stat's paging counters and the memory-tagging rows of recent Macs.
@Suite("vm_stat paging counters, interval mode and memory tagging")
struct PagingAndTaggingTests {
    @Test("MTE rows: decoded, inside the buckets (the ledger still adds up), Memory Used with and without them")
    func tagging() throws {
        let tree = try captureFolder([
            "vm_stat.txt": Fixtures.darwin("vm_stat-mte-handmade.txt"),
            "sysctl.txt": Fixtures.darwin("sysctl-48GB-mte-handmade.txt"),
        ])
        let snapshot = try read(tree.path)
        #expect(snapshot.problems.isEmpty, "\(snapshot.problems)")
        let vm = try #require(snapshot.darwin?.vm)
        let tagging = try #require(vm.tagging)
        #expect(tagging.tagStorage == 98_304)
        #expect(tagging.holdingTags == 15_209)
        #expect(tagging.free == 3_707)
        #expect(tagging.nonTagPageable == 79_380)
        #expect(tagging.nonTagWired == 8)
        #expect(tagging.compressedTagBytes == 1_935_104)
        #expect(tagging.taggedCompressions == 11_080_934)
        #expect(vm.swapouts == 77_484_917)

        let ledger = try Ledger.of(snapshot)
        #expect(ledger.buckets.map(\.bytes).sum() == ledger.memTotal)
        // 48 GB − (167,743 + 431,704 + 14,563 + 1,932,310 + 291,583 + 244,173) pages × 16 KiB.
        #expect(ledger.bucket("unexplained")?.bytes == ByteCount(bytes: 51_539_607_552 - 3_082_076 * 16384))
        #expect(ledger.bucket("wired")?.note?.contains("of tag storage holding memory tags") == true)
        #expect(ledger.notes.contains { $0.hasPrefix("Memory tagging (MTE): the 1.50 GiB tag-storage region") })

        let darwin = try #require(snapshot.darwin)
        let am = try #require(ActivityMonitorFigures.of(darwin))
        // App 1,932,310 + wired 291,583 + compressed 244,173 = 2,468,066 pages.
        #expect(am.figure("Memory Used")?.bytes == ByteCount(bytes: 2_468_066 * 16384))
        #expect(am.figure("Memory Used + tag storage")?.bytes == ByteCount(bytes: (2_468_066 + 98_304) * 16384))
        #expect(
            am.tagStorage.map(\.name) == [
                "Tag storage", "holding tags", "lent, pageable", "lent, wired", "free", "tagged pages",
            ]
        )
        #expect(am.tagStorage.first?.bytes == ByteCount(bytes: 1_610_612_736))
        #expect(am.tagStorage.first { $0.name == "holding tags" }?.bytes == ByteCount(bytes: 15_209 * 16384))
        // Paging since boot, pages × 16 KiB.
        #expect(am.paging.map(\.name) == ["Pageins", "Pageouts", "Swapins", "Swapouts"])
        #expect(am.paging.last?.bytes == ByteCount(bytes: 77_484_917 * 16384))
        #expect(am.paging.last?.formula == "77,484,917 compressed pages written to swap since boot")
    }

    @Test("Interval mode: the row after a repeated header holds totals; the last interval before it gives the events")
    func intervalRepeat() throws {
        let text = try handmade("vm_stat-interval-repeat-handmade.txt")
        let (decoded, activity) = VMStatDecoder.decodeWithActivity(text, path: "vm_stat.txt")
        #expect(decoded.problems.isEmpty, "\(decoded.problems)")
        #expect(decoded.value?.free == 5021)  // the gauges of the last row
        let events = try #require(activity)
        #expect(events.seconds == nil)
        #expect(events.source == "vm_stat interval mode (row 21, one interval)")
        #expect(events.pageins == 100)
        #expect(events.pageouts == 2)
        #expect(events.swapins == 32)
        #expect(events.swapouts == 64)
        #expect(events.compressions == 5)
        #expect(events.decompressions == 3)
        // The pressure view shows them, over an interval whose length vm_stat does not print.
        let tree = try captureFolder(["vm_stat.txt": Fixtures.darwin("vm_stat-interval-repeat-handmade.txt")])
        let snapshot = try read(tree.path)
        #expect(snapshot.darwin?.activity?.swapouts == 64)
        let pressure = PressureAnalysis.judge(snapshot, ledger: try Ledger.of(snapshot))
        #expect(pressure.activity?.pageins == 100)
        #expect(pressure.notes.contains { $0.contains("interval of unknown length: shown, not judged") })
        // Judged by the kernel's rule: available 1,515,021 of 1,815,021 pages.
        #expect(pressure.verdict == .ok)
        // A single row under its header is totals since boot, not an interval: no events.
        let once = try handmade("vm_stat-interval-handmade.txt").split(separator: "\n").prefix(3).joined(
            separator: "\n"
        )
        #expect(VMStatDecoder.decodeWithActivity(once, path: "once").activity == nil)
    }
}
