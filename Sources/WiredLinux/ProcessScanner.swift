import Dispatch
import Synchronization
public import WiredCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What to read for each process.
public struct ProcessReadOptions: Sendable {
    /// When to read `/proc/PID/cmdline` (redacted before it is kept).
    public enum CommandLines: Sendable {
        /// With everything else, into ``ProcessFacts/command``.
        case eager
        /// Later, through ``ProcessHandles/commands(for:)``, for only the processes that are shown.
        case lazy
        /// Not at all.
        case none
        /// Eagerly up to ``ProcessReadOptions/eagerLimit`` processes, lazily above it: one pass is faster,
        /// but thousands of command lines held at once would cost more memory than the rest of the reading.
        case automatic
    }

    /// Most processes whose command lines ``CommandLines/automatic`` reads eagerly (about 0.5 MiB of text).
    public static let eagerLimit = 2048

    /// When to read command lines.
    public var commandLines: CommandLines
    /// Read `/proc/PID/cgroup` (for grouping by service).
    public var cgroups: Bool
    /// Look through each process's open descriptors for memfds and DRM clients (for the owners view).
    public var openFiles: Bool
    /// Reader threads; `nil` means one per online CPU (at most 8).
    public var workers: Int?
    /// The previous reading's processes, for a live reader that reads again and again: a process whose identity
    /// and `statm` (and `stat`) figures stayed the same is carried for a while (``ProcessCarry``); `nil` reads
    /// every process
    /// in full.
    public var carry: ProcessCarry?
    /// The `statm` descriptors a live reader keeps open between readings (``HeldStatmFiles``); `nil` holds none.
    public var heldStatm: HeldStatmFiles?
    /// A live reader's last listing of `/proc`, reused while no process can have been created (``KeptListing``);
    /// `nil` lists `/proc` every time.
    public var listing: KeptListing?

    /// Creates options.
    public init(
        commandLines: CommandLines = .eager,
        cgroups: Bool = false,
        openFiles: Bool = false,
        workers: Int? = nil
    ) {
        self.commandLines = commandLines
        self.cgroups = cgroups
        self.openFiles = openFiles
        self.workers = workers
    }
}

extension LinuxReader {
    /// Reads every process under `/proc`.
    ///
    /// Each process is read through one descriptor of its `/proc/PID` directory (a live reader's idle processes
    /// through their held `statm`), so a PID reused while it is read can never mix two processes: reads of the
    /// old one fail (ESRCH) and it is counted as gone. Kernel threads and zombies are recognised from `stat` and
    /// never have `smaps_rollup` read.
    /// Never throws: the problems list says what could not be read.
    public func readProcesses(_ options: ProcessReadOptions = ProcessReadOptions()) -> (ProcessScan, [SourceProblem]) {
        let result = readProcesses(options, keepingHandles: false)
        return (result.scan, result.problems)
    }

