import WiredCore
import WiredDarwin
import WiredLinux
import WiredSnapshot

/// A snapshot, and the open process handles of a live reading (for command lines read after sorting).
struct Reading {
    var snapshot: Snapshot
    var handles: ProcessHandles?
}

/// The one place that decides where a snapshot comes from: the running system or a captured tree.
enum SnapshotSource {
    /// Reads the snapshot the options ask for: processes when `processes` is given, owners when `owners`.
    ///
    /// Live, `interval` seconds first separate two samples of the paging counters (for pressure rates).
    static func read(
        _ options: GlobalOptions,
        processes: ProcessReadOptions?,
        owners: Bool = false,
        interval: Double = 0
    ) throws -> Reading {
        if let at = options.at {
            var snapshot = try HistorySource.snapshot(at: at, db: options.db)
            if let processes, !processes.cgroups { snapshot.strippingCgroups() }
            return Reading(snapshot: snapshot, handles: nil)
        }
        if let file = options.from {
            var snapshot = try saved(file, needsProcesses: processes != nil, needsOwners: owners)
            // A saved snapshot holds every process's cgroup; a view that would not have read them live
            // shows the same without them.
            if let processes, !processes.cgroups { snapshot.strippingCgroups() }
            return Reading(snapshot: snapshot, handles: nil)
        }
        if let root = options.root {
            guard FileSystemCheck.isDirectory(root) else {
                throw CLIError("--root \(root): not a directory")
            }
            return linux(LinuxReader(root: root), processes: processes, owners: owners)
        }
        return try live(processes: processes, owners: owners, interval: interval)
    }

    /// A saved snapshot file, or a macOS capture (a folder, a `.tar.gz`, or one output file, told apart
    /// from a snapshot by its first line); it must hold what the view needs.
    static func saved(_ path: String, needsProcesses: Bool = false, needsOwners: Bool = false) throws -> Snapshot {
        var snapshot: Snapshot
        do {
            if SnapshotFile.isSnapshot(path) ?? true {
                snapshot = try SnapshotFile.read(path)
                snapshot.meta.source = savedSource(path, readFrom: snapshot.meta.source)
            } else {
                snapshot = try MacCapture.read(path, toolVersion: WiredVersion.current)
            }
        } catch let error as SnapshotFileError {
            throw CLIError(error.description)
        } catch let error as CaptureError {
            throw CLIError(error.description)
        }
        SnapshotValidation.check(&snapshot)
        if let darwin = snapshot.darwin {
            if needsProcesses && (darwin.processes ?? []).isEmpty {
                throw CLIError("\(path): the capture holds no processes (no top or footprint output)")
            }
            return snapshot
        }
        if needsProcesses && snapshot.processes == nil { throw CLIError("\(path): the snapshot holds no processes") }
        if needsOwners && snapshot.owners == nil { throw CLIError("\(path): the snapshot holds no owners") }
        return snapshot
    }

    /// What a view of a saved snapshot names as its source: the file, and where the snapshot was read from
    /// when it was taken ("live" becomes "the running system", so no view of a file says it is live).
    static func savedSource(_ path: String, readFrom original: String) -> String {
        let origin = original == "live" ? "the running system" : original
        return origin.isEmpty ? "snapshot \(path)" : "snapshot \(path), taken from \(origin)"
    }

    /// Everything a snapshot file holds: the system, every process with its command line and cgroup, owners,
    /// and (with `interval`) a first sample of the paging counters.
    static func full(_ options: GlobalOptions, interval: Double = 0) throws -> Snapshot {
        var options = options
        options.from = nil
        return try read(
            options,
            processes: ProcessReadOptions(commandLines: .eager, cgroups: true),
            owners: true,
            interval: interval
        ).snapshot
    }

    /// What processes cost the kernel on the machine `snapshot` was read on: object sizes from the snapshot's
    /// slab caches, or from /proc/slabinfo of the running system or tree when it is readable (root).
    static func processCosts(_ options: GlobalOptions, _ snapshot: Snapshot) -> ProcessCosts {
        var caches = snapshot.owners?.slabCaches
        // Why slabinfo is missing, worded alike whether it was read now or when the snapshot was taken.
        let check = snapshot.owners?.checks.first { $0.contains("/proc/slabinfo") } ?? ""
        var reason: String? =
            caches != nil
            ? nil
            : check.contains("not present")
                ? "is not present" : check.contains("permission") ? "needs root" : "was not read"
        #if os(Linux)
        if caches == nil, options.from == nil, snapshot.meta.os == .linux {
            do {
                caches = try LinuxReader(root: options.root ?? "/").readSlabCaches(pageSize: snapshot.meta.pageSize)
                reason = nil
            } catch let error as ProcError {
                reason = error.isMissing ? "is not present" : error.isPermission ? "needs root" : "\(error)"
            } catch {
                reason = "\(error)"
            }
        }
        #endif
        return ProcessCosts(
            stack: .of(snapshot),
            arch: snapshot.meta.arch,
            slabCaches: caches,
            slabUnread: reason
        )
    }

