import WiredCore
import WiredLinux

/// The state a live Linux reader keeps from one reading to the next; a captured tree keeps none.
struct LinuxReadingState {
    /// Facts that last as long as the boot (installed RAM, reserved-at-boot lines, kernel config…).
    var boot: BootFacts?
    /// The previous reading's counters, the earlier sample of the next reading's rates.
    var counters: TimedCounters?
    /// Each process as last read, so idle processes are read by their `statm` alone.
    var carry: ProcessCarry?
    /// The slow sources (owners, locked memory), read again only every few seconds.
    var slow = SlowSources()
    /// Each user process's `statm`, kept open so an idle process costs one `pread`.
    var heldStatm = HeldStatmFiles()
    /// The last listing of `/proc`, reused while no process can have been created since.
    var listing = KeptListing()
}

/// A reading of a Linux tree, live or captured: the system, the processes and the owners, wired together.
enum LinuxReading {
    /// Reads what `request` asks for from `reader`; `state` (live only) makes repeat readings cheap.
    static func read(_ reader: LinuxReader, _ request: ReadRequest, state: inout LinuxReadingState?) -> Reading {
        let earlier = earlierCounters(reader, request, state: state)
        var timer = PhaseTimer()
        let now = PhaseTimer.bootSeconds()
        // A live reader's repeats carry the slow sources between their readings (``SlowSources``).
        let repeated = state?.slow.started == true
        let carryOwners =
            request.owners && repeated && state?.slow.ownersDue(now: now, openFiles: request.processes != nil) == false
        let owners = request.owners && !carryOwners
        // vmallocinfo and the open files are read on a longer cadence still (``SlowSources/heavyIntervals``).
        let heavy = owners && state?.slow.heavyDue(now: now, openFiles: request.processes != nil) != false
        // Owners need nothing from the process scan but its open files: they are read beside the system
        // and the scan, on CPU time those leave idle (vmallocinfo alone is ~10 ms of kernel time). Live,
        // they start at once; a captured tree's page size is known only after readSystem.
        func startOwners(pageSize: Int64) -> BackgroundThread<OwnerReading> {
            BackgroundThread {
                OwnerReading(
                    owners: reader.readOwners(openFiles: nil, pageSize: pageSize, vmallocinfo: false),
                    vmalloc: heavy ? reader.readVmallocCallers(pageSize: pageSize) : nil
                )
            }
        }
        var ownerReading = owners ? reader.livePageSize.map(startOwners) : nil
        var boot = state?.boot
        var snapshot = reader.readSystem(
            earlier: earlier,
            vmallocinfoFromOwners: request.owners,
            bootFacts: &boot,
            lockedMemory: !repeated
        )
        state?.boot = boot
        if repeated { state?.slow.addLockedMemory(reader, into: &snapshot, now: now) }
        timer.mark("system")
        if owners, ownerReading == nil { ownerReading = startOwners(pageSize: snapshot.meta.pageSize) }
        var handles: ProcessHandles?
        var openFiles: OpenFiles?
        if let processes = request.processes {
            let result = readProcesses(reader, processes, openFiles: heavy, state: &state)
            snapshot.processes = result.scan
            snapshot.processes?.problems = result.problems
            handles = result.handles
            openFiles = result.openFiles
            timer.mark("processes")
        }
        if let ownerReading {
            let read = ownerReading.join()
            let kept = read.vmalloc.map { SlowSources.KeptHeavy(vmalloc: $0, openFiles: openFiles, readAt: now) }
            if let kept { state?.slow.heavy = kept }
            adoptOwners(read.owners, heavy: kept ?? state?.slow.heavy, now: now, into: &snapshot)
            if let facts = snapshot.owners, state != nil {
                state?.slow.owners = SlowSources.KeptOwners(facts: facts, readAt: now)
            }
            timer.mark("owners (after the processes)")
        } else if carryOwners, let carried = state?.slow.carriedOwners(now: now) {
            adopt(carried, into: &snapshot)
        }
        SnapshotValidation.check(&snapshot)
        if request.interval > 0, state != nil { state?.counters = reader.readCounters() }
        state?.slow.started = true
        return Reading(snapshot: snapshot, commandLines: handles.map(HandleCommandLines.init))
    }

