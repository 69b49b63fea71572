import Foundation
import Testing
import WiredCore
import WiredSnapshot
import WiredTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `wired snapshot -o PATH`: what it refuses to replace, standard output, signals and stale temporary files.
@Suite("wired snapshot writes safely")
struct SnapshotWriteSafetyTests {
    static let tree = Fixtures.linux("vm-6.18-idle")
    static let asRoot = getuid() == 0

    /// `wired snapshot --root TREE -o path --force`, killed if it takes over 60 s.
    func snapshot(to path: String, force: Bool = true) throws -> TimedResult {
        try Command.wired(["snapshot", "--root", Self.tree, "-o", path] + (force ? ["--force"] : []), killAfter: 60)
    }

    /// The file type bits of `path`, not following a symbolic link.
    func type(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    @Test("A FIFO, socket, directory or symbolic link is never replaced, --force or not; a regular file is")
    func refusals() throws {
        let work = try TemporaryTree()
        try work.write("target.txt", "keep me")
        #expect(mkfifo(work.path + "/fifo", 0o644) == 0)
        try FileManager.default.createDirectory(atPath: work.path + "/folder", withIntermediateDirectories: false)
        #expect(symlink(work.path + "/target.txt", work.path + "/link") == 0)
        try bindSocket(work.path + "/socket")
        let cases: [(String, mode_t, String)] = [
            ("fifo", S_IFIFO, "a FIFO"), ("socket", S_IFSOCK, "a socket"), ("folder", S_IFDIR, "a directory"),
            ("link", S_IFLNK, "a symbolic link"),
        ]
        for (name, mode, words) in cases {
            for force in [true, false] {
                let path = work.path + "/" + name
                let result = try snapshot(to: path, force: force)
                #expect(result.status == 1, "\(name)")
                #expect(
                    result.stderr
                        == "wired: \(path): is \(words): not replaced (only a regular file is ever replaced, with --force)\n",
                    "\(name), force \(force)"
                )
                #expect(type(path) == mode, "\(name) is still what it was")
            }
        }
        #expect(try work.read("target.txt") == "keep me")
        // Nothing left behind: no temporary files beside the refused paths.
        let left = try FileManager.default.contentsOfDirectory(atPath: work.path).sorted()
        #expect(left == ["fifo", "folder", "link", "socket", "target.txt"])
        // A regular file is replaced with --force, atomically: the new file is a snapshot.
        #expect(try snapshot(to: work.path + "/target.txt").status == 0)
        #expect(SnapshotFile.isSnapshot(work.path + "/target.txt") == true)
    }

