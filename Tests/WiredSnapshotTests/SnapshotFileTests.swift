import Foundation
import Testing
import WiredCompression
import WiredCore
import WiredLinux
import WiredTestSupport

@testable import WiredSnapshot

/// A full reading of a fixture tree: system, processes (with cgroups) and owners.
func fullSnapshot(_ fixture: String) -> Snapshot { Fixtures.fullSnapshot(fixture) }

@Suite("Snapshot files")
struct SnapshotFileTests {
    static let fixtures = [
        "vm-6.18-idle", "vm-6.18-owners", "synthetic-owners-v2", "old-kernel-edited", "vm-6.18-processes",
        "vm-6.18-pressure-oom",
    ]

    @Test("Round trip: a decoded snapshot equals the one written", arguments: fixtures)
    func roundTrip(fixture: String) throws {
        let snapshot = fullSnapshot(fixture)
        let bytes = try SnapshotFile.encode(snapshot)
        #expect(String(decoding: bytes.prefix(24), as: UTF8.self) == "wired snapshot format 1\n")
        #expect(try SnapshotFile.decode(bytes, path: "x") == snapshot)
    }

    @Test("The slab caches' JSON kept from sample to sample gives the very bytes of a whole encoding")
    func keptSlabJSON() throws {
        var snapshot = fullSnapshot("vm-6.18-owners")
        snapshot.processes?.processes = []
        let caches = try #require(snapshot.owners?.slabCaches)
        #expect(caches.count > 10)
        var kept: SlabCachesJSON?
        let whole = try SnapshotFile.json(snapshot)
        #expect(try SnapshotFile.json(snapshot, keeping: &kept) == whole)
        #expect(kept != nil)
        // Kept: the same bytes again; the caches changed: encoded anew.
        #expect(try SnapshotFile.json(snapshot, keeping: &kept) == whole)
        snapshot.owners?.slabCaches?[0].objects += 1
        snapshot.owners?.slabCaches?.append(
            SlabCache(
                name: "x\"slabCaches\":[]",
                activeObjects: 1,
                objects: 2,
                objectSize: 64,
                bytes: 128,
                reclaimable: false
            )
        )
        #expect(try SnapshotFile.json(snapshot, keeping: &kept) == SnapshotFile.json(snapshot))
        #expect(try SnapshotFile.decode(json: SnapshotFile.json(snapshot, keeping: &kept), name: "x") == snapshot)
        // No caches: nothing to keep.
        snapshot.owners?.slabCaches = nil
        #expect(try SnapshotFile.json(snapshot, keeping: &kept) == SnapshotFile.json(snapshot))
    }

    @Test("The marker is only used where it stands exactly once")
    func markerOnce() {
        let marker = SnapshotFile.slabMarker
        #expect(SnapshotFile.onlyOccurrence(of: marker, in: Array("{\"a\":1,".utf8) + marker) == 7)
        #expect(SnapshotFile.onlyOccurrence(of: marker, in: marker + Array(",".utf8) + marker) == nil)
        #expect(SnapshotFile.onlyOccurrence(of: marker, in: Array("{}".utf8)) == nil)
    }

    @Test("Round trip of awkward processes: escapes, non-ASCII, every optional field absent or present")
    func awkwardProcesses() throws {
        var snapshot = fullSnapshot("vm-6.18-processes")
        var odd = ProcessFacts(
            pid: 77,
            startTime: UInt64(Int64.max) + 5,
            name: "a\"b\\c\td",
            state: "S",
            kind: .user,
            threads: 3
        )
        odd.command = "tool --label \"x y\" \u{1}\u{7f} naïve 日本 😀"
        odd.cgroup = "/system.slice/machine-qemu\\x2d1.scope"
        odd.unit = "/user.slice/a\nb"
        odd.denial = "permission"
        odd.smaps = SmapsRollup(rss: 1, pss: 2, uss: 3, swap: 4)  // no Pss_Anon…: an old kernel
        var bare = ProcessFacts(pid: 78, startTime: 0, name: "", state: "Z", kind: .zombie, threads: 0)
        bare.parentPID = 77
        snapshot.processes?.processes += [odd, bare]
        let decoded = try SnapshotFile.decode(try SnapshotFile.encode(snapshot), path: "x")
        #expect(decoded == snapshot)
        #expect(decoded.processes?.processes.last?.uid == nil)
        // `wired snapshot --json` prints the JSON the file holds; a general JSON parser reads it.
        let json = try SnapshotFile.json(snapshot)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        let processes = try #require(object["processes"] as? [[String: Any]])
        #expect(processes.count == snapshot.processes?.processes.count)
        #expect(processes.first { $0["pid"] as? Int == 77 }?["name"] as? String == "a\"b\\c\td")
    }

