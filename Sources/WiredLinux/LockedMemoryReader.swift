public import WiredCore

extension LinuxReader {
    /// Who holds locked memory (see ``readLockedMemory(_:)``), with the problems met.
    public func readLockedMemory() -> (LockedMemoryFacts, [SourceProblem]) {
        var session = ReadSession(reader: self)
        let facts = readLockedMemory(&session)
        return (facts, session.problems)
    }

    /// Reads who holds locked memory: every process's `VmLck` and `RssShmem` (`/proc/PID/status`), the locked
    /// file-backed mappings of those with `VmLck` above zero (`/proc/PID/smaps`), the SysV segments and the
    /// tmpfs mount points.
    ///
    /// One `status` per process and one `smaps` per locking process: the ledger reads it only when meminfo
    /// leaves open how much locked memory is shared memory (``LockedShared/needsFacts(_:)``).
    func readLockedMemory(_ session: inout ReadSession) -> LockedMemoryFacts {
        var processes: [LockedProcess] = []
        var unreadable = 0
        let procPath = path("/proc")
        var names: [String] = []
        do {
            names = try FileSystem.list(procPath)
        } catch let error as ProcError {
            session.problems.append(error.problem)
            unreadable += 1
        } catch {
            session.problems.append(SourceProblem(source: procPath, kind: .unreadable, message: "\(error)"))
            unreadable += 1
        }
        for name in names {
            guard let pid = Int32(name), pid > 0 else { continue }
            let base = "\(procPath)/\(name)/"
            guard let (status, processName) = readStatus(&session, base) else {
                unreadable += 1
                continue
            }
            guard let locked = status.sizes[.locked], locked > 0 else { continue }
            var process = LockedProcess(pid: pid, name: processName, vmLck: locked, rssShmem: status.sizes[.rssShmem])
            do {
                var problems: [SourceProblem] = []
                process.mappings = try session.files.withContents(
                    of: base + "smaps",
                    cap: FileLimits.standard,
                    displayPath: base + "smaps"
                ) {
                    LockedParsers.lockedMappings($0.uint8, path: base + "smaps", problems: &problems)
                }
                session.problems += problems
            } catch let error as ProcError {
                process.smapsDenial =
                    error.isPermission ? "permission" : error.isMissing && !isLive ? "not captured" : error.description
            } catch {
                process.smapsDenial = "\(error)"
            }
            processes.append(process)
        }
        let segments = session.parse(
            "/proc/sysvipc/shm",
            OwnerParsers.sysvShm,
            quietIfMissing: true
        )
        let mounts =
            session.parse(
                "/proc/mounts",
                { buffer, _ in Parsed(value: OwnerParsers.mounts(buffer), problems: []) },
                quietIfMissing: true
            )
            ?? []
        return LockedMemoryFacts(
            processes: processes,
            unreadable: unreadable,
            sysvSegments: segments,
            shmemMounts: mounts.filter { $0.type == "tmpfs" }.map(\.mountPoint),
            captured: !isLive
        )
    }

    /// A process's `status` and its name, or `nil` when it cannot be read: it exited, or `hidepid` hides it
    /// (the caller counts it; its locks are unknown).
    private func readStatus(_ session: inout ReadSession, _ base: String) -> (ProcessParsers.Status, String)? {
        do {
            return try session.files.withContents(of: base + "status", displayPath: base + "status") { raw in
                var ignored: [SourceProblem] = []
                let buffer = raw.uint8
                return (
                    ProcessParsers.status(buffer, path: base + "status", problems: &ignored),
                    LockedParsers.statusName(buffer) ?? ""
                )
            }
        } catch {
            return nil
        }
    }
}