    @Test(
        "A character device is refused: a copy of /dev/null's node, then /dev/null itself",
        .enabled(if: asRoot, "needs root (mknod, and writing beside /dev/null)")
    )
    func characterDevice() throws {
        let work = try TemporaryTree()
        let node = work.path + "/null"
        // The same device as /dev/null (1:3), made here first: if the refusal ever regressed, this copy is
        // what gets replaced, and the test stops before touching the real one.
        try #require(mknod(node, S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0, "mknod: \(String(cString: strerror(errno)))")
        let copy = try snapshot(to: node)
        try #require(type(node) == S_IFCHR, "the copy of /dev/null was replaced: not trying the real one")
        #expect(copy.status == 1)
        #expect(copy.stderr.contains("\(node): is a character device: not replaced"))
        let real = try snapshot(to: "/dev/null")
        #expect(real.status == 1)
        #expect(real.stderr.contains("/dev/null: is a character device: not replaced"))
        #expect(type("/dev/null") == S_IFCHR)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: "/dev").allSatisfy { !$0.hasPrefix("null.partial-") }
        )
    }

    @Test("-o - writes the snapshot to standard output; the bytes decode to the same reading as a file")
    func standardOutput() throws {
        let work = try TemporaryTree()
        let piped = try Command.wired(["snapshot", "--root", Self.tree, "-o", "-"], killAfter: 60)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stderr.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "-"))
        let fromPipe = try SnapshotFile.decode(Array(piped.stdout), path: "stdout")
        #expect(try snapshot(to: work.path + "/a.wired").status == 0)
        let fromFile = try SnapshotFile.read(work.path + "/a.wired")
        #expect(fromPipe.linux == fromFile.linux)
        #expect(fromPipe.meta.hostname == fromFile.meta.hostname)
        #expect(fromPipe.processes?.processes.count == fromFile.processes?.processes.count)
        #expect(try Ledger.of(fromPipe).buckets == (try Ledger.of(fromFile)).buckets)
    }

    @Test("-o - refuses a terminal: compressed bytes would be shown, or taken as control sequences")
    func terminal() throws {
        // A pseudo-terminal by hand: Swift does not import posix_openpt. TIOCSPTLCK and TIOCGPTN are
        // _IOW('T', 0x31, int) and _IOR('T', 0x30, unsigned int) on Linux.
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        try #require(master >= 0, "no pseudo-terminal: \(String(cString: strerror(errno)))")
        defer { close(master) }
        var unlock: Int32 = 0
        var number: UInt32 = 0
        try #require(ioctl(master, UInt(0x4004_5431), &unlock) == 0 && ioctl(master, UInt(0x8004_5430), &number) == 0)
        let terminal = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        try #require(terminal >= 0 && isatty(terminal) == 1)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Fixtures.product("wired"))
        process.arguments = ["snapshot", "--root", Self.tree, "-o", "-"]
        process.standardOutput = FileHandle(fileDescriptor: terminal, closeOnDealloc: true)
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(
            text
                == "wired: standard output: is a terminal: a snapshot is compressed binary data; redirect it to a file or a pipe\n"
        )
    }

    @Test("SIGTERM or SIGINT while the temporary file exists: it is removed, and the target never appears")
    func signals() throws {
        for signal in [SIGTERM, SIGINT] {
            let work = try TemporaryTree()
            let target = work.path + "/slow.wired"
            // The test hook of SnapshotFile.write: wait 30 s with the temporary file written.
            let child = try SpawnedCommand(
                [Fixtures.product("wired"), "snapshot", "--root", Self.tree, "-o", target],
                environment: ["WIRED_TEST_WRITE_PAUSE": "30"]
            )
            let temporary = "\(target).partial-\(child.pid)"
            var waited = 0
            while !FileManager.default.fileExists(atPath: temporary), waited < 600 {
                usleep(50_000)
                waited += 1
            }
            let appeared = FileManager.default.fileExists(atPath: temporary)
            kill(child.pid, signal)
            let status = child.wait()
            #expect(appeared, "the temporary file \(temporary) never appeared")
            #expect(status == 128 + signal, "ended by signal \(signal)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == [], "signal \(signal)")
        }
    }

    @Test("A temporary file left by a killed run is removed by the next one; a live pid's, or another name's, is kept")
    func staleTemporaries() throws {
        let work = try TemporaryTree()
        let dead = try deadPID()
        let live = getpid()
        let names = [
            "s.wired.partial-\(dead)", "s.wired.partial-\(live)", "other.wired.partial-\(dead)",
            "s.wired.partial-\(dead)x", "s.wired.partial-",
        ]
        for name in names { try work.write(name, "half a snapshot") }
        let result = try snapshot(to: work.path + "/s.wired", force: false)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr
                == "wired: removed \(work.path)/s.wired.partial-\(dead), left by an earlier snapshot that was killed\n"
        )
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: work.path))
        #expect(left == Set(names.dropFirst() + ["s.wired"]))
    }

    /// A pid that no process has now: a child that has exited and been reaped.
    func deadPID() throws -> Int32 {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let pid = child.processIdentifier
        try #require(kill(pid, 0) != 0 && errno == ESRCH, "pid \(pid) was reused at once")
        return pid
    }

    /// Makes a UNIX socket at `path`.
    func bindSocket(_ path: String) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        try #require(bytes.count < MemoryLayout.size(ofValue: address.sun_path))
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(bound == 0, "bind: \(String(cString: strerror(errno)))")
    }
}