    /// Puts owners into `snapshot`; a vmalloc sum the ledger takes from carried vmalloc callers is named as
    /// carried in the Linux facts too.
    static func adopt(_ owners: OwnerFacts, into snapshot: inout Snapshot) {
        let before = snapshot.linux?.vmallocinfo
        snapshot.linux?.adoptVmallocinfo(
            callers: owners.vmallocCallers,
            checks: owners.checks,
            release: snapshot.meta.kernel
        )
        if before == nil, snapshot.linux?.vmallocinfo != nil,
            let age = owners.carried?.first(where: { $0.source == CarriedSource.vmallocinfo })
        {
            let earlier = snapshot.linux?.carried ?? []
            snapshot.linux?.carried = earlier + [age]
        }
        snapshot.owners = owners
    }

    /// The earlier sample for rates: the previous reading's counters when a live reader kept them, else (live,
    /// with an interval) a sample taken now, `interval` seconds before the reading.
    static func earlierCounters(_ reader: LinuxReader, _ request: ReadRequest, state: LinuxReadingState?)
        -> TimedCounters?
    {
        guard request.interval > 0, reader.isLive else { return nil }
        if let kept = state?.counters { return kept }
        let earlier = reader.readCounters()
        pause(seconds: request.interval)
        return earlier
    }

    /// The processes, incrementally when `state` carries the previous reading's PSS.
    static func readProcesses(
        _ reader: LinuxReader,
        _ request: ProcessRequest,
        openFiles: Bool,
        state: inout LinuxReadingState?
    ) -> ProcessReadResult {
        var options = ProcessReadOptions(commandLines: request.commandLines.linux, cgroups: request.cgroups)
        // The owners' memfds and DRM clients are found while each process's directory is open.
        options.openFiles = openFiles
        options.carry = state?.carry
        options.heldStatm = state?.heldStatm
        options.listing = state?.listing
        let result = reader.readProcesses(options, keepingHandles: options.commandLines != .eager)
        if state != nil { state?.carry = result.carry }
        return result
    }

    /// Puts the owners read beside the system into `snapshot`, with the heavy sources (vmalloc callers, the
    /// processes' open files) read now or, named with their age, carried from an earlier reading.
    static func adoptOwners(
        _ reading: (OwnerFacts, [SourceProblem]),
        heavy: SlowSources.KeptHeavy?,
        now: Double,
        into snapshot: inout Snapshot
    ) {
        var (facts, problems) = reading
        if let heavy {
            facts.vmallocCallers = heavy.vmalloc.callers
            facts.checks += heavy.vmalloc.checks
            problems += heavy.vmalloc.problems
            if let openFiles = heavy.openFiles { facts.add(openFiles) }
            if heavy.readAt != now { facts.carried = SlowSources.carried(heavy, in: facts, now: now) }
        }
        facts.problems = problems
        adopt(facts, into: &snapshot)
    }

    /// Process costs, with slab object sizes from the snapshot or, when it has none, from `reader`'s
    /// `/proc/slabinfo` (root).
    static func processCosts(_ reader: LinuxReader, _ snapshot: Snapshot) -> ProcessCosts {
        var caches = snapshot.owners?.slabCaches
        var reason = ProcessCosts.slabReason(snapshot)
        if caches == nil, snapshot.meta.os == .linux {
            do {
                caches = try reader.readSlabCaches(pageSize: snapshot.meta.pageSize)
                reason = nil
            } catch let error as ProcError {
                reason = error.isMissing ? "is not present" : error.isPermission ? "needs root" : "\(error)"
            } catch {
                reason = "\(error)"
            }
        }
        return ProcessCosts.of(snapshot, slabCaches: caches, unread: reason)
    }
}

/// What the owners thread read: the owners but the vmalloc callers, and those when they were due.
struct OwnerReading: Sendable {
    var owners: (OwnerFacts, [SourceProblem])
    var vmalloc: VmallocReading?
}

extension ProcessRequest.CommandLines {
    /// The Linux reader's option.
    var linux: ProcessReadOptions.CommandLines {
        switch self {
        case .eager: .eager
        case .lazy: .lazy
        case .none: .none
        case .automatic: .automatic
        }
    }
}

/// Command lines read later through the `/proc/PID` descriptors a process reading kept open.
final class HandleCommandLines: CommandLineSource {
    let handles: ProcessHandles

    init(_ handles: ProcessHandles) { self.handles = handles }

    func commands(for indices: [Int]) -> [String?] { handles.commands(for: indices) }
}