    /// Reads every process; with `keepingHandles` (and lazy command lines) the `/proc/PID` descriptors stay
    /// open in the returned ``ProcessHandles`` so command lines can be read later from the same processes.
    public func readProcesses(_ options: ProcessReadOptions, keepingHandles: Bool) -> ProcessReadResult {
        var problems: [SourceProblem] = []
        let procPath = path("/proc")
        let procFD = open(procPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard procFD >= 0 else {
            problems.append(ProcError(operation: .open, path: procPath, errno: .current).problem)
            return ProcessReadResult(scan: ProcessScan(processes: []), handles: nil, openFiles: nil, problems: problems)
        }
        let now = Self.monotonicSeconds()
        let listing = isLive ? options.listing : nil
        let (pids, lastPID, reused) = pidsToRead(procPath, listing: listing, now: now, problems: &problems)
        var session = ReadSession(reader: self)
        var options = options
        if options.commandLines == .automatic {
            options.commandLines = pids.count <= ProcessReadOptions.eagerLimit ? .eager : .lazy
        }
        let keep = keepingHandles && options.commandLines == .lazy
        // Cgroups from cgroup.procs (a few files) rather than /proc/PID/cgroup (one per process); a repeat that
        // carries most processes reads the few others' own files instead (the same paths).
        let carrying = options.carry?.entries.isEmpty == false
        let membership = options.cgroups && !carrying ? CgroupMembership.read(self) : nil
        let (handleBudget, statmsLeft) = ScanContext.descriptorBudgets(pids.count, keep: keep, held: options.heldStatm)
        let context = ScanContext(
            procFD: procFD,
            procPath: procPath,
            pids: pids,
            live: isLive,
            membership: membership,
            options: options,
            unreadable: Set(CaptureRecord.unreadable(in: self)),
            handleBudget: handleBudget
        )
        let reusable = options.carry?.reusable(now: now)
        context.carried = reusable?.entries ?? [:]
        context.now = now
        if let held = options.heldStatm {
            context.heldTable = held.held
            context.statmsLeft.store(statmsLeft, ordering: .relaxed)
        }
        var fds: [Int32] = []
        let processes = context.run(workers: workerCount(options, pids.count), keepingHandlesIn: &fds)
        let totals = context.totals()
        problems += totals.failures.problems(procPath: procPath)
        problems += ScanContext.capped(totals.problems.sorted { $0.source < $1.source })
        // From a kept listing, a process found gone exited since it was made, not while being read.
        var scan = makeScan(processes, gone: reused ? 0 : totals.gone, hidden: totals.hidden, session: &session)
        let hiding = !scan.asRoot && scan.hidepidMode?.hidesListing == true
        if hiding { scan.unlisted = unlisted(besides: pids, membership: membership) }
        // Where hidepid hides processes from the listing, one may come into sight (a setuid) with no pid given
        // out: such a listing is not reused.
        keepForNext(context, processes, listing: listing, lastPID: hiding ? nil : lastPID, reused: reused)
        let handles = keep ? ProcessHandles(procFD: procFD, procPath: procPath, fds: fds, scan: scan) : nil
        if handles == nil { close(procFD) }
        return ProcessReadResult(
            scan: scan,
            handles: handles,
            openFiles: options.openFiles ? totals.openFiles.result : nil,
            problems: problems + session.problems,
            carry: options.carry?.next(
                after: processes,
                movements: context.keptSlots.map(\.movement),
                now: now,
                credit: reusable?.credit ?? 0,
                read: (options.commandLines == .eager, options.cgroups)
            )
        )
    }

    /// Keeps for the next reading the `statm` descriptors of `processes` (read by `context`) and the pids not
    /// found gone in `listing`, with `lastPID` (the last pid given out before they were listed), as listed now
    /// unless the listing was `reused`.
    func keepForNext(
        _ context: ScanContext,
        _ processes: [ProcessFacts],
        listing: KeptListing?,
        lastPID: Int64?,
        reused: Bool
    ) {
        let slots = context.keptSlots
        context.options.heldStatm?.replace(
            // By index: a zip of the facts would copy each process's facts (a retain of every field).
            with: (0..<min(processes.count, slots.count)).map {
                (
                    processes[$0].pid,
                    HeldStatmFiles.Held(
                        startTime: processes[$0].startTime,
                        fd: slots[$0].statmFD,
                        statAt: slots[$0].statAt
                    )
                )
            },
            opened: context.noted.map(\.statmFD)
        )
        listing?.keep(context.notGone, lastPID: lastPID, listedAt: reused ? listing?.listedAt ?? 0 : context.now)
    }

    /// The pids to read: `listing`'s when it may be reused at `now`, else those `/proc` lists; with the last pid
    /// given out to keep with them (`nil` when they are not to be reused: the listing met a problem) and whether
    /// they were reused.
    func pidsToRead(
        _ procPath: String,
        listing: KeptListing?,
        now: Double,
        problems: inout [SourceProblem]
    ) -> (pids: [Int32], lastPID: Int64?, reused: Bool) {
        let kept = listing?.reusable(procPath: procPath, now: now)
        if let pids = kept?.pids { return (pids, kept?.lastPID, true) }
        let before = problems.count
        let pids = listPIDs(procPath, problems: &problems)
        return (pids, problems.count > before ? nil : kept?.lastPID, false)
    }

    /// The pids `/proc` lists, sorted.
    func listPIDs(_ procPath: String, problems: inout [SourceProblem]) -> [Int32] {
        var pids: [Int32] = []
        do {
            for name in try FileSystem.list(procPath) {
                if let first = name.utf8.first, first >= UInt8(ascii: "1"), first <= UInt8(ascii: "9"),
                    let pid = Int32(name)
                {
                    pids.append(pid)
                }
            }
        } catch let error as ProcError {
            problems.append(error.problem)
        } catch {}
        if !pids.isSorted() { pids.sort() }
        return pids
    }

    /// Reader threads for `count` processes: one below 64, else the options' number or one per CPU, at most 8.
    func workerCount(_ options: ProcessReadOptions, _ count: Int) -> Int {
        count < 64 ? 1 : max(1, min(options.workers ?? onlineCPUs(), 8, count))
    }

    /// The scan of `processes` with what the whole of `/proc` says: clock ticks, boot time, whether the reader is
    /// root, `hidepid`, user names.
    func makeScan(_ processes: [ProcessFacts], gone: Int, hidden: Int, session: inout ReadSession) -> ProcessScan {
        let capture =
            isLive ? [:] : session.parse("/wired-capture.txt", CaptureRecord.parse, quietIfMissing: true) ?? [:]
        // Clock ticks per second: USER_HZ is 100 on every Linux; a recorded value outside 1…1,000,000 is ignored.
        let recordedTicks = capture["clock_ticks"].flatMap { Int64($0) }.flatMap {
            (1...1_000_000).contains($0) ? $0 : nil
        }
        let ticks = isLive ? Int64(sysconf(Int32(_SC_CLK_TCK))) : recordedTicks ?? 100
        let asRoot = isLive ? geteuid() == 0 : capture["captured_as_uid"] == "0"
        let mount = session.procMount()
        var scan = ProcessScan(
            processes: processes,
            gone: gone,
            hidden: hidden,
            ticksPerSecond: ticks,
            bootTime: session.bootTime(),
            asRoot: asRoot,
            hidepid: mount.hidepid,
            userNames: session.userNames(for: Set(processes.compactMap(\.uid)))
        )
        scan.hidepidGroup = mount.gid
        return scan
    }

    /// Processes the cgroup tree lists that `/proc` did not (`hidepid=invisible` leaves other users' processes
    /// out of the listing; every cgroup's `cgroup.procs` is world-readable); `nil` when the cgroup tree cannot be
    /// walked.
    func unlisted(besides listed: [Int32], membership: CgroupMembership?) -> Int? {
        guard let all = membership ?? CgroupMembership.read(self) else { return nil }
        let seen = Set(listed)
        return all.pids.filter { $0 > 0 && !seen.contains($0) }.count
    }

    /// Online CPUs on this machine.
    func onlineCPUs() -> Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}

/// What reading one `/proc/PID` gave.
enum ProcessOutcome {
    case process(ProcessFacts)
    /// It exited while being read: its directory, or the files of the directory held open, are gone (ENOENT,
    /// ESRCH).
    case gone
    /// Its directory or files refused to open (EPERM or EACCES: `hidepid=1` lists other users' directories but
    /// refuses them).
    case hidden
    /// Any other failure (too many open files, an I/O error, a `stat` that makes no sense): not gone, not
    /// hidden, reported as a problem.
    case failed(ProcError)

