import Testing
import WiredCompression
import WiredCore
import WiredTestSupport

@testable import WiredLinux

#if canImport(Glibc)
import Glibc
#endif

@Suite("Parsers of system files")
struct ParserTests {
    /// Builds an SMBIOS type 17 structure with the given size word (and extended size when needed).
    func memoryDevice(size: UInt16, extendedMiB: UInt32 = 0, handle: UInt16) -> [UInt8] {
        var formatted = [UInt8](repeating: 0, count: 0x28)
        formatted[0] = 17
        formatted[1] = 0x28
        formatted[2] = UInt8(handle & 0xFF)
        formatted[3] = UInt8(handle >> 8)
        formatted[0x0C] = UInt8(size & 0xFF)
        formatted[0x0D] = UInt8(size >> 8)
        for i in 0..<4 { formatted[0x1C + i] = UInt8((extendedMiB >> (8 * UInt32(i))) & 0xFF) }
        return formatted + Array("DIMM \(handle)".utf8) + [0, 0]
    }

    @Test("DMI: MiB, KiB and extended sizes are summed; empty and unknown slots are skipped")
    func dmi() {
        var table: [UInt8] = [0, 0x18] + [UInt8](repeating: 0, count: 0x16) + Array("BIOS".utf8) + [0, 0]  // type 0
        table += memoryDevice(size: 16_384, handle: 1)  // 16 GiB in MiB units
        table += memoryDevice(size: 0x8000 | 512, handle: 2)  // 512 KiB (bit 15: KiB units)
        table += memoryDevice(size: 0x7FFF, extendedMiB: 65_536, handle: 3)  // 64 GiB in Extended Size
        table += memoryDevice(size: 0, handle: 4)  // empty slot
        table += memoryDevice(size: 0xFFFF, handle: 5)  // unknown size
        table += [127, 4, 0, 0, 0, 0]  // end of table
        let parsed = table.withUnsafeBufferPointer { DMIParser.memoryDevices($0, path: "DMI") }
        #expect(parsed.problems.isEmpty)
        #expect(parsed.value?.devices == 3)
        #expect(parsed.value?.bytes == (16 << 30) + (512 << 10) + (64 << 30))
    }

    @Test("DMI: a structure that runs past the end is reported, not read")
    func dmiTruncated() {
        let table = Array(memoryDevice(size: 8192, handle: 1).prefix(20))
        let parsed = table.withUnsafeBufferPointer { DMIParser.memoryDevices($0, path: "/sys/firmware/dmi/tables/DMI") }
        #expect(parsed.value == nil)
        #expect(parsed.problems.first?.message.contains("runs past the end") == true)
    }

    @Test("Kernel log: the percpu line in /dev/kmsg and dmesg forms")
    func kernelLog() {
        let records = [
            ("6,71,109409,-;percpu: Embedded 53 pages/cpu s185496 r0 d31592 u1048576", Int64(53)),
            ("6,70,109300,-;pcpu-alloc: s185496 r0 d31592 u1048576 alloc=1*2097152", nil),
            ("percpu: Embedded 30 pages/cpu @(____ptrval____) s83160 r8192 d31528 u122880", 30),
            ("6,2,0,-;Linux version 6.18", nil),
        ]
        for (record, expected) in records {
            let pages = withBytes(of: record) { KernelLogParser.percpuPagesPerCPU(inRecord: $0[...]) }
            #expect(pages == expected, "\(record)")
        }
    }

    @Test(
        "CPU lists: ranges and singles",
        arguments: [("0-1\n", 2), ("0\n", 1), ("0-3,8-11\n", 8), ("0,2,4-5", 4), ("x", nil), ("3-1", nil)]
    )
    func cpuList(text: String, count: Int?) {
        #expect(withBytes(of: text) { CPUListParser.count($0) } == count)
    }

    @Test("swaps: sizes in KiB become bytes; escaped spaces in names are restored")
    func swaps() {
        let text = """
            Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority
            /var/tmp/my\\040swap                  file\t\t1048572\t\t264280\t\t-2
            /dev/zram0                              partition\t1048572\t\t0\t\t100
            garbage

            """
        let parsed = withBytes(of: text) { SwapsParser.parse($0, path: "/proc/swaps") }
        #expect(parsed.value.map(\.name) == ["/var/tmp/my swap", "/dev/zram0"])
        #expect(parsed.value.first?.usedBytes == Int64(264_280 * 1024))
        #expect(parsed.value.last?.priority == 100)
        #expect(parsed.problems.count == 1)
    }

