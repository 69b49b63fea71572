import Foundation
import Testing
import WiredCore
import WiredLinux
import WiredTestSupport

/// One damaged input: a fixture tree with files rewritten, and the problem it must give.
struct Damage: Sendable, CustomTestStringConvertible {
    /// What is damaged.
    var name: String
    /// The fixture tree copied.
    var fixture: String
    /// Each file (relative to the tree) and how its text is rewritten.
    var edits: [(file: String, edit: @Sendable (String) -> String)]
    /// The end of the problem's source, and its field.
    var source: String
    var field: String?
    var kind: SourceProblem.Kind = .outOfRange

    var testDescription: String { name }

    /// Rewrites lines starting with `prefix` (after leading spaces) to `replacement` (spaces kept).
    static func line(_ file: String, _ prefix: String, _ replacement: String) -> (String, @Sendable (String) -> String)
    {
        (
            file,
            { text in
                text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    let body = line.drop { $0 == " " || $0 == "\t" }
                    guard body.hasPrefix(prefix) else { return String(line) }
                    return String(line.prefix(line.count - body.count)) + replacement
                }.joined(separator: "\n")
            }
        )
    }

    /// Replaces the whole file.
    static func file(_ file: String, _ text: String) -> (String, @Sendable (String) -> String) {
        (file, { _ in text })
    }

    /// Rewrites every `/proc/PID/NAME` of the tree with `edit`.
    static func processes(_ name: String, in fixture: String, _ edit: @escaping @Sendable (String) -> String) -> [(
        String, @Sendable (String) -> String
    )] {
        let proc = Fixtures.linux(fixture) + "/proc"
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: proc)) ?? []).filter {
            $0.allSatisfy(\.isNumber) && FileManager.default.fileExists(atPath: "\(proc)/\($0)/\(name)")
        }
        return pids.map { ("proc/\($0)/\(name)", edit) }
    }
}

/// Runs every analysis on a reading, as the views do: it must not trap.
func analyseEverything(_ snapshot: inout Snapshot) {
    SnapshotValidation.check(&snapshot)
    guard let ledger = try? Ledger.of(snapshot) else { return }
    _ = PressureAnalysis.judge(snapshot, ledger: ledger)
    _ = OwnerTree.build(snapshot, ledger: ledger)
    if let scan = snapshot.processes {
        _ = ProcessTable.summary(scan, arch: snapshot.meta.arch)
        for sort in ProcessSort.allCases { _ = ProcessTable.order(scan, by: sort, arch: snapshot.meta.arch) }
        for grouping in ProcessGrouping.allCases { _ = ProcessTable.groups(scan, by: grouping, arch: "x86_64") }
    }
    _ = SnapshotComparison.diff(snapshot, snapshot).significant(minimum: .zero)
}

/// A full reading of `tree` (system, processes, owners), analysed.
func readEverything(_ tree: TemporaryTree) -> Snapshot {
    let reader = LinuxReader(root: tree.path)
    var snapshot = reader.readSystem()
    let scan = reader.readProcesses(
        ProcessReadOptions(commandLines: .eager, cgroups: true, openFiles: true),
        keepingHandles: false
    )
    snapshot.processes = scan.scan
    snapshot.processes?.problems = scan.problems
    var (owners, problems) = reader.readOwners(openFiles: scan.openFiles, pageSize: snapshot.meta.pageSize)
    owners.problems = problems
    snapshot.owners = owners
    analyseEverything(&snapshot)
    return snapshot
}

/// Numbers near 2^53–2^64 (and negative ones) in every file the readers parse: each is refused with a
/// problem naming the file and field, and nothing traps (a trap would end this test process).
@Suite("Numbers out of range in captured trees")
struct OutOfRangeTests {
    static let big = "9223372036854775807"
    static let near53 = "9007199254740993"