    @Test("A file cut at 50 offsets gives one clear error, never a snapshot or a crash")
    func truncated() throws {
        let bytes = try SnapshotFile.encode(fullSnapshot("vm-6.18-owners"))
        var offsets = (0..<48).map { $0 * bytes.count / 48 }
        offsets += [bytes.count - 1, bytes.count - 4]
        #expect(offsets.count == 50)
        for offset in offsets {
            do {
                _ = try SnapshotFile.decode(Array(bytes.prefix(offset)), path: "cut.wired")
                Issue.record("a file cut at \(offset) of \(bytes.count) bytes was accepted")
            } catch let error as SnapshotFileError {
                #expect(error.path == "cut.wired")
                #expect(
                    [
                        "the file is empty", "not a wired snapshot", "damaged: the compressed data ends early",
                        "has no valid format number",
                    ]
                    .contains { error.problem.contains($0) },
                    "offset \(offset): \(error.problem)"
                )
            }
        }
    }

    @Test("A damaged byte, another file, or a future format are named")
    func refused() throws {
        let bytes = try SnapshotFile.encode(fullSnapshot("vm-6.18-idle"))
        var damaged = bytes
        damaged[bytes.count / 2] ^= 0x5A
        #expect(throws: SnapshotFileError.self) { try SnapshotFile.decode(damaged, path: "d") }
        do {
            _ = try SnapshotFile.decode(damaged, path: "d.wired")
        } catch let error as SnapshotFileError {
            #expect(error.description.hasPrefix("d.wired: damaged: "))
        }
        do {
            _ = try SnapshotFile.decode(Array("MemTotal: 123 kB\n".utf8), path: "meminfo")
        } catch let error as SnapshotFileError {
            #expect(error.problem == "not a wired snapshot (it starts with \"MemTotal: 123 kB\")")
        }
        let future = Array("wired snapshot format 7\n".utf8) + Array(bytes.dropFirst(24))
        do {
            _ = try SnapshotFile.decode(future, path: "new.wired")
        } catch let error as SnapshotFileError {
            #expect(error.problem.contains("written in snapshot format 7"))
            #expect(error.problem.contains("reads formats up to 1"))
        }
        // Valid gzip, but JSON that is not a snapshot: the field is named.
        let wrong =
            Array("wired snapshot format 1\n".utf8)
            + (try Gzip.compress(Array("{\"formatVersion\":1,\"snapshot\":{\"meta\":{}}}".utf8)))
        do {
            _ = try SnapshotFile.decode(wrong, path: "w")
        } catch let error as SnapshotFileError {
            #expect(error.problem.hasPrefix("damaged: snapshot.meta lacks"))
        }
    }

    @Test("Writing never replaces a file unless forced, and leaves no partial file behind")
    func writing() throws {
        let tree = try TemporaryTree()
        let path = tree.path + "/a.wired"
        let snapshot = fullSnapshot("vm-6.18-idle")
        let size = try SnapshotFile.write(snapshot, to: path, force: false).bytes
        #expect(size > 1000)
        try tree.write("b.wired", "precious")
        #expect(throws: SnapshotFileError.self) {
            try SnapshotFile.write(snapshot, to: tree.path + "/b.wired", force: false)
        }
        #expect(try tree.read("b.wired") == "precious")
        try SnapshotFile.write(snapshot, to: tree.path + "/b.wired", force: true)
        #expect(try SnapshotFile.read(tree.path + "/b.wired") == snapshot)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tree.path).sorted() == ["a.wired", "b.wired"])
        do {
            _ = try SnapshotFile.read(tree.path + "/missing.wired")
        } catch let error as SnapshotFileError {
            #expect(error.description == "\(tree.path)/missing.wired: no such file or directory")
        }
    }

    @Test("Snapshots hold redacted command lines only, and no environment")
    func privacy() throws {
        var snapshot = fullSnapshot("vm-6.18-processes")
        snapshot.processes?.processes[3].command = withBytes(of: Array("mysql\0--password=hunter2\0".utf8)) {
            ProcessParsers.command($0)
        }
        let text = String(decoding: try SnapshotFile.json(snapshot), as: UTF8.self)
        #expect(!text.contains("hunter2"))
        #expect(text.contains("--password=********"))
        #expect(!text.lowercased().contains("environ"))
    }
}

@Suite("Comparing snapshots")
struct SnapshotDiffTests {
    static let pairs = [
        ("vm-6.18-idle", "vm-6.18-mlock-1g"), ("vm-6.18-processes", "vm-6.18-owners"),
        ("synthetic-owners-v2", "vm-6.18-idle"), ("vm-6.18-idle", "old-kernel-edited"),
    ]

    @Test("diff(a, a) is empty", arguments: SnapshotFileTests.fixtures)
    func identity(fixture: String) {
        let snapshot = fullSnapshot(fixture)
        #expect(SnapshotComparison.diff(snapshot, snapshot).changes.isEmpty)
    }

