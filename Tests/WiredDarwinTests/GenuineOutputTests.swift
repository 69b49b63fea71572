import Foundation
import Testing
import WiredCore
import WiredDarwin
import WiredTestSupport

/// The text of a genuine sample in `../shared/fixtures/macos`.
func genuine(_ name: String) throws -> String {
    let path = try #require(Fixtures.sharedMacOS(name), "\(Fixtures.shared.reason)")
    return try String(contentsOfFile: path, encoding: .utf8)
}

/// Every genuine macOS output in `../shared/fixtures/macos` decoded, its values checked against the file
/// by eye (the numbers below are copied from the samples, never from the decoder's output).
@Suite("Genuine macOS outputs", .enabled(if: Fixtures.shared.path != nil, "\(Fixtures.shared.reason)"))
struct GenuineOutputTests {
    @Test("vm_stat, macOS 14.4 M1 Pro, 16 KiB pages: all 22 rows")
    func vmStatM1Pro() throws {
        let decoded = VMStatDecoder.decode(try genuine("vm_stat-macos14.4-arm64-m1pro-32GB.txt"), path: "m1")
        #expect(decoded.problems.isEmpty)
        let vm = try #require(decoded.value)
        #expect(vm.pageSize == 16384)
        #expect(vm.era == .compressor)
        #expect(vm.free == 6472)
        #expect(vm.active == 730051)
        #expect(vm.inactive == 710941)
        #expect(vm.speculative == 18210)
        #expect(vm.throttled == 0)
        #expect(vm.wired == 165932)
        #expect(vm.purgeable == 19224)
        #expect(vm.faults == 2_500_287_752)
        #expect(vm.copyOnWrite == 62_978_099)
        #expect(vm.zeroFilled == 1_121_833_567)
        #expect(vm.reactivated == 11_023_181)
        #expect(vm.purged == 20_818_028)
        #expect(vm.fileBacked == 546992)
        #expect(vm.anonymous == 912210)
        #expect(vm.storedInCompressor == 1_414_412)
        #expect(vm.compressorPages == 424276)
        #expect(vm.decompressions == 4_833_976)
        #expect(vm.compressions == 8_360_458)
        #expect(vm.pageins == 21_634_062)
        #expect(vm.pageouts == 135974)
        #expect(vm.swapins == 385871)
        #expect(vm.swapouts == 437651)
    }