    /// The outcome of a failure to open or read `/proc/PID` or one of its files.
    static func of(_ error: ProcError) -> ProcessOutcome {
        if error.isPermission { return .hidden }
        if error.isProcessGone { return .gone }
        return .failed(error)
    }
}

/// What reading one process leaves beside its record: the `/proc/PID` descriptor kept for a command line read
/// later (−1 for none), the figures a carry compares, and the `statm` to hold.
struct ProcessSlot {
    var handle: Int32 = -1
    var movement: ProcessCarry.Movement?
    /// The `statm` descriptor to hold for the next reading (−1 for none).
    var statmFD: Int32 = -1
    /// Monotonic seconds at which the process's `stat` was last read.
    var statAt: Double = 0
}

extension ProcessOutcome {
    /// This outcome; sets `keep` when `slot` kept the directory of a process that was read (so it is not closed).
    func kept(_ keep: inout Bool, _ slot: ProcessSlot) -> ProcessOutcome {
        if case .process = self, slot.handle >= 0 { keep = true }
        return self
    }
}

/// Shared state of one parallel scan.
///
/// Each worker writes only the slots of the pids it took, and its own
/// entry of ``gone`` and ``hidden``.
final class ScanContext: @unchecked Sendable {
    let procFD: Int32
    let procPath: String
    let pids: [Int32]
    let live: Bool
    let membership: CgroupMembership?
    let options: ProcessReadOptions
    let unreadable: Set<String>
    let next = Atomic<Int>(0)
    /// Descriptors that may still be kept open for lazy command lines.
    let handlesLeft: Atomic<Int>
    /// The final array's storage: slot `i` holds pid `i` once ``filled`` says so.
    var slots: UnsafeMutablePointer<ProcessFacts>?
    /// Per pid slot: 1 when read (its slot holds it), 2 when it turned out gone, 0 otherwise.
    var filled: [UInt8]
    var gone: [Int]
    var hidden: [Int]
    /// Per worker: processes that could be read neither as gone nor as hidden, the first few errors kept.
    var failures: [Failures]
    var openFiles: [OpenFileCollector]
    /// Numbers in `/proc/PID` files that were out of range or impossible, per worker.
    var problems: [[SourceProblem]]
    /// Processes of the previous reading that may be carried (read-only while the workers run).
    var carried: [ProcessIdentity: ProcessCarry.Entry] = [:]
    /// Per pid slot, what reading it left beside the record (``ProcessSlot``); after
    /// ``compact(keepingHandlesIn:)``, those of the processes kept, in their order, in ``keptSlots``.
    var noted: [ProcessSlot]
    var keptSlots: [ProcessSlot] = []
    /// `statm` descriptors held from the previous reading (read-only while the workers run).
    var heldTable: [Int32: HeldStatmFiles.Held] = [:]
    /// Bytes a page, for `statm`'s sizes.
    let pageSize = Int64(sysconf(Int32(_SC_PAGESIZE)))
    /// Seconds between two readings of a carried process's `stat` (the carry's, kept here so the workers need
    /// not copy the carry for each process).
    let statBound: Double
    /// `statm` descriptors that may still be opened to hold.
    let statmsLeft = Atomic<Int>(0)
    /// Monotonic seconds of this reading.
    var now: Double = 0
    /// How many workers ran.
    var workerCount = 1

