import WiredCompression
public import WiredCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A macOS capture: a folder, a `.tar`/`.tar.gz` archive (a sysdiagnose is one) or a single file holding any of
/// vm_stat, memory_pressure, top, sysctl, zprint, footprint and kextstat outputs under any names.
///
/// Each file is recognised by its content (``OutputKind``) and decoded; the result is a ``Snapshot`` the views read
/// like any other.
public enum MacCapture {
    /// Largest file looked at inside a capture (sysdiagnose logs are far larger and never memory outputs).
    public static let fileLimit = 32 << 20

    /// Reads the capture at `path`.
    ///
    /// Throws when it cannot be opened or holds no macOS output at all; files that decode only partly, or not at
    /// all, are named in the snapshot's problems.
    public static func read(_ path: String, toolVersion: String) throws -> Snapshot {
        var assembler = CaptureAssembler()
        var filesRead = 0
        switch CaptureFiles.kind(path) {
        case .missing(let reason):
            throw CaptureError(path: path, message: reason.lowercased())
        case .other(let kind):
            throw CaptureError(
                path: path,
                message: "\(kind): not read (a capture is a folder, a .tar or .tar.gz archive, or an output file)"
            )
        case .directory:
            for relative in CaptureFiles.walk(path) {
                let full = path + "/" + relative
                guard case .file(let size, let mtime) = CaptureFiles.kind(full), size <= fileLimit else { continue }
                guard case .success(let bytes) = CaptureFiles.read(full, limit: fileLimit) else { continue }
                filesRead += 1
                assembler.add(bytes, path: relative, mtime: mtime)
            }
        case .file(_, let mtime):
            filesRead = try readArchiveOrFile(path, mtime: mtime, into: &assembler)
        }
        guard !assembler.recognised.isEmpty else {
            if case .file = CaptureFiles.kind(path), filesRead == 1, !assembler.wasArchive {
                throw CaptureError(
                    path: path,
                    message:
                        "neither a wired snapshot nor a macOS memory output (vm_stat, memory_pressure, top, sysctl, zprint, footprint or kextstat)"
                )
            }
            throw CaptureError(
                path: path,
                message:
                    "no macOS memory output found in \(filesRead) file\(filesRead == 1 ? "" : "s") (looked for vm_stat, memory_pressure, top, sysctl, zprint, footprint and kextstat output by content)"
            )
        }
        return assembler.snapshot(capture: path, toolVersion: toolVersion)
    }

    /// Reads a single file: a gzip or plain tar archive, a gzip of one output, or one output.
    ///
    /// Returns how many files were looked at.
    static func readArchiveOrFile(_ path: String, mtime: Int64, into assembler: inout CaptureAssembler) throws -> Int {
        let head = try CaptureFiles.head(path, count: 512).get()
        let gzip = head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B
        let tar = head.count == 512 && TarReader.cString(head[257..<262]) == "ustar"
        guard gzip || tar else {
            assembler.add(try CaptureFiles.read(path, limit: fileLimit).get(), path: lastComponent(path), mtime: mtime)
            return 1
        }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw CaptureError(path: path, message: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw CaptureError(path: path, message: "not a regular file: not read")
        }
        assembler.wasArchive = true
        var archive = ArchiveReading(path: path, isTar: tar)
        return try archive.read(fd, size: Int64(info.st_size), mtime: mtime, gzip: gzip, into: &assembler)
    }

    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}

/// Decodes the files of a capture and merges them into one set of facts.
struct CaptureAssembler {
    var facts = DarwinFacts()
    var problems: [SourceProblem] = []
    var recognised: [String] = []
    var newestTime: Int64?
    /// True when the capture was a tar or gzip file.
    var wasArchive = false

    private var vmRank = 0
    private var vmPath: String?
    private var memoryPressure: (path: String, output: MemoryPressureOutput)?
    private var sysctl: (path: String, values: SysctlDecoder.Values)?
    private var topPath: String?
    private var topProcesses: [DarwinProcess] = []
    /// Swap-ins and swap-outs since top's previous sample, when it printed several.
    private var topActivity: (Int64?, Int64?)?
    private var footprintProcesses: [DarwinProcess] = []
    /// The page events of vm_stat's last interval, when it was run in interval mode.
    private var vmActivity: VMActivity?