    @Test("PSI: some and full lines")
    func pressure() {
        let text =
            "some avg10=1.50 avg60=0.25 avg300=0.00 total=123456\nfull avg10=0.00 avg60=0.10 avg300=0.00 total=789\n"
        let parsed = withBytes(of: text) { PressureParser.parse($0, path: "/proc/pressure/memory") }
        #expect(parsed.value?.some.avg10 == 1.5)
        #expect(parsed.value?.some.totalMicroseconds == 123_456)
        #expect(parsed.value?.full?.avg60 == 0.1)
        let cpuStyle = withBytes(of: "some avg10=0.00 avg60=0.00 avg300=0.00 total=5\n") {
            PressureParser.parse($0, path: "p")
        }
        #expect(cpuStyle.value?.full == nil)
    }

    @Test("Kernel config: found across chunk boundaries, absent means off")
    func kernelConfig() throws {
        let config = Array(
            ("# comment\n" + String(repeating: "CONFIG_X=y\n", count: 5000) + "CONFIG_VMAP_STACK=y\nCONFIG_Y=m\n").utf8
        )
        let compressed = try Gzip.compress(config)
        var scanner = KernelConfigScanner(option: "CONFIG_VMAP_STACK")
        try Gzip.decompress(compressed, chunkSize: 1000, limit: 1 << 20) { scanner.feed($0) }
        #expect(scanner.found == true)
        var absent = KernelConfigScanner(option: "CONFIG_NOPE")
        try Gzip.decompress(compressed, chunkSize: 777, limit: 1 << 20) { absent.feed($0) }
        #expect(absent.found == nil)
        let notSet = withBytes(of: "# CONFIG_VMAP_STACK is not set\n") {
            KernelConfigParser.isEnabled("CONFIG_VMAP_STACK", in: $0)
        }
        #expect(notSet == false)
    }

    @Test("gzip: round trip, and cut or corrupt data is an error")
    func gzip() throws {
        let data = Array(String(repeating: "wired memory ", count: 10_000).utf8)
        let compressed = try Gzip.compress(data)
        #expect(compressed.count < data.count / 10)
        #expect(try Gzip.decompress(compressed, limit: 1 << 20) == data)
        #expect(throws: Gzip.Failure.self) {
            try Gzip.decompress(Array(compressed.prefix(compressed.count / 2)), limit: 1 << 20)
        }
        var corrupt = compressed
        corrupt[corrupt.count / 2] ^= 0xFF
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(corrupt, limit: 1 << 20) }
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(compressed, limit: 1000) }
        // Two members decompress to their concatenation (as gunzip does); anything else after a member
        // is an error rather than ignored, and a second member cut short is caught too.
        let second = try Gzip.compress(Array("and more".utf8))
        #expect(try Gzip.decompress(compressed + second, limit: 1 << 20) == data + Array("and more".utf8))
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(compressed + [0x00, 0x01, 0x02], limit: 1 << 20) }
        #expect(throws: Gzip.Failure.self) {
            try Gzip.decompress(compressed + second.prefix(second.count - 3), limit: 1 << 20)
        }
    }

    @Test("Directory listing by getdents64: every name of a folder bigger than the buffer, once")
    func directoryLister() throws {
        let tree = try TemporaryTree()
        // 300 names of ~100 bytes: about 36 KiB of records, four refills of the 8 KiB buffer.
        let names = Set((0..<300).map { "entry-\($0)-" + String(repeating: "x", count: 90) })
        for name in names { try tree.write(name, []) }
        let lister = DirectoryLister()
        lister.start(open(tree.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC))
        var seen: [String] = []
        while let name = lister.next() { seen.append(String(cString: name)) }
        #expect(seen.count == 300)
        #expect(Set(seen) == names)
        // A descriptor that is not a directory lists nothing.
        lister.start(open(tree.path + "/" + (names.first ?? ""), O_RDONLY | O_CLOEXEC))
        #expect(lister.next() == nil)
    }

    @Test("Numbers: overflow and junk are told apart")
    func numbers() {
        #expect(withBytes(of: "9223372036854775807") { $0[...].decimal } == .value(Int64.max))
        #expect(withBytes(of: "18446744073709551615") { $0[...].decimal } == .overflow)
        #expect(withBytes(of: "12a") { $0[...].decimal } == .invalid)
        #expect(withBytes(of: "-5") { $0[...].decimal } == .value(-5))
        #expect(withBytes(of: "0x8000000") { $0[...].hexadecimal } == .value(0x800_0000))
        #expect(withBytes(of: "ffffffffffffffff") { $0[...].hexadecimal } == .overflow)
    }
}