    init(
        procFD: Int32,
        procPath: String,
        pids: [Int32],
        live: Bool,
        membership: CgroupMembership?,
        options: ProcessReadOptions,
        unreadable: Set<String>,
        handleBudget: Int
    ) {
        self.procFD = procFD
        self.procPath = procPath
        self.pids = pids
        self.live = live
        self.membership = membership
        self.options = options
        self.unreadable = unreadable
        statBound = options.carry?.statBound ?? 0
        handlesLeft = Atomic(handleBudget)
        filled = Array(repeating: 0, count: pids.count)
        noted = Array(repeating: ProcessSlot(), count: pids.count)
        gone = Array(repeating: 0, count: 8)
        hidden = Array(repeating: 0, count: 8)
        failures = Array(repeating: Failures(), count: 8)
        openFiles = Array(repeating: OpenFileCollector(), count: 8)
        problems = Array(repeating: [], count: 8)
    }

    /// Runs `workers` workers over every pid; returns the processes read, in pid order, and their kept
    /// descriptors in `fds`.
    func run(workers workerCount: Int, keepingHandlesIn fds: inout [Int32]) -> [ProcessFacts] {
        self.workerCount = workerCount
        // Workers write each process into its own slot of the final array; gone ones are squeezed out after.
        return [ProcessFacts](unsafeUninitializedCapacity: pids.count) { buffer, count in
            slots = buffer.baseAddress
            if workerCount == 1 {
                work(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: workerCount) { work($0) }
            }
            count = compact(keepingHandlesIn: &fds)
        }
    }

    /// The pids that did not turn out gone (read, hidden or failed), in order.
    var notGone: [Int32] { pids.indices.compactMap { filled[$0] == 2 ? nil : pids[$0] } }

    /// What the workers counted and met, added up.
    func totals() -> (
        gone: Int, hidden: Int, failures: Failures, openFiles: OpenFileCollector, problems: [SourceProblem]
    ) {
        var sum = (
            gone: 0, hidden: 0, failures: Failures(), openFiles: OpenFileCollector(), problems: [SourceProblem]()
        )
        for slot in 0..<workerCount {
            sum.gone += gone[slot]
            sum.hidden += hidden[slot]
            sum.failures.merge(failures[slot])
            sum.openFiles.merge(openFiles[slot])
            sum.problems += problems[slot]
        }
        return sum
    }

    /// At most 50 problems from process files, then one line saying how many more there were.
    static func capped(_ problems: [SourceProblem]) -> [SourceProblem] {
        guard problems.count > 50 else { return problems }
        return problems.prefix(50)
            + [
                SourceProblem(
                    source: "/proc/PID",
                    kind: .outOfRange,
                    message: "\(problems.count - 50) more numbers in process files were out of range or impossible"
                )
            ]
    }

    /// Reads processes, taking them eight at a time from the shared counter, until none are left.
    func work(_ worker: Int) {
        guard let slots else { return }
        var reader = FileReader(initialCapacity: 16 << 10)
        reader.regularFilesOnly = !live
        var statm = StatmBuffer()
        var goneCount = 0
        var hiddenCount = 0
        var failed = Failures()
        var found = OpenFileCollector()
        var refused: [SourceProblem] = []
        filled.withUnsafeMutableBufferPointer { filled in
            noted.withUnsafeMutableBufferPointer { noted in
                while true {
                    let start = next.add(8, ordering: .relaxed).oldValue
                    if start >= pids.count { break }
                    for index in start..<min(start + 8, pids.count) {
                        var slot = ProcessSlot()
                        let outcome = read(
                            pids[index],
                            reader: &reader,
                            statm: &statm,
                            slot: &slot,
                            openFiles: &found,
                            problems: &refused
                        )
                        noted[index] = slot
                        switch outcome {
                        case .process(let process):
                            (slots + index).initialize(to: process)
                            filled[index] = 1
                        case .gone:
                            goneCount += 1
                            filled[index] = 2
                        case .hidden: hiddenCount += 1
                        case .failed(let error): failed.add(error)
                        }
                    }
                }
            }
        }
        gone[worker] = goneCount
        hidden[worker] = hiddenCount
        failures[worker] = failed
        openFiles[worker] = found
        problems[worker] = refused
    }