    static let systemFiles: [Damage] = [
        Damage(
            name: "meminfo MemFree 2^53 kB",
            fixture: "vm-6.18-idle",
            edits: [Damage.line("proc/meminfo", "MemFree:", "MemFree: \(near53) kB")],
            source: "/proc/meminfo",
            field: "MemFree"
        ),
        Damage(
            name: "meminfo Shmem 8e15 kB (fits ×1024, overflowed the ledger's sums)",
            fixture: "vm-6.18-idle",
            edits: [Damage.line("proc/meminfo", "Shmem:", "Shmem: 8000000000000000 kB")],
            source: "/proc/meminfo",
            field: "Shmem"
        ),
        Damage(
            name: "meminfo HugePages_Total near 2^63 without sysfs pools",
            fixture: "vm-6.18-idle",
            edits: [Damage.line("proc/meminfo", "HugePages_Total:", "HugePages_Total: \(big)")],
            source: "/proc/meminfo",
            field: "HugePages_Total"
        ),
        Damage(
            name: "vmstat nr_memmap_boot_pages negative (a wrapped counter)",
            fixture: "vm-6.18-idle",
            edits: [Damage.line("proc/vmstat", "nr_memmap_boot_pages ", "nr_memmap_boot_pages -1")],
            source: "/proc/vmstat",
            field: "nr_memmap_boot_pages"
        ),
        Damage(
            name: "zoneinfo count: near 2^63 on every per-CPU list",
            fixture: "vm-6.18-idle",
            edits: [Damage.line("proc/zoneinfo", "count:", "count: 4611686018427387904")],
            source: "/proc/zoneinfo",
            field: "count"
        ),
        Damage(
            name: "zoneinfo present near 2^63",
            fixture: "old-kernel-edited",
            edits: [Damage.line("proc/zoneinfo", "present ", "present  \(big)")],
            source: "/proc/zoneinfo",
            field: "present"
        ),
        Damage(
            name: "swaps size near 2^63 kB",
            fixture: "vm-6.18-swapfile-zswap",
            edits: [
                Damage.file("proc/swaps", "Filename Type Size Used Priority\n/swapfile file \(big) 0 -2\n")
            ],
            source: "/proc/swaps",
            field: "/swapfile Size"
        ),
        Damage(
            name: "cpu/possible up to 2^63",
            fixture: "vm-6.18-idle",
            edits: [Damage.file("sys/devices/system/cpu/possible", "0-\(big)\n")],
            source: "/sys/devices/system/cpu/possible",
            field: "possible"
        ),
        Damage(
            name: "kernel log: 2^52 percpu pages per CPU",
            fixture: "vm-6.18-idle",
            edits: [Damage.line("dev/kmsg", "6,", "6,1,0,-;percpu: Embedded 4503599627370496 pages/cpu s1 r0 d1 u1")],
            source: "/dev/kmsg",
            field: "percpu"
        ),
        Damage(
            name: "memory block size 0x7fffffffffffffff",
            fixture: "vm-6.18-idle",
            edits: [Damage.file("sys/devices/system/memory/block_size_bytes", "7fffffffffffffff\n")],
            source: "/sys/devices/system/memory/block_size_bytes",
            field: "block_size_bytes"
        ),
        Damage(
            name: "firmware memmap range up to 2^63",
            fixture: "vm-6.18-idle",
            edits: [
                Damage.file("sys/firmware/memmap/99/start", "0x0\n"),
                Damage.file("sys/firmware/memmap/99/end", "0x7fffffffffffffff\n"),
                Damage.file("sys/firmware/memmap/99/type", "System RAM\n"),
            ],
            source: "/sys/firmware/memmap/99",
            field: "end"
        ),
        Damage(
            name: "nr_hugepages near 2^63",
            fixture: "vm-6.18-hugepages",
            edits: [Damage.file("sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages", big + "\n")],
            source: "/hugepages-2048kB/nr_hugepages",
            field: "nr_hugepages"
        ),
        Damage(
            name: "free_hugepages 2^52",
            fixture: "vm-6.18-hugepages",
            edits: [Damage.file("sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages", "4503599627370496\n")],
            source: "/hugepages-2048kB/free_hugepages",
            field: "free_hugepages"
        ),
        Damage(
            name: "a hugepage directory named for 2^63 kB pages",
            fixture: "vm-6.18-hugepages",
            edits: [
                Damage.file("sys/kernel/mm/hugepages/hugepages-\(big)kB/nr_hugepages", "4\n"),
                Damage.file("sys/kernel/mm/hugepages/hugepages-\(big)kB/free_hugepages", "1\n"),
            ],
            source: "/sys/kernel/mm/hugepages/hugepages-\(big)kB",
            field: "page size"
        ),
        Damage(
            name: "capture record page_size near 2^63",
            fixture: "vm-6.18-idle",
            edits: [("wired-capture.txt", { $0.replacingOccurrences(of: "page_size=4096", with: "page_size=\(big)") })],
            source: "/wired-capture.txt",
            field: "page_size"
        ),
        Damage(
            name: "capture record captured_at at −2^63",
            fixture: "vm-6.18-idle",
            edits: [("wired-capture.txt", { $0 + "captured_at=-9223372036854775808\n" })],
            source: "/wired-capture.txt",
            field: "captured_at"
        ),
        Damage(
            name: "capture record earlier_seconds 1e-300",
            fixture: "vm-6.18-pressure-swapping",
            edits: [("wired-capture.txt", { $0 + "earlier_seconds=1e-300\n" })],
            source: "/wired-capture.txt",
            field: "earlier_seconds"
        ),
        Damage(
            name: "PSI avg10 with 400 digits",
            fixture: "vm-6.18-pressure-swapping",
            edits: [
                Damage.file(
                    "proc/pressure/memory",
                    "some avg10=\(String(repeating: "9", count: 400)).0 avg60=0 avg300=0 total=1\n"
                        + "full avg10=0 avg60=0 avg300=0 total=1\n"
                )
            ],
            source: "/proc/pressure/memory",
            field: "some avg10"
        ),
        Damage(
            name: "PSI total near 2^63",
            fixture: "vm-6.18-pressure-swapping",
            edits: [
                Damage.file(
                    "proc/pressure/memory",
                    "some avg10=0.00 avg60=0.00 avg300=0.00 total=\(big)\nfull avg10=0 avg60=0 avg300=0 total=1\n"
                )
            ],
            source: "/proc/pressure/memory",
            field: "some total"
        ),
        Damage(
            name: "zram mm_stat near 2^63",
            fixture: "vm-6.18-zram-swap",
            edits: [Damage.file("sys/block/zram0/mm_stat", "\(big) 1 \(big) 0 0 0 0 0 0\n")],
            source: "/sys/block/zram0/mm_stat",
            field: "mm_stat"
        ),
    ]