    @Test("diff(a, b) is diff(b, a) reversed", arguments: pairs)
    func antisymmetry(a: String, b: String) {
        let (x, y) = (fullSnapshot(a), fullSnapshot(b))
        let forward = SnapshotComparison.diff(x, y)
        let backward = SnapshotComparison.diff(y, x)
        #expect(!forward.changes.isEmpty)
        // The same changes reversed; the order is each side's ranking by growth, so it is compared by key.
        func byKey(_ changes: [Change]) -> [String: Change] {
            Dictionary(changes.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        }
        #expect(byKey(backward.changes) == byKey(forward.changes.map(\.reversed)))
        #expect(backward.changes.count == forward.changes.count)
        #expect(forward.changes.map(\.delta).sum() == -backward.changes.map(\.delta).sum())
    }

    @Test("1 GiB mlocked: the mlocked bucket and the wired total grew by it")
    func mlocked() throws {
        let diff = SnapshotComparison.diff(fullSnapshot("vm-6.18-idle"), fullSnapshot("vm-6.18-mlock-1g"))
        let mlocked = try #require(diff.changes.first { $0.key == "ledger/mlocked" })
        #expect(mlocked.delta == .kibibytes(1_057_936 - 9_360))
        #expect(mlocked.wired)
        // The wired total grew by the 1 GiB mlocked and the page tables that map it, within 3%: app and shared
        // memory with no swap are unswappable, not wired. It is listed below the owners and the buckets.
        let wired = try #require(diff.changes.first { $0.key == "total/wired" })
        #expect(abs(Double(wired.delta.bytes) / Double(1 << 30) - 1) < 0.03)
        #expect(wired.wired)
        #expect(wired.section == .totals)
        #expect(
            diff.changes.firstIndex { $0.section == .totals } ?? 0 > diff.changes.lastIndex { $0.section == .ledger }
                ?? 0
        )
        // MemFree of the two trees (FixtureLedgerTests): 23,210,405,888 − 24,257,671,168 bytes.
        #expect(
            diff.changes.first { $0.key == "ledger/free" }?.delta == ByteCount(bytes: 23_210_405_888 - 24_257_671_168)
        )
        #expect(diff.significant(minimum: .mebibytes(1)).count < diff.changes.count)
    }

    @Test("A tree with no process directories splits app and shared memory as if processes were not read")
    func noProcesses() throws {
        let full = fullSnapshot("vm-6.18-idle")
        #expect(full.processes?.processes.isEmpty == true)
        var bare = full
        bare.processes = nil
        let app = try #require(try Ledger.of(full).buckets.first { $0.id == "app" })
        #expect(app.bytes == (try Ledger.of(bare)).buckets.first { $0.id == "app" }?.bytes)
        // The middle of the range meminfo allows (FixtureLedgerTests): 2.76 MiB, not 0.
        #expect(app.bytes > .mebibytes(2))
    }

    @Test("Owners one snapshot could not read are not compared: no false 'appeared', a note per source")
    func unreadableOwners() throws {
        let full = fullSnapshot("vm-6.18-owners")
        var withoutRoot = full
        withoutRoot.owners?.slabCaches = nil
        withoutRoot.owners?.vmallocCallers = nil
        let diff = SnapshotComparison.diff(withoutRoot, full)
        #expect(diff.changes.isEmpty)
        #expect(
            diff.notes == [
                "Slab caches are only in the second snapshot (not readable or not captured in the other): not compared.",
                "vmalloc callers are only in the second snapshot (not readable or not captured in the other): not compared.",
            ]
        )
        // A snapshot without owners or processes still compares its ledger, hugepage pools and zram.
        var bare = full
        bare.owners = nil
        bare.processes = nil
        let fromBare = SnapshotComparison.diff(bare, full)
        #expect(fromBare.changes.isEmpty)
        #expect(fromBare.notes.count == 8)
        #expect(
            fromBare.notes.contains(
                "memfds and deleted shared files are only in the second snapshot (not readable or not captured in the other): not compared."
            )
        )
        var grown = full
        grown.linux?.zram?[0].memUsedBytes += 1 << 20
        #expect(SnapshotComparison.diff(bare, grown).changes.map(\.key) == ["zram/zram0"])
    }

    @Test("Processes match by command across runs; pids do not matter")
    func commandKeys() {
        var a = ProcessFacts(pid: 100, startTime: 5, name: "nginx", state: "S", kind: .user, threads: 1)
        a.command = "nginx: worker process --port 8080 --id 3f2a1b9c8d7e6f5a"
        var b = a
        b.pid = 4321
        b.startTime = 99_999
        b.command = "nginx: worker process --port 9090 --id 0a1b2c3d4e5f6789"
        #expect(SnapshotComparison.commandKey(a) == SnapshotComparison.commandKey(b))
        #expect(SnapshotComparison.commandKey(a) == "nginx nginx: worker process --port # --id #")
    }
}
