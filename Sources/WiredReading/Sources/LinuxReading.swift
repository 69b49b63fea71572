import WiredCore
import WiredLinux

/// The state a live Linux reader keeps from one reading to the next; a captured tree keeps none.
struct LinuxReadingState {
    /// Facts that last as long as the boot (installed RAM, reserved-at-boot lines, kernel config…).
    var boot: BootFacts?
    /// The previous reading's counters, the earlier sample of the next reading's rates.
    var counters: TimedCounters?
    /// Each process's last PSS, so idle processes are not walked again on every reading.
    var carry: ProcessCarry?
}

/// A reading of a Linux tree, live or captured: the system, the processes and the owners, wired together.
enum LinuxReading {
    /// Reads what `request` asks for from `reader`; `state` (live only) makes repeat readings cheap.
    static func read(_ reader: LinuxReader, _ request: ReadRequest, state: inout LinuxReadingState?) -> Reading {
        let earlier = earlierCounters(reader, request, state: state)
        var timer = PhaseTimer()
        let owners = request.owners
        // Owners need nothing from the process scan but its open files: they are read beside the system
        // and the scan, on CPU time those leave idle (vmallocinfo alone is ~10 ms of kernel time). Live,
        // they start at once; a captured tree's page size is known only after readSystem.
        func startOwners(pageSize: Int64) -> BackgroundThread<(OwnerFacts, [SourceProblem])> {
            BackgroundThread { reader.readOwners(openFiles: nil, pageSize: pageSize) }
        }
        var ownerReading = owners ? reader.livePageSize.map(startOwners) : nil
        var boot = state?.boot
        var snapshot = reader.readSystem(earlier: earlier, vmallocinfoFromOwners: owners, bootFacts: &boot)
        state?.boot = boot
        timer.mark("system")
        if owners, ownerReading == nil { ownerReading = startOwners(pageSize: snapshot.meta.pageSize) }
        var handles: ProcessHandles?
        var openFiles: OpenFiles?
        if let processes = request.processes {
            let result = readProcesses(reader, processes, owners: owners, state: &state)
            snapshot.processes = result.scan
            snapshot.processes?.problems = result.problems
            handles = result.handles
            openFiles = result.openFiles
            timer.mark("processes")
        }
        if let ownerReading {
            adoptOwners(ownerReading.join(), openFiles: openFiles, into: &snapshot)
            timer.mark("owners (after the processes)")
        }
        SnapshotValidation.check(&snapshot)
        if request.interval > 0, state != nil { state?.counters = reader.readCounters() }
        return Reading(snapshot: snapshot, commandLines: handles.map(HandleCommandLines.init))
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
        owners: Bool,
        state: inout LinuxReadingState?
    ) -> ProcessReadResult {
        var options = ProcessReadOptions(commandLines: request.commandLines.linux, cgroups: request.cgroups)
        // The owners' memfds and DRM clients are found while each process's directory is open.
        options.openFiles = owners
        options.carry = state?.carry
        let result = reader.readProcesses(options, keepingHandles: options.commandLines != .eager)
        if state != nil { state?.carry = result.carry }
        return result
    }

    /// Puts the owners read beside the system into `snapshot`, with the processes' open files.
    static func adoptOwners(
        _ reading: (OwnerFacts, [SourceProblem]),
        openFiles: OpenFiles?,
        into snapshot: inout Snapshot
    ) {
        var (facts, problems) = reading
        if let openFiles { facts.add(openFiles) }
        facts.problems = problems
        snapshot.linux?.adoptVmallocinfo(
            callers: facts.vmallocCallers,
            checks: facts.checks,
            release: snapshot.meta.kernel
        )
        snapshot.owners = facts
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