    /// Moves the filled slots to the front, in pid order; returns their number and their kept descriptors.
    func compact(keepingHandlesIn kept: inout [Int32]) -> Int {
        guard let slots else { return 0 }
        var count = 0
        kept.reserveCapacity(pids.count)
        keptSlots.reserveCapacity(pids.count)
        for index in 0..<pids.count where filled[index] == 1 {
            if index != count { (slots + count).moveInitialize(from: slots + index, count: 1) }
            kept.append(noted[index].handle)
            keptSlots.append(noted[index])
            count += 1
        }
        return count
    }

    /// How many process directories a scan of `count` processes may keep open for lazy command lines, and how many
    /// more `statm` files it may open to hold: both come out of one `RLIMIT_NOFILE`, the directories first (they
    /// change what is listed; a held `statm` only saves time), and the `statm` files already held count against
    /// both.
    static func descriptorBudgets(_ count: Int, keep: Bool, held: HeldStatmFiles?) -> (handles: Int, statms: Int) {
        let heldNow = held?.count ?? 0
        // Sized first: it raises the limit the furthest.
        let room = held.map { max(0, $0.sized(for: count) - heldNow) } ?? 0
        guard keep else { return (0, room) }
        let allowed = FileLimits.raiseForHandles(count + heldNow)
        let handles = max(0, allowed - heldNow)
        return (handles, min(room, max(0, handles - count)))
    }

    /// Reads one process; leaves its directory open in `slot` when command lines are read later, and notes there
    /// the figures a carry compares and the `statm` descriptor to hold.
    func read(
        _ pid: Int32,
        reader: inout FileReader,
        statm: inout StatmBuffer,
        slot: inout ProcessSlot,
        openFiles: inout OpenFileCollector,
        problems: inout [SourceProblem]
    ) -> ProcessOutcome {
        if let held = heldTable[pid] {
            // Neither a directory nor anything read through one is wanted for a carried process: its held
            // `statm` is enough. Otherwise the descriptor is kept if the process read below is the same one.
            // Without a carried reading of this process (its rollup was unreadable, say) the `pread` would be
            // wasted: it is read in full, and `hold` decides whether to keep the descriptor.
            let entry = carried[ProcessIdentity(pid: pid, startTime: held.startTime)]
            guard options.commandLines != .lazy, !options.openFiles, let entry else {
                slot.statmFD = held.fd
                return read(pid, reader: &reader, slot: &slot, openFiles: &openFiles, problems: &problems)
            }
            if let process = heldProcess(pid, held, entry, reader: &reader, statm: &statm, slot: &slot) {
                return .process(process)
            }
        }
        return read(pid, reader: &reader, slot: &slot, openFiles: &openFiles, problems: &problems)
    }

    /// The process carried through its held `statm` (with its `stat`, when the round-robin reads it:
    /// ``ProcessCarry/statDue(pid:statAt:now:)``) when neither shows it has moved; `nil` when it moved, exited or
    /// could not be read so: it is then read in full.
    func heldProcess(
        _ pid: Int32,
        _ held: HeldStatmFiles.Held,
        _ entry: ProcessCarry.Entry,
        reader: inout FileReader,
        statm buffer: inout StatmBuffer,
        slot: inout ProcessSlot
    ) -> ProcessFacts? {
        var stat: ProcessParsers.Stat?
        if ProcessCarry.statDue(pid: pid, statAt: held.statAt, now: now, bound: statBound) {
            // By path, before the `statm`: that read succeeds only while the process it was opened on is there,
            // so the pid had not been given to another when `stat` was read. A problem in the line is left to
            // the full reading it sends the process to.
            var ignored: [SourceProblem] = []
            let path = "\(procPath)/\(pid)/stat"
            stat =
                (try? reader.withContents(of: "\(pid)/stat", relativeTo: procFD, displayPath: path) {
                    ProcessParsers.stat($0.uint8, path: path, problems: &ignored)
                }) ?? nil
            guard let stat, stat.startTime == held.startTime else { return nil }
        }
        guard let statm = buffer.read(held.fd) else { return nil }
        slot.statmFD = held.fd
        slot.statAt = stat == nil ? held.statAt : now
        if let stat { return carriedProcess(stat, statm, slot: &slot, entry: entry) }
        let movement = entry.movement.with(statm, pageSize: pageSize)
        slot.movement = movement
        guard entry.movement == movement, entry.covers(commandLines: options.commandLines, cgroups: options.cgroups)
        else { return nil }
        return entry.carried(now: now, commandLines: options.commandLines == .eager, cgroups: options.cgroups)
    }