    /// Recognises and decodes one file.
    mutating func add(_ bytes: [UInt8], path: String, mtime: Int64) {
        // Binary files (a NUL in the first 8 KiB) are not command outputs.
        if bytes.prefix(8192).contains(0) { return }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let kind = OutputKind.detect(text) else { return }
        recognised.append(path)
        newestTime = max(newestTime ?? mtime, mtime)
        var note: String?
        switch kind {
        case .vmStat: note = addVMStat(text, path: path)
        case .memoryPressure: note = addMemoryPressure(text, path: path)
        case .top: note = addTop(text, path: path)
        case .sysctl: note = addSysctl(text, path: path)
        case .zprint:
            let decoded = ZprintDecoder.decode(text, path: path)
            problems += decoded.problems
            if facts.zprint == nil {
                facts.zprint = decoded.value
            } else {
                note = "not used: another zprint output was read first"
            }
        case .footprint:
            let decoded = FootprintDecoder.decode(text, path: path)
            problems += decoded.problems
            if let output = decoded.value {
                footprintProcesses += output.processes
                if let summary = output.summary { facts.footprintSummary = summary }
            }
        case .kextstat:
            let decoded = KextstatDecoder.decode(text, path: path)
            problems += decoded.problems
            if facts.kexts == nil {
                facts.kexts = decoded.value
            } else {
                note = "not used: another kext list was read first"
            }
        }
        facts.files.append(CaptureFile(path: path, kind: kind.rawValue, note: note))
    }

    /// vm_stat (or top's counters): kept unless a better source gave them; returns the file's note.
    mutating func addVMStat(_ text: String, path: String) -> String? {
        let (decoded, activity) = VMStatDecoder.decodeWithActivity(text, path: path)
        problems += decoded.problems
        guard let vm = decoded.value else { return nil }
        let rank = vm.source == "vm_stat" ? 3 : 2
        guard rank > vmRank else { return "not used: \(vmPath ?? "another output") gave the counters" }
        let note = vmPath.map { "replaces \($0)" }
        facts.vm = vm
        vmActivity = activity
        vmRank = rank
        vmPath = path
        return note
    }

    /// memory_pressure: the first one is kept.
    mutating func addMemoryPressure(_ text: String, path: String) -> String? {
        let decoded = MemoryPressureDecoder.decode(text, path: path)
        problems += decoded.problems
        guard let output = decoded.value else { return nil }
        guard memoryPressure == nil else { return "not used: another memory_pressure output was read first" }
        memoryPressure = (path, output)
        return nil
    }

    /// top: the first one is kept, its last sample used.
    mutating func addTop(_ text: String, path: String) -> String? {
        let decoded = TopDecoder.decode(text, path: path)
        problems += decoded.problems
        guard let output = decoded.value else { return nil }
        guard topPath == nil else { return "not used: \(topPath ?? "") was read first" }
        facts.top = output.sample
        topProcesses = output.processes
        topPath = path
        guard output.samples > 1 else { return nil }
        topActivity = (output.sample.swapinsDelta, output.sample.swapoutsDelta)
        return "\(output.samples) samples: the last is used"
    }

    /// sysctl: merged with earlier ones, the later value of a name winning.
    mutating func addSysctl(_ text: String, path: String) -> String? {
        let decoded = SysctlDecoder.decode(text, path: path)
        problems += decoded.problems
        guard let values = decoded.value else { return nil }
        if var known = sysctl {
            known.values.values.merge(values.values) { _, new in new }
            sysctl = known
        } else {
            sysctl = (path, values)
        }
        let repeated = values.repeated.filter { $0.key.hasPrefix("kern.memorystatus") || $0.key.hasPrefix("vm.") }
        return repeated.values.max().map { "\($0) readings of some names: the last of each is used" }
    }