    @Test("vm_stat, two Intel Macs (2 GiB VM, 32 GiB busy), 4 KiB pages")
    func vmStatIntel() throws {
        let small = try #require(VMStatDecoder.decode(try genuine("vm_stat-macos-x86_64-2GB-vm.txt"), path: "a").value)
        #expect(small.pageSize == 4096)
        #expect(small.free == 24686)
        #expect(small.wired == 104517)
        #expect(small.anonymous == 138689)
        #expect(small.fileBacked == 251947)
        #expect(small.compressorPages == 4244)
        #expect(small.swapouts == 0)
        let big = try #require(
            VMStatDecoder.decode(try genuine("vm_stat-macos-x86_64-32GB-facter-fixture.txt"), path: "b").value
        )
        #expect(big.wired == 986842)
        #expect(big.faults == 2_444_018_907)
        #expect(big.swapins == 10_474_828)
        #expect(big.compressorPages == 737949)
    }

    @Test("vm_stat, OS X 10.7 era: speculative, no compressor, the Object cache line")
    func vmStatLion() throws {
        let decoded = VMStatDecoder.decode(
            try genuine("vm_stat-osx10.7-era-x86_64-16GB-precompressor.txt"),
            path: "lion"
        )
        #expect(decoded.problems.isEmpty)
        let vm = try #require(decoded.value)
        #expect(vm.era == .lion)
        #expect(vm.pageSize == 4096)
        #expect(vm.free == 2_155_305)
        #expect(vm.active == 924164)
        #expect(vm.inactive == 189127)
        #expect(vm.speculative == 531321)
        #expect(vm.wired == 391749)
        #expect(vm.faults == 14_107_520)
        #expect(vm.pageouts == 0)
        #expect(vm.anonymous == nil)
        #expect(vm.compressorPages == nil)
    }

    @Test("memory_pressure, Apple-silicon Mac mini: trailing spaces, 16384-byte pages, 67%")
    func memoryPressure() throws {
        let decoded = MemoryPressureDecoder.decode(
            try genuine("memory_pressure-macos-arm64-32GB-macmini-2026-05-26.txt"),
            path: "mp"
        )
        #expect(decoded.problems.isEmpty)
        let output = try #require(decoded.value)
        #expect(output.memsize == 34_359_738_368)
        #expect(output.vm.pageSize == 16384)
        #expect(output.vm.free == 4629)
        #expect(output.vm.purgeable == 18868)
        #expect(output.vm.purged == 2_252_458)
        #expect(output.vm.swapins == 0)
        #expect(output.vm.active == 690380)
        #expect(output.vm.inactive == 688784)
        #expect(output.vm.speculative == 890)
        #expect(output.vm.throttled == 0)
        #expect(output.vm.wired == 420751)
        #expect(output.vm.compressorPages == 257278)
        #expect(output.vm.decompressions == 7_174_110)
        #expect(output.vm.compressions == 16_509_911)
        #expect(output.vm.pageins == 53_548_369)
        #expect(output.vm.pageouts == 1_401_649)
        #expect(output.freePercentage == 67)
    }

    @Test("top -l 1, macOS 13+ header, process rows, and the row cut mid-line refused")
    func topModern() throws {
        let decoded = TopDecoder.decode(
            try genuine("top-l1-macos-arm64-32GB-macmini-2026-05-26-truncated.txt"),
            path: "top"
        )
        let output = try #require(decoded.value)
        #expect(output.samples == 1)
        #expect(output.sample.processes == 617)
        #expect(output.sample.running == 4)
        #expect(output.sample.sleeping == 613)
        #expect(output.sample.threads == 2794)
        #expect(output.sample.time == "2026/05/26 11:02:52")
        #expect(output.sample.used == 31 << 30)
        #expect(output.sample.wired == 6576 << 20)
        #expect(output.sample.compressor == 4020 << 20)
        #expect(output.sample.unused == 364 << 20)
        #expect(output.sample.swapins == 0)
        // Five rows were published; the fifth is cut after MSGRECV.
        #expect(output.processes.map(\.pid) == [99060, 98518, 95991, 95945])
        #expect(decoded.problems.count == 1)
        #expect(decoded.problems.first?.message.contains("pid 95939 is cut short") == true)
        let siri = try #require(output.processes.first { $0.pid == 95991 })
        #expect(siri.name == "sirittsd")
        #expect(siri.footprint == 34 << 20)
        #expect(siri.compressed == 33 << 20)
        #expect(siri.purgeable == 0)
        #expect(siri.threads == 2)
        #expect(siri.ports == 71)
        #expect(siri.uid == 501)
        #expect(siri.user == "3pigcn")
        let safari = try #require(output.processes.first { $0.pid == 98518 })
        #expect(safari.name == "com.apple.Safari")
        #expect(safari.footprint == 6625 << 10)
        #expect(output.processes.first { $0.pid == 95945 }?.user == "root")
    }

    @Test("top -l, 10.9–12 PhysMem format with trend marks")
    func topElCapitan() throws {
        let decoded = TopDecoder.decode(try genuine("top-l-osx10.11-era-x86_64-4GB-logging-sample.txt"), path: "top")
        #expect(decoded.problems.isEmpty)
        let output = try #require(decoded.value)
        #expect(output.sample.processes == 264)
        #expect(output.sample.stuck == 4)
        #expect(output.sample.threads == 1368)
        #expect(output.sample.used == 4077 << 20)
        #expect(output.sample.wired == 932 << 20)
        #expect(output.sample.compressor == nil)
        #expect(output.sample.unused == 17 << 20)
        #expect(output.sample.swapins == 77_702_579)
        #expect(output.sample.swapouts == 79_070_174)
        #expect(output.processes.map(\.name) == ["helpd", "mapspushd", "com.apple.Commer"])
        let helpd = try #require(output.processes.first)
        #expect(helpd.footprint == 316 << 10)
        #expect(helpd.compressed == 736 << 10)
        #expect(helpd.ports == 34)
        #expect(helpd.threads == 2)
        #expect(output.processes.last?.compressed == 2704 << 10)
    }

    @Test("sysctl: M1 Pro hw/kern, swapusage, four pressure readings (the last wins)")
    func sysctl() throws {
        let m1 = try #require(
            SysctlDecoder.decode(try genuine("sysctl-hw-machdep-kern-macos14.4.1-arm64-m1pro.txt"), path: "s").value
        )
        #expect(m1.values["hw.memsize"] == "34359738368")
        #expect(m1.values["hw.memsize_usable"] == "33689255936")
        #expect(m1.values["hw.pagesize"] == "16384")
        #expect(m1.values["kern.memorystatus_level"] == "71")
        #expect(m1.values["kern.hostname"] == "akasurde-mac")
        #expect(m1.values.count == 545)
        let boot = try #require(m1.values["kern.boottime"])
        #expect(SysctlDecoder.bootTime(boot) == 1_711_644_864)
        let four = try #require(
            SysctlDecoder.decode(try genuine("sysctl-pressure-osx10.10.2-four-snapshots.txt"), path: "p").value
        )
        #expect(four.values["vm.page_free_count"] == "805")
        #expect(four.values["kern.memorystatus_vm_pressure_level"] == "4")
        #expect(four.repeated["kern.memorystatus_vm_pressure_level"] == 4)
        let partial = try #require(
            SysctlDecoder.decode(try genuine("sysctl-vm-partial-macos-x86_64-ansible-fixture.txt"), path: "v").value
        )
        let swapText = try #require(partial.values["vm.swapusage"])
        let swap = try #require(SysctlDecoder.swapUsage(swapText))
        #expect(swap == SwapUsage(total: 2048 << 20, used: 1_066_926_080, free: 1_080_557_568, encrypted: true))
        #expect(partial.values["vm.global_user_wire_limit"] == "3006477107")
    }

    @Test("zprint: kalloc rows of an Intel Mac; a macOS 26 zone whose cur size prints 0K")
    func zprint() throws {
        let kalloc = try #require(
            ZprintDecoder.decode(try genuine("zprint-kalloc-rows-only-macos-x86_64-2020-used_sock.txt"), path: "z")
                .value
        )
        #expect(kalloc.zones.count == 25)
        let first = try #require(kalloc.zones.first)
        #expect(
            first
                == Zone(
                    name: "kalloc.16",
                    elementSize: 16,
                    currentSize: 17320 << 10,
                    maxSize: 19951 << 10,
                    currentElements: 1_108_480,
                    inUse: 1_060_838,
                    flags: "C"
                )
        )
        #expect(kalloc.zones.last?.name == "kalloc.8192")
        #expect(kalloc.zones.last?.bytes == 3744 << 10)
        #expect(kalloc.sites.isEmpty)
        #expect(kalloc.totalWired == nil)
        let single = try #require(
            ZprintDecoder.decode(try genuine("zprint-single-zone-macos26.5.2-data.kalloc.1024.txt"), path: "z").value
        )
        #expect(single.zones.count == 1)
        #expect(single.zones.first?.currentSize == 0)
        // cur size printed as 0K: the bytes come from cur inuse × elem size.
        #expect(single.zones.first?.bytes == Int64(3416 * 1024))
    }

    @Test("footprint: a complete report (33 categories) and the WebKit one with elided rows")
    func footprint() throws {
        let rube = try #require(
            FootprintDecoder.decode(try genuine("footprint-single-process-arm64-rube-bin-full.txt"), path: "f").value
        )
        #expect(rube.summary == nil)
        let process = try #require(rube.processes.first)
        #expect(rube.processes.count == 1)
        #expect(process.pid == 39604)
        #expect(process.name == "rube-bin")
        #expect(process.footprint == 13 << 20)
        #expect(process.footprintPeak == 13 << 20)
        let categories = try #require(process.categories)
        #expect(categories.count == 33)
        #expect(
            categories.first
                == FootprintCategory(
                    name: "MALLOC_NANO",
                    dirty: 2608 << 10,
                    clean: 0,
                    reclaimable: 48 << 10,
                    regions: 1
                )
        )
        #expect(categories.first { $0.name == "untagged (VM_ALLOCATE)" }?.regions == 27)
        #expect(categories.first { $0.name == "mapped file" }?.clean == 11 << 20)
        #expect(categories.first { $0.name == "IOAccelerator" }?.dirty == 64 << 10)
        let webkit = FootprintDecoder.decode(
            try genuine("footprint-single-process-arm64-webkit-doc-abridged.txt"),
            path: "w"
        )
        #expect(webkit.problems.isEmpty)
        let content = try #require(webkit.value?.processes.first)
        #expect(content.name == "com.apple.WebKit.WebContent")
        #expect(content.pid == 27416)
        #expect(content.footprint == 142 << 20)
        #expect(content.footprintPeak == 424 << 20)
        #expect(content.categories?.count == 4)
        #expect(content.categories?.first?.dirty == 108 << 20)
        #expect(content.categories?.first?.reclaimable == 23 << 20)
    }

    @Test("kextstat through kmutil showloaded: hex sizes, built-in pseudo-kexts at 0")
    func kextstat() throws {
        let decoded = KextstatDecoder.decode(
            try genuine("kextstat-via-kmutil-showloaded-macos11.4-x86_64-first10rows.txt"),
            path: "k"
        )
        #expect(decoded.problems.isEmpty)
        let kexts = try #require(decoded.value)
        #expect(kexts.count == 10)
        #expect(
            kexts[0] == KextRecord(index: 1, refs: 142, size: 0, wired: 0, name: "com.apple.kpi.bsd", version: "20.5.0")
        )
        #expect(
            kexts[8]
                == KextRecord(index: 9, refs: 2, size: 0xe000, wired: 0xe000, name: "com.apple.kec.Libm", version: "1")
        )
        #expect(kexts[9].wired == 0x92000)
        #expect(kexts[9].name == "com.apple.kec.corecrypto")
    }

    @Test("Every sample is recognised by content as what it is")
    func detection() throws {
        let expected: [String: OutputKind] = [
            "vm_stat-macos14.4-arm64-m1pro-32GB.txt": .vmStat,
            "vm_stat-macos-x86_64-2GB-vm.txt": .vmStat,
            "vm_stat-macos-x86_64-32GB-facter-fixture.txt": .vmStat,
            "vm_stat-osx10.7-era-x86_64-16GB-precompressor.txt": .vmStat,
            "memory_pressure-macos-arm64-32GB-macmini-2026-05-26.txt": .memoryPressure,
            "top-l1-macos-arm64-32GB-macmini-2026-05-26-truncated.txt": .top,
            "top-l-osx10.11-era-x86_64-4GB-logging-sample.txt": .top,
            "sysctl-hw-machdep-kern-macos14.4.1-arm64-m1pro.txt": .sysctl,
            "sysctl-pressure-osx10.10.2-four-snapshots.txt": .sysctl,
            "sysctl-vm-partial-macos-x86_64-ansible-fixture.txt": .sysctl,
            "zprint-kalloc-rows-only-macos-x86_64-2020-used_sock.txt": .zprint,
            "zprint-single-zone-macos26.5.2-data.kalloc.1024.txt": .zprint,
            "footprint-single-process-arm64-rube-bin-full.txt": .footprint,
            "footprint-single-process-arm64-webkit-doc-abridged.txt": .footprint,
            "kextstat-via-kmutil-showloaded-macos11.4-x86_64-first10rows.txt": .kextstat,
        ]
        let folder = Fixtures.parent(try #require(Fixtures.sharedMacOS("SOURCES.md")))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".txt") }
        #expect(Set(names) == Set(expected.keys), "a sample was added or removed: cover it here")
        for (name, kind) in expected {
            #expect(OutputKind.detect(try genuine(name)) == kind, "\(name)")
        }
        #expect(OutputKind.detect(try genuine("SOURCES.md")) == nil)
    }
}