    /// The process carried from the previous reading as `entry` when its `stat` and `statm` show it has not
    /// moved (the figures noted in `slot`).
    func carriedProcess(
        _ stat: ProcessParsers.Stat,
        _ statm: Statm?,
        slot: inout ProcessSlot,
        entry: ProcessCarry.Entry
    ) -> ProcessFacts? {
        let movement = ProcessCarry.Movement(stat, statm, pageSize: pageSize)
        slot.movement = movement
        guard entry.movement == movement, entry.sameNameAndParent(stat),
            entry.covers(commandLines: options.commandLines, cgroups: options.cgroups)
        else { return nil }
        // Nothing moved: status, the rollup, the command line and the cgroup are carried, with their age.
        return entry.carried(now: now, commandLines: options.commandLines == .eager, cgroups: options.cgroups)
    }

    /// Reads one process through its `/proc/PID` directory.
    func read(
        _ pid: Int32,
        reader: inout FileReader,
        slot: inout ProcessSlot,
        openFiles: inout OpenFileCollector,
        problems: inout [SourceProblem]
    ) -> ProcessOutcome {
        let directory = openat(procFD, String(pid), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else {
            return .of(ProcError(operation: .open, path: "\(procPath)/\(pid)", errno: .current))
        }
        var keep = false
        defer { if !keep { close(directory) } }
        let base = "\(procPath)/\(pid)/"
        let (line, failure) = readStat(directory, base: base, reader: &reader, problems: &problems)
        guard let stat = line else { return failure ?? .gone }
        // A process carried from the previous reading is compared by its sizes too (docs/linux.md §8.1a).
        var statm: Statm?
        if options.carry != nil, let entry = carried[ProcessIdentity(pid: pid, startTime: stat.startTime)] {
            statm = sizes(directory, base: base, reader: &reader)
            if var process = carriedProcess(stat, statm, slot: &slot, entry: entry) {
                hold(pid, stat, directory, slot: &slot)
                return finish(&process, directory, reader: &reader, slot: &slot, openFiles: &openFiles, carried: true)
                    .kept(&keep, slot)
            }
        }
        let status: ProcessParsers.Status
        do {
            status = try reader.withContents(of: "status", relativeTo: directory, displayPath: base + "status") {
                ProcessParsers.status($0.uint8, path: base + "status", problems: &problems)
            }
        } catch let error as ProcError {
            return .of(error)
        } catch {
            return .failed(ProcError(operation: .read, path: base + "status", errno: nil, detail: "\(error)"))
        }
        var process = Self.facts(pid, stat, status)
        guard process.kind == .user else {
            slot.statmFD = -1
            return .process(process)
        }
        if let outcome = readRollup(directory, into: &process, reader: &reader, problems: &problems) {
            return outcome
        }
        // Only a process with a rollup is carried later, so only its sizes are worth noting and its `statm`
        // worth holding.
        if process.smaps != nil {
            if options.carry != nil, statm == nil {
                let sizes = sizes(directory, base: base, reader: &reader)
                slot.movement = ProcessCarry.Movement(stat, sizes, pageSize: pageSize)
            }
            hold(pid, stat, directory, slot: &slot)
        } else {
            slot.statmFD = -1
        }
        return finish(&process, directory, reader: &reader, slot: &slot, openFiles: &openFiles, carried: false)
            .kept(&keep, slot)
    }

    /// The `stat` line of the process behind `directory`, or what its failure means.
    func readStat(
        _ directory: Int32,
        base: String,
        reader: inout FileReader,
        problems: inout [SourceProblem]
    ) -> (ProcessParsers.Stat?, ProcessOutcome?) {
        do {
            let stat = try reader.withContents(of: "stat", relativeTo: directory, displayPath: base + "stat") {
                ProcessParsers.stat($0.uint8, path: base + "stat", problems: &problems)
            }
            if let stat { return (stat, nil) }
            guard isAlive(directory) else { return (nil, .gone) }
            let error = ProcError(operation: .parse, path: base + "stat", errno: nil, detail: "not a stat line")
            return (nil, .failed(error))
        } catch let error as ProcError {
            // Every live process has stat: ENOENT or ESRCH here means the directory held open is that of a
            // process that exited.
            return (nil, .of(error))
        } catch {
            return (nil, .failed(ProcError(operation: .read, path: base + "stat", errno: nil, detail: "\(error)")))
        }
    }

    /// The sizes in the `statm` of the process behind `directory`; `nil` when it cannot be read or parsed.
    func sizes(_ directory: Int32, base: String, reader: inout FileReader) -> Statm? {
        (try? reader.withContents(of: "statm", relativeTo: directory, displayPath: base + "statm") {
            Statm($0.uint8)
        }) ?? nil
    }

    /// Keeps the held `statm` descriptor in `slot` when it is this process's (same start time), else opens one
    /// to hold while the budget lasts.
    ///
    /// Only for user processes (kernel threads and zombies are never carried), and only for a live reader that
    /// holds them. `stat`, just read, is noted as read now.
    func hold(_ pid: Int32, _ stat: ProcessParsers.Stat, _ directory: Int32, slot: inout ProcessSlot) {
        guard options.heldStatm != nil else { return }
        slot.statAt = now
        if slot.statmFD >= 0, heldTable[pid]?.startTime != stat.startTime { slot.statmFD = -1 }
        let user = !stat.isKernelThread && stat.state != UInt8(ascii: "Z") && stat.state != UInt8(ascii: "X")
        guard user else {
            slot.statmFD = -1
            return
        }
        guard slot.statmFD < 0, statmsLeft.subtract(1, ordering: .relaxed).oldValue > 0 else { return }
        slot.statmFD = openat(directory, "statm", O_RDONLY | O_CLOEXEC)
    }

    /// A process record from its `stat` and `status`.
    static func facts(_ pid: Int32, _ stat: ProcessParsers.Stat, _ status: ProcessParsers.Status) -> ProcessFacts {
        let kind: ProcessFacts.Kind =
            stat.isKernelThread || status.kthread
            ? .kernelThread : (stat.state == UInt8(ascii: "Z") || stat.state == UInt8(ascii: "X")) ? .zombie : .user
        var process = ProcessFacts(
            pid: pid,
            startTime: stat.startTime,
            name: stat.name,
            state: String(UnicodeScalar(stat.state)),
            kind: kind,
            // A task has at least one thread: when both counts were refused (and reported), one is counted.
            threads: stat.threads ?? status.threads ?? 1
        )
        process.parentPID = stat.parentPID
        process.uid = status.uid
        process.sizes = status.sizes
        return process
    }

    /// Reads `smaps_rollup` into `process` (or why it could not be); an outcome when the process turned out gone.
    func readRollup(
        _ directory: Int32,
        into process: inout ProcessFacts,
        reader: inout FileReader,
        problems: inout [SourceProblem]
    ) -> ProcessOutcome? {
        let pid = process.pid
        let base = "\(procPath)/\(pid)/"
        do {
            let rollup = try reader.withContents(
                of: "smaps_rollup",
                relativeTo: directory,
                displayPath: base + "smaps_rollup"
            ) {
                ProcessParsers.smapsRollup($0.uint8, path: base + "smaps_rollup", problems: &problems)
            }
            if let rollup, let (field, reason) = rollup.impossibility {
                // Impossible numbers are left out: the process is shown by its RSS, with the reason.
                process.denial = "impossible smaps_rollup: \(reason)"
                problems.append(
                    SourceProblem(source: base + "smaps_rollup", field: field, kind: .inconsistent, message: reason)
                )
            } else if let rollup {
                process.smaps = rollup
            } else {
                process.denial = "smaps_rollup is empty (the process is exiting)"
            }
        } catch let error as ProcError {
            if error.isPermission || unreadable.contains("/proc/\(pid)/smaps_rollup") {
                process.denial = "permission"
            } else if error.errno == .noSuchProcess || !isAlive(directory) {
                return .gone
            } else if error.isMissing {
                process.denial = "no smaps_rollup (kernel before 4.14)"
            } else {
                process.denial = error.description
            }
        } catch {
            process.denial = "\(error)"
        }
        return nil
    }

    /// Reads what the options ask for besides memory: the command line (or keeps the directory open for it in
    /// `slot`), the cgroup (neither when `carried`: they came with the process) and the open files.
    func finish(
        _ process: inout ProcessFacts,
        _ directory: Int32,
        reader: inout FileReader,
        slot: inout ProcessSlot,
        openFiles: inout OpenFileCollector,
        carried: Bool
    ) -> ProcessOutcome {
        let pid = process.pid
        let base = "\(procPath)/\(pid)/"
        if options.commandLines == .lazy {
            // Keep the directory so the command line read later is this process's (or fails if it exits).
            if handlesLeft.subtract(1, ordering: .relaxed).oldValue > 0 { slot.handle = directory }
        } else if options.commandLines == .eager, !carried {
            do {
                process.command = try reader.withContents(
                    of: "cmdline",
                    relativeTo: directory,
                    displayPath: base + "cmdline"
                ) {
                    ProcessParsers.command($0.uint8)
                }
            } catch let error as ProcError where error.errno == .noSuchProcess {
                return .gone
            } catch {
                process.command = ""
            }
        }
        if options.cgroups, !carried { readCgroup(&process, directory, reader: &reader) }
        if options.openFiles {
            openFiles.scan(directory, pid: pid, live: live, reader: &reader, base: base)
        }
        return .process(process)
    }

    /// The process's memory and systemd cgroups: from the cgroup walk, or its own `cgroup` file when not listed.
    func readCgroup(_ process: inout ProcessFacts, _ directory: Int32, reader: inout FileReader) {
        if let paths = membership?.paths(of: process.pid) {
            process.cgroup = paths.memory
            process.unit = paths.systemd
        } else {
            let path = "\(procPath)/\(process.pid)/cgroup"
            let paths = try? reader.withContents(of: "cgroup", relativeTo: directory, displayPath: path) {
                ProcessParsers.cgroupPaths($0.uint8)
            }
            process.cgroup = paths?.memory
            process.unit = paths?.systemd
        }
    }

    /// True while the process behind `directory` still exists (its `stat` can still be read).
    func isAlive(_ directory: Int32) -> Bool {
        FileSystem.canRead("stat", relativeTo: directory)
    }
}

extension ReadSession {
    /// `btime` in `/proc/stat`: when the machine booted, in seconds since the epoch.
    mutating func bootTime() -> Int64? {
        parse(
            "/proc/stat",
            { buffer, path in
                for line in LineSplitter(buffer).lines where line.hasPrefix("btime ") {
                    guard let value = line.fields.last?.decimal.value else { break }
                    guard Bound.seconds.contains(value) else {
                        return Parsed(
                            value: nil,
                            problems: [.outOfRange(source: path, field: "btime", value: "\(value)", bound: .seconds)]
                        )
                    }
                    return Parsed(value: value, problems: [])
                }
                return Parsed(value: nil, problems: [])
            },
            quietIfMissing: true
        ) ?? nil
    }