    /// Merges what was decoded into a snapshot, checking that the files agree.
    mutating func snapshot(capture: String, toolVersion: String) -> Snapshot {
        // memory_pressure: RAM size and free percentage; its counters only when vm_stat gave none. Page
        // sizes that disagree mean the outputs are not from one machine: the later kind is not used.
        if let (path, output) = memoryPressure {
            if let vm = facts.vm, vm.pageSize != output.vm.pageSize {
                problems.append(
                    SourceProblem(
                        source: path,
                        field: "page size",
                        kind: .inconsistent,
                        message:
                            "page size \(output.vm.pageSize) differs from \(vm.pageSize) in \(vmPath ?? "vm_stat"): not from the same machine? This file is not used"
                    )
                )
                mark(path, "ignored: its page size disagrees with \(vmPath ?? "vm_stat")")
            } else {
                if facts.vm == nil {
                    facts.vm = output.vm
                    vmPath = path
                }
                facts.memsize = output.memsize
                facts.memsizeSource = "\"The system has\" in \(path)"
                facts.freePercentage = output.freePercentage
            }
        }
        if let (path, values) = sysctl {
            applySysctl(values.values, path: path)
        }
        facts.processes = mergedProcesses()
        if let (swapins, swapouts) = topActivity, swapins != nil || swapouts != nil {
            // top's delay is 1 s unless it was run with -s: the interval is not printed, so it stays unknown.
            var activity = VMActivity(
                seconds: nil,
                source: "top's last two samples (\(topPath ?? "top"))",
                pageSize: facts.vm?.pageSize ?? 4096
            )
            activity.swapins = swapins
            activity.swapouts = swapouts
            facts.activity = activity
        }
        // vm_stat's interval mode counts file paging and compressions too: it is preferred to top's swap counts.
        if let vmActivity { facts.activity = vmActivity }
        let vm = facts.vm
        let values = facts.sysctl
        let hostname = values["kern.hostname"] ?? "unknown host"
        let release = values["kern.osrelease"].map { "Darwin \($0)" } ?? "unknown"
        let brand = values["machdep.cpu.brand_string"] ?? ""
        let arch =
            values["hw.machine"]
            ?? (values["hw.optional.arm64"] == "1" || brand.hasPrefix("Apple")
                ? "arm64" : brand.contains("Intel") ? "x86_64" : "unknown")
        let pageSize = vm?.pageSize ?? values["vm.pagesize"].flatMap { Int64($0) } ?? 4096
        let pageSizeSource =
            vm != nil
            ? "\(vm?.source ?? "") header (\(vmPath ?? ""))"
            : values["vm.pagesize"] != nil ? "vm.pagesize (sysctl)" : "assumed 4096 (no output gave it)"
        let boot = values["kern.boottime"].flatMap { SysctlDecoder.bootTime($0) }
        let taken = newestTime ?? 0
        let meta = SnapshotMeta(
            hostname: hostname,
            os: .macOS,
            kernel: release,
            arch: arch,
            pageSize: pageSize,
            pageSizeSource: pageSizeSource,
            takenAt: Timestamp(seconds: taken),
            bootID: boot.map { "kern.boottime \($0)" },
            uptimeSeconds: boot.flatMap { taken >= $0 ? Double(taken - $0) : nil },
            toolVersion: toolVersion,
            source: "capture \(capture) (time: newest file in it)"
        )
        return Snapshot(meta: meta, darwin: facts, problems: problems)
    }

    /// Typed sysctl values, after checking the kernel page size against the VM counters'.
    private mutating func applySysctl(_ values: [String: String], path: String) {
        if let vm = facts.vm, let kernelPage = values["vm.pagesize"].flatMap({ Int64($0) }), kernelPage != vm.pageSize {
            problems.append(
                SourceProblem(
                    source: path,
                    field: "vm.pagesize",
                    kind: .inconsistent,
                    message:
                        "vm.pagesize \(kernelPage) differs from \(vm.pageSize) in \(vmPath ?? "vm_stat"): not from the same machine? This file is not used"
                )
            )
            mark(path, "ignored: its page size disagrees with \(vmPath ?? "vm_stat")")
            return
        }
        facts.sysctl = values
        if let memsize = values["hw.memsize"].flatMap({ Int64($0) }) {
            if let previous = facts.memsize, previous != memsize {
                problems.append(
                    SourceProblem(
                        source: path,
                        field: "hw.memsize",
                        kind: .inconsistent,
                        message:
                            "hw.memsize \(memsize) differs from \(previous) in \(facts.memsizeSource ?? "another file"): hw.memsize is used"
                    )
                )
            }
            facts.memsize = memsize
            facts.memsizeSource = "hw.memsize in \(path)"
        }
        facts.memsizeUsable = values["hw.memsize_usable"].flatMap { Int64($0) }
        if let text = values["vm.swapusage"] {
            facts.swap = SysctlDecoder.swapUsage(text)
            if facts.swap == nil {
                problems.append(
                    SourceProblem(
                        source: path,
                        field: "vm.swapusage",
                        kind: .malformed,
                        message: "\"\(text)\" is not total/used/free"
                    )
                )
            }
        }
        facts.pressureLevel = values["kern.memorystatus_vm_pressure_level"].flatMap { Int($0) }
        facts.memorystatusLevel = values["kern.memorystatus_level"].flatMap { Int($0) }
    }

    /// top's rows and footprint's blocks, one record per pid (footprint's exact bytes win over top's
    /// rounded MEM; footprint's full name over top's 16 characters).
    private func mergedProcesses() -> [DarwinProcess]? {
        guard !topProcesses.isEmpty || !footprintProcesses.isEmpty else { return nil }
        var byPID: [Int32: DarwinProcess] = [:]
        for process in topProcesses { byPID[process.pid] = process }
        for process in footprintProcesses {
            guard var known = byPID[process.pid] else {
                byPID[process.pid] = process
                continue
            }
            known.name = process.name
            known.footprint = process.footprint ?? known.footprint
            known.footprintPeak = process.footprintPeak ?? known.footprintPeak
            known.categories = process.categories ?? known.categories
            known.source = "top+footprint"
            byPID[process.pid] = known
        }
        return byPID.values.sorted { $0.pid < $1.pid }
    }

    private mutating func mark(_ path: String, _ note: String) {
        if let index = facts.files.firstIndex(where: { $0.path == path }) {
            facts.files[index].kind = "ignored"
            facts.files[index].note = note
        }
    }
}