    @Test("System files: refused with a problem naming the file and field", arguments: systemFiles)
    func systemFile(damage: Damage) throws {
        try expectProblem(damage)
    }

    /// Rewrites a value on every line of a `/proc/PID` file whose key is `key`.
    static func perProcess(_ file: String, _ key: String, _ value: String) -> [(String, @Sendable (String) -> String)] {
        let (_, edit) = Damage.line(file, key + ":", "\(key):\t\(value) kB")
        return Damage.processes(file, in: "vm-6.18-processes", edit)
    }

    /// Field `index` (after the command name) of every `/proc/PID/stat`, set to `value`.
    static func statField(_ index: Int, _ value: String) -> [(String, @Sendable (String) -> String)] {
        Damage.processes("stat", in: "vm-6.18-processes") { text in
            guard let close = text.lastIndex(of: ")") else { return text }
            var fields = text[text.index(after: close)...].split(separator: " ").map(String.init)
            guard fields.count > index else { return text }
            fields[index] = value
            return String(text[...close]) + " " + fields.joined(separator: " ")
        }
    }

    /// The columns of every data line of a whitespace table (`/proc/slabinfo`, `/proc/sysvipc/shm`).
    static func column(_ file: String, _ index: Int, _ value: String, header: String) -> (
        String, @Sendable (String) -> String
    ) {
        (
            file,
            { text in
                text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                    guard words.count > index, !line.hasPrefix(header), !line.hasPrefix("#") else {
                        return String(line)
                    }
                    words[index] = value
                    return words.joined(separator: " ")
                }.joined(separator: "\n")
            }
        )
    }

    static let processAndOwnerFiles: [Damage] = [
        Damage(
            name: "smaps_rollup Private_Dirty 2^53 kB",
            fixture: "vm-6.18-processes",
            edits: perProcess("smaps_rollup", "Private_Dirty", near53),
            source: "/smaps_rollup",
            field: "Private_Dirty"
        ),
        Damage(
            name: "smaps_rollup Pss above Rss",
            fixture: "vm-6.18-processes",
            edits: perProcess("smaps_rollup", "Pss", "99999999"),
            source: "/smaps_rollup",
            field: "Pss",
            kind: .inconsistent
        ),
        Damage(
            name: "status VmRSS 2^53 kB",
            fixture: "vm-6.18-processes",
            edits: perProcess("status", "VmRSS", near53),
            source: "/status",
            field: "VmRSS"
        ),
        Damage(
            name: "stat num_threads 2^31",
            fixture: "vm-6.18-processes",
            edits: statField(17, "2147483648"),
            source: "/stat",
            field: "num_threads"
        ),
        Damage(
            name: "stat starttime −2^63",
            fixture: "vm-6.18-processes",
            edits: statField(19, "-9223372036854775808"),
            source: "/stat",
            field: "starttime"
        ),
        Damage(
            name: "stat btime near 2^63",
            fixture: "vm-6.18-processes",
            edits: [Damage.line("proc/stat", "btime ", "btime \(big)")],
            source: "/proc/stat",
            field: "btime"
        ),
        Damage(
            name: "slabinfo num_slabs near 2^63",
            fixture: "vm-6.18-owners",
            edits: [column("proc/slabinfo", 14, big, header: "slabinfo")],
            source: "/proc/slabinfo",
            field: "zs_handle-zswap1"
        ),
        Damage(
            name: "vmallocinfo pages near 2^63",
            fixture: "vm-6.18-owners",
            edits: [
                (
                    "proc/vmallocinfo",
                    {
                        $0.replacingOccurrences(
                            of: "pages=[0-9]+",
                            with: "pages=\(OutOfRangeTests.big)",
                            options: .regularExpression
                        )
                    }
                )
            ],
            source: "/proc/vmallocinfo",
            field: nil
        ),
        Damage(
            name: "SysV shm rss near 2^63",
            fixture: "vm-6.18-owners",
            edits: [column("proc/sysvipc/shm", 14, big, header: "       key")],
            source: "/proc/sysvipc/shm",
            field: nil
        ),
        Damage(
            name: "statfs use near 2^63",
            fixture: "vm-6.18-owners",
            edits: [Damage.file("wired-statfs.txt", "/dev/shm\t\(big)\t\(big)\n")],
            source: "/wired-statfs.txt",
            field: "/dev/shm"
        ),
        Damage(
            name: "cgroup v2 memory.stat anon near 2^63",
            fixture: "synthetic-owners-v2",
            edits: [Damage.line("sys/fs/cgroup/memory.stat", "anon ", "anon \(big)")],
            source: "/sys/fs/cgroup/memory.stat",
            field: "anon"
        ),
        Damage(
            name: "cgroup v1 memory.kmem.usage_in_bytes near 2^63",
            fixture: "vm-6.18-owners",
            edits: [Damage.file("sys/fs/cgroup/memory/memory.kmem.usage_in_bytes", big + "\n")],
            source: "/memory.kmem.usage_in_bytes",
            field: "memory.kmem.usage_in_bytes"
        ),
    ]

    @Test("Process and owner files: refused with a problem naming the file and field", arguments: processAndOwnerFiles)
    func processOrOwnerFile(damage: Damage) throws {
        try expectProblem(damage)
    }

    @Test("A DMI table of 5,000 memory devices of 2 PiB each: the sum is refused, not wrapped")
    func dmiDevices() throws {
        var table: [UInt8] = []
        for index in 0..<5000 {
            var device = [UInt8](repeating: 0, count: 0x28)
            device[0] = 17
            device[1] = 0x28
            device[2] = UInt8(index & 0xFF)
            device[0x0C] = 0xFF
            device[0x0D] = 0x7F  // 0x7FFF: see the extended size
            for offset in 0x1C..<0x20 { device[offset] = offset == 0x1F ? 0x7F : 0xFF }
            table += device + [0, 0]
        }
        table += [127, 4, 0, 0, 0, 0]
        let parsed = table.withUnsafeBufferPointer { DMIParser.memoryDevices($0, path: "DMI") }
        #expect(parsed.value == nil)
        #expect(parsed.problems.map(\.field) == ["Memory Device sizes"])
        #expect(parsed.problems.first?.kind == .outOfRange)
        let tree = try TemporaryTree(copying: "vm-6.18-idle")
        try tree.write("sys/firmware/dmi/tables/DMI", table)
        let snapshot = readEverything(tree)
        #expect(snapshot.linux?.installed.dmiBytes == nil)
        #expect(snapshot.problems.contains { $0.source.hasSuffix("/DMI") && $0.field == "Memory Device sizes" })
        // Installed RAM falls back to the memory blocks, as when the table is absent.
        #expect(try Ledger.of(snapshot).installed?.method == .memoryBlocks)
    }

    /// Applies `damage` to a copy of its fixture, reads and analyses everything, and finds its problem.
    func expectProblem(_ damage: Damage) throws {
        let tree = try TemporaryTree(copying: damage.fixture)
        for (file, edit) in damage.edits {
            let old = (try? tree.read(file)) ?? ""
            try tree.write(file, edit(old))
        }
        let snapshot = readEverything(tree)
        let problems = snapshot.problems(processes: true, owners: true)
        // A nil field stands for "the record's name", which differs from line to line.
        let found = problems.first {
            $0.source.hasSuffix(damage.source) && (damage.field == nil ? $0.field != nil : $0.field == damage.field)
                && $0.kind == damage.kind
        }
        #expect(found != nil, "\(damage.name): got \(problems.map(\.description))")
        // The figure is never shown as a number of 2^62 bytes or more, nor a negative size.
        if let ledger = try? Ledger.of(snapshot) {
            for bucket in ledger.buckets + ledger.reserved where !bucket.isUntrusted {
                #expect(bucket.bytes.bytes < 1 << 56, "\(damage.name): \(bucket.id) \(bucket.bytes)")
                if bucket.memoryClass != .unexplained && bucket.id != "kernel-boot" {
                    #expect(bucket.bytes.bytes >= 0, "\(damage.name): \(bucket.id) \(bucket.bytes)")
                }
            }
        }
    }
}
