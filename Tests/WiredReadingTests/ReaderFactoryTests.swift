import Foundation
import Testing
import WiredCore
import WiredReading
import WiredSnapshot
import WiredTestSupport

/// The factory picks the source the options name, and each source's reader reads what it should.
@Suite("Reader factory")
struct ReaderFactoryTests {
    @Test("No option reads the running system; --root a tree; --from a file (also beside --root)")
    func sources() {
        #expect(ReaderFactory.source(root: nil, from: nil) == ReaderFactory.liveSource)
        #expect(ReaderFactory.source(root: "/tmp/tree", from: nil) == .tree("/tmp/tree"))
        #expect(ReaderFactory.source(root: nil, from: "a.wired") == .saved("a.wired"))
        // The options refuse both together; should they reach the factory, the file wins, as before.
        #expect(ReaderFactory.source(root: "/tmp/tree", from: "a.wired") == .saved("a.wired"))
        #if os(Linux)
        #expect(ReaderFactory.liveSource == .liveLinux)
        #endif
    }

    @Test("The live source gives the stateful live reader")
    func live() throws {
        #if os(Linux)
        let reader = try ReaderFactory.reader(for: .liveLinux)
        #expect(reader is LiveLinuxReader)
        #expect(reader.source == .liveLinux)
        #expect(
            ReaderFactory.purger(level: 3, compact: true).what
                == "sync, then drop_caches=3 (page cache and reclaimable slab), then compact_memory"
        )
        #expect(ReaderFactory.purger(level: 1, compact: false).what == "sync, then drop_caches=1 (page cache)")
        #endif
    }

    @Test("--root: a tree reader that reads the tree (its hostname, its 10 processes), every time alike")
    func tree() throws {
        let path = Fixtures.linux("vm-6.18-processes")
        let reader = try ReaderFactory.reader(root: path, from: nil)
        #expect(reader is TreeReader)
        #expect(reader.source == .tree(path))
        let request = ReadRequest(processes: ProcessRequest(commandLines: .eager))
        let first = try reader.read(request)
        #expect(first.snapshot.meta.source == "root \(path)")
        #expect(first.snapshot.meta.hostname == "vm")
        #expect(first.snapshot.processes?.processes.count == 10)
        #expect(first.snapshot.processes?.processes.allSatisfy { $0.pssAge == nil } == true)
        #expect(first.snapshot.owners == nil)
        let second = try reader.read(request)
        #expect(second.snapshot.processes == first.snapshot.processes)
        #expect(second.snapshot.linux == first.snapshot.linux)
    }

    @Test("--root of a missing folder is refused, naming it")
    func missingTree() {
        #expect(throws: ReadError.self) { try ReaderFactory.reader(root: "/nonexistent/tree", from: nil) }
        do {
            _ = try ReaderFactory.reader(root: "/nonexistent/tree", from: nil)
        } catch {
            #expect("\(error)" == "--root /nonexistent/tree: not a directory")
        }
    }

    @Test("--from a macOS capture folder: a saved reader giving the capture's facts (hw.memsize 32 GiB)")
    func macCapture() throws {
        let path = Fixtures.darwin("handmade-m2-before")
        let reader = try ReaderFactory.reader(root: nil, from: path)
        #expect(reader is SavedReader)
        #expect(reader.source == .saved(path))
        let reading = try reader.read(ReadRequest(processes: ProcessRequest()))
        #expect(reading.snapshot.darwin?.memsize == 34_359_738_368)
        #expect(reading.commandLines == nil)
    }

    @Test("--from a capture without processes, for a view that needs them: refused, naming the file")
    func capturesWithoutProcesses() throws {
        let path = Fixtures.darwin("sysctl-16GB-handmade.txt")
        let reader = try ReaderFactory.reader(root: nil, from: path)
        _ = try reader.read(ReadRequest())
        do {
            _ = try reader.read(ReadRequest(processes: ProcessRequest()))
            Issue.record("a capture without processes was accepted")
        } catch {
            #expect("\(error)" == "\(path): the capture holds no processes (no top or footprint output)")
        }
    }

    @Test("--from a snapshot file: its facts, its source named, cgroups dropped for a view that reads none")
    func snapshotFile() throws {
        let tree = Fixtures.linux("vm-6.18-processes")
        let full = try TreeReader(root: tree).read(.full()).snapshot
        let path = NSTemporaryDirectory() + "wired-reading-\(UUID().uuidString).wired"
        defer { unlink(path) }
        _ = try SnapshotFile.write(full, to: path, force: false)
        let reader = try ReaderFactory.reader(root: nil, from: path)
        let withCgroups = try reader.read(.full()).snapshot
        #expect(withCgroups.meta.source == "snapshot \(path), taken from root \(tree)")
        #expect(withCgroups.processes?.processes.map(\.pid) == full.processes?.processes.map(\.pid))
        #expect(withCgroups.processes?.processes.contains { $0.cgroup != nil } == true)
        let without = try reader.read(ReadRequest(processes: ProcessRequest(cgroups: false))).snapshot
        #expect(without.processes?.processes.allSatisfy { $0.cgroup == nil && $0.unit == nil } == true)
    }
}