    /// The `hidepid=` and `gid=` options of the proc file system mounted on `/proc`, from `/proc/mounts`.
    ///
    /// When several are mounted there (a fresh one over the first, in a container or a mount namespace), the
    /// last line is the one on top, the one `/proc` paths reach.
    mutating func procMount() -> (hidepid: String?, gid: UInt32?) {
        parse(
            "/proc/mounts",
            { buffer, _ in
                var found: (hidepid: String?, gid: UInt32?) = (nil, nil)
                for line in LineSplitter(buffer).lines {
                    let fields = line.fields
                    guard fields.count >= 4, fields[2].equals("proc"), fields[1].equals("/proc") else { continue }
                    found = (nil, nil)
                    for option in fields[3].string.split(separator: ",") {
                        if option.hasPrefix("hidepid=") { found.hidepid = String(option.dropFirst("hidepid=".count)) }
                        if option.hasPrefix("gid=") { found.gid = UInt32(option.dropFirst("gid=".count)) }
                    }
                }
                return Parsed(value: found, problems: [])
            },
            quietIfMissing: true
        ) ?? (nil, nil)
    }

    /// Names of `uids` from `/etc/passwd` under the root; uids without a line are left out.
    mutating func userNames(for uids: Set<UInt32>) -> [UInt32: String] {
        guard !uids.isEmpty else { return [:] }
        return parse(
            "/etc/passwd",
            { buffer, _ in
                var names: [UInt32: String] = [:]
                for line in LineSplitter(buffer).lines {
                    let parts = line.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
                    guard parts.count >= 3, let uid = parts[2].decimal.value, let key = UInt32(exactly: uid),
                        uids.contains(key), names[key] == nil
                    else { continue }
                    names[key] = parts[0].string
                }
                return Parsed(value: names, problems: [])
            },
            quietIfMissing: true
        ) ?? [:]
    }
}

/// Processes whose reading failed for a reason other than exiting or permission, with the first few errors.
struct Failures {
    /// How many.
    var count = 0
    /// The first errors, at most ``kept``.
    var first: [ProcError] = []
    static let kept = 3

    mutating func add(_ error: ProcError) {
        count += 1
        if first.count < Self.kept { first.append(error) }
    }

    mutating func merge(_ other: Failures) {
        count += other.count
        first += other.first.prefix(Self.kept - min(Self.kept, first.count))
    }

    /// The first errors as problems, and one more that counts the rest.
    func problems(procPath: String) -> [SourceProblem] {
        var problems = first.map(\.problem)
        if count > first.count {
            problems.append(
                SourceProblem(
                    source: procPath,
                    kind: .unreadable,
                    message: "\(count - first.count) more processes could not be read (not listed)"
                )
            )
        }
        return problems
    }
}

extension CaptureRecord {
    /// Files the capturing user could not read, as listed in `wired-capture.txt` (`unreadable=/proc/…`).
    static func unreadable(in reader: LinuxReader) -> [String] {
        guard !reader.isLive else { return [] }
        var files = FileReader()
        let path = reader.path("/wired-capture.txt")
        let lines =
            (try? files.withContents(of: path, displayPath: path) { buffer in
                LineSplitter(buffer.uint8).lines.map(\.string)
            }) ?? []
        return lines.compactMap { $0.hasPrefix("unreadable=") ? String($0.dropFirst("unreadable=".count)) : nil }
    }
}