    /// Adds the running system's processes (names and sizes, no command lines) to a live `snapshot`.
    static func addProcesses(to snapshot: inout Snapshot) {
        #if os(Linux)
        let result = LinuxReader(root: "/").readProcesses(
            ProcessReadOptions(commandLines: .none),
            keepingHandles: false
        )
        snapshot.processes = result.scan
        #elseif canImport(Darwin)
        snapshot.darwin?.processes = DarwinLiveReader.readProcesses()
        #endif
    }

    /// The running system, read by the reader for this OS.
    static func live(processes: ProcessReadOptions? = nil, owners: Bool = false, interval: Double = 0) throws -> Reading
    {
        #if os(Linux)
        return linux(LinuxReader(root: "/"), processes: processes, owners: owners, interval: interval)
        #elseif canImport(Darwin)
        // The macOS reader (WiredDarwin/Live): not yet tested on a Mac.
        var snapshot = DarwinLiveReader.read(
            processes: processes != nil || owners,
            interval: interval,
            toolVersion: WiredVersion.current
        )
        SnapshotValidation.check(&snapshot)
        return Reading(snapshot: snapshot, handles: nil)
        #else
        throw CLIError("reading the running system is supported on Linux and macOS only")
        #endif
    }

    static func linux(
        _ reader: LinuxReader,
        processes: ProcessReadOptions?,
        owners: Bool,
        interval: Double = 0
    ) -> Reading {
        var earlier: TimedCounters?
        if interval > 0, reader.isLive {
            earlier = reader.readCounters()
            pause(seconds: interval)
        }
        var timer = PhaseTimer()
        // Owners need nothing from the process scan but its open files: they are read beside the system
        // and the scan, on CPU time those leave idle (vmallocinfo alone is ~10 ms of kernel time). Live,
        // they start at once; a captured tree's page size is known only after readSystem.
        func startOwners(pageSize: Int64) -> BackgroundThread<(OwnerFacts, [SourceProblem])> {
            BackgroundThread { reader.readOwners(openFiles: nil, pageSize: pageSize) }
        }
        var ownerReading = owners ? reader.livePageSize.map(startOwners) : nil
        var snapshot = reader.readSystem(earlier: earlier, vmallocinfoFromOwners: owners)
        timer.mark("system")
        if owners, ownerReading == nil { ownerReading = startOwners(pageSize: snapshot.meta.pageSize) }
        var handles: ProcessHandles?
        var openFiles: OpenFiles?
        if var processes {
            // The owners' memfds and DRM clients are found while each process's directory is open.
            processes.openFiles = owners
            let result = reader.readProcesses(processes, keepingHandles: processes.commandLines != .eager)
            snapshot.processes = result.scan
            snapshot.processes?.problems = result.problems
            handles = result.handles
            openFiles = result.openFiles
            timer.mark("processes")
        }
        if let ownerReading {
            var (facts, problems) = ownerReading.join()
            if let openFiles { facts.add(openFiles) }
            facts.problems = problems
            snapshot.linux?.adoptVmallocinfo(
                callers: facts.vmallocCallers,
                checks: facts.checks,
                release: snapshot.meta.kernel
            )
            snapshot.owners = facts
            timer.mark("owners (after the processes)")
        }
        SnapshotValidation.check(&snapshot)
        return Reading(snapshot: snapshot, handles: handles)
    }
}

extension Snapshot {
    /// Drops every process's cgroup (a saved or recorded snapshot holds them; a view that would not have read
    /// them live shows the same without them).
    mutating func strippingCgroups() {
        for index in (processes?.processes ?? []).indices {
            processes?.processes[index].cgroup = nil
            processes?.processes[index].unit = nil
        }
    }
}

/// An error the command line prints as one line and exits with status 1 (or `code`).
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var code: Int32

    init(_ message: String, code: Int32 = 1) {
        self.message = message
        self.code = code
    }

    var description: String { message }
}
