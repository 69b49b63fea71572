import Foundation
import Testing
import WiredCore
import WiredTestSupport

extension Live {
    /// `wired owners` finds owners created on the running system.
    ///
    /// Root only; run one at a time.
    @Suite(
        "Live owners (root)",
        .serialized,
        .enabled(if: Fixtures.isRoot, "needs root: tmpfs mounts, cgroups, mlock beyond the default limit")
    )
    struct LiveOwnerTests {
        /// The owners tree of the running system, as JSON.
        func tree() throws -> [String: Any] {
            Thread.sleep(forTimeInterval: 1.2)
            let result = try Command.wired(["owners", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(try Command.json(result.stdout) as? [String: Any])
            return try #require(object["tree"] as? [String: Any])
        }

        func find(_ node: [String: Any], _ match: ([String: Any]) -> Bool) -> [String: Any]? {
            if match(node) { return node }
            for child in node["children"] as? [[String: Any]] ?? [] {
                if let found = find(child, match) { return found }
            }
            return nil
        }

        func within(_ actual: Int?, _ expected: Int, _ share: Double) -> Bool {
            guard let actual else { return false }
            return abs(Double(actual - expected)) <= share * Double(expected)
        }

        @Test("A 150 MiB file in a fresh tmpfs mount is attributed to that mount")
        func tmpfs() throws {
            let mountPoint = NSTemporaryDirectory() + "wired-owners-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: mountPoint) }
            try #require(
                try Command.run(["/bin/mount", "-t", "tmpfs", "-o", "size=200m", "wired-test", mountPoint]).status == 0
            )
            defer { _ = try? Command.run(["/bin/umount", mountPoint]) }
            let chunk = Data(repeating: 0x5A, count: 1 << 20)
            _ = FileManager.default.createFile(atPath: mountPoint + "/150m", contents: nil)
            let handle = try #require(FileHandle(forWritingAtPath: mountPoint + "/150m"))
            for _ in 0..<150 { handle.write(chunk) }
            try handle.close()
            let mount = try #require(find(try tree()) { $0["name"] as? String == "tmpfs \(mountPoint)" })
            #expect(mount["kind"] as? String == "mount")
            #expect(within(mount["bytes"] as? Int, 150 << 20, 0.03), "\(mount["bytes"] ?? "?")")
            #expect((mount["id"] as? String)?.hasPrefix("shmem/") == true)
        }

        @Test("A child in a new memory cgroup allocating 100 MiB shows under that cgroup")
        func cgroup() throws {
            let name = "wired-test-\(getpid())"
            let v2 =
                (try? String(contentsOfFile: "/sys/fs/cgroup/cgroup.controllers", encoding: .utf8))?.contains("memory")
                == true
            let directory = v2 ? "/sys/fs/cgroup/\(name)" : "/sys/fs/cgroup/memory/\(name)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let helper = try HelperProcess(["--anon", "100"], cgroup: directory)
            defer { helper.stop() }
            let tree = try tree()
            let service = try #require(
                find(tree) { $0["id"] as? String == "app/\(name)" },
                "no app/\(name) in the tree"
            )
            #expect(service["kind"] as? String == "service")
            let process = try #require(find(service) { $0["id"] as? String == "app/pid/\(helper.pid)" })
            #expect(within(process["bytes"] as? Int, 100 << 20, 0.03))
        }

        @Test("A 64 MiB SysV segment is found")
        func sysv() throws {
            let helper = try HelperProcess(["--shm", "64"])
            defer { helper.stop() }
            let segment = try #require(
                find(try tree()) { ($0["name"] as? String)?.contains("created by pid \(helper.pid)") == true }
            )
            #expect(segment["kind"] as? String == "segment")
            #expect(segment["bytes"] as? Int == 64 << 20)
        }

        @Test("A child mlocking 64 MiB appears under wired user memory")
        func mlock() throws {
            let helper = try HelperProcess(["--mlock", "64"])
            defer { helper.stop() }
            let node = try #require(find(try tree()) { $0["id"] as? String == "mlocked/pid/\(helper.pid)" })
            #expect(node["bytes"] as? Int == 64 << 20)
            #expect(node["wired"] as? Bool == true)
        }

        @Test("An mlocked 128 MiB memfd appears once, under the locked bucket, in text and JSON")
        func lockedMemfd() throws {
            let helper = try HelperProcess(["--memfd", "128", "--mlock-memfd"])
            defer { helper.stop() }
            let tree = try tree()
            let memfds = all(tree) {
                ($0["name"] as? String)?.hasPrefix("memfd:wired-test") == true
                    || ($0["name"] as? String)?.hasPrefix("/memfd:wired-test") == true
            }
            #expect(memfds.count == 1, "\(memfds.map { $0["id"] ?? "?" })")
            let node = try #require(memfds.first)
            #expect((node["id"] as? String)?.hasPrefix("mlocked/") == true)
            #expect(node["bytes"] as? Int == 128 << 20)
            #expect(node["wired"] as? Bool == true)
            let text = try Command.wired(["owners", "--all"], environment: ["COLUMNS": "400"])
            #expect(text.stdout.split(separator: "\n").filter { $0.contains("memfd:wired-test") }.count == 1)
            try expectNoOwnerOutweighsItsParent(tree)
        }

        @Test("A SHM_LOCKed 64 MiB SysV segment appears once, under the unevictable bucket")
        func shmLocked() throws {
            let helper = try HelperProcess(["--shm", "64", "--shm-lock"])
            defer { helper.stop() }
            let tree = try tree()
            let segments = all(tree) { ($0["name"] as? String)?.contains("created by pid \(helper.pid)") == true }
            #expect(segments.count == 1, "\(segments.map { $0["id"] ?? "?" })")
            let node = try #require(segments.first)
            #expect((node["id"] as? String)?.hasPrefix("unevictable/") == true)
            #expect(node["bytes"] as? Int == 64 << 20)
            try expectNoOwnerOutweighsItsParent(tree)
        }

        /// Every node of `node` that `match` accepts.
        func all(_ node: [String: Any], _ match: ([String: Any]) -> Bool) -> [[String: Any]] {
            (match(node) ? [node] : []) + (node["children"] as? [[String: Any]] ?? []).flatMap { all($0, match) }
        }

        /// No owner in the JSON tree is bigger than the node it is in (rest lines aside).
        func expectNoOwnerOutweighsItsParent(_ node: [String: Any]) throws {
            let bytes = try #require(node["bytes"] as? Int)
            for child in node["children"] as? [[String: Any]] ?? [] {
                let id = child["id"] as? String ?? ""
                if !id.hasSuffix("/rest") {
                    let size = try #require(child["bytes"] as? Int)
                    #expect(
                        size >= 0 && (bytes < 0 || size <= bytes),
                        "\(id) (\(size)) in \(node["id"] ?? "") (\(bytes))"
                    )
                }
                try expectNoOwnerOutweighsItsParent(child)
            }
        }

        @Test("A 48 MiB memfd on three descriptors of two processes is one file of 48 MiB with two holders")
        func memfd() throws {
            let helper = try HelperProcess(["--memfd", "48"])
            defer { helper.stop() }
            let node = try #require(
                find(try tree()) { ($0["name"] as? String)?.hasPrefix("/memfd:wired-test") == true }
            )
            #expect(node["name"] as? String == "/memfd:wired-test (pid \(helper.pid) and 1 more)")
            #expect(node["bytes"] as? Int == 48 << 20)
        }
    }
}

extension Live {
    @Suite(
        "Live snapshot and diff (root)",
        .enabled(if: Fixtures.isRoot, "needs root to mount a tmpfs")
    )
    struct LiveDiffTests {
        @Test(
            "Snapshot, add 200 MiB in a tmpfs and a process holding 100 MiB, snapshot again: the diff names both within 5%"
        )
        func diff() throws {
            let tree = try TemporaryTree()
            let a = tree.path + "/before.wired"
            let b = tree.path + "/after.wired"
            #expect(try Command.wired(["snapshot", "-o", a]).status == 0)
            let mountPoint = tree.path + "/tmpfs"
            try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
            try #require(
                try Command.run(["/bin/mount", "-t", "tmpfs", "-o", "size=300m", "wired-diff", mountPoint]).status == 0
            )
            defer { _ = try? Command.run(["/bin/umount", mountPoint]) }
            try #require(
                FileManager.default.createFile(
                    atPath: mountPoint + "/200m",
                    contents: Data(repeating: 7, count: 200 << 20)
                )
            )
            let helper = try HelperProcess(["--anon", "100", "--name", "diff-grower"])
            defer { helper.stop() }
            Thread.sleep(forTimeInterval: 1.2)
            #expect(try Command.wired(["snapshot", "-o", b]).status == 0)
            let json = try #require(
                try Command.json(try Command.wired(["diff", a, b, "--json"]).stdout) as? [String: Any]
            )
            let changes = try #require(json["changes"] as? [[String: Any]])
            func near(_ change: [String: Any]?, _ expected: Int) -> Bool {
                guard let delta = change?["deltaBytes"] as? Int else { return false }
                return abs(Double(delta - expected)) <= 0.05 * Double(expected)
            }
            let mount = changes.first { $0["key"] as? String == "mount/\(mountPoint)" }
            #expect(near(mount, 200 << 20), "\(String(describing: mount))")
            #expect(mount?["status"] as? String == "appeared")
            // A process started in between is matched by command (it has no pid and start time on the first side).
            let process = changes.first { ($0["key"] as? String)?.hasPrefix("process/cmd:diff-grower ") == true }
            #expect(near(process, 100 << 20), "\(String(describing: process))")
            #expect(near(changes.first { $0["key"] as? String == "ledger/shmem" }, 200 << 20))
        }
    }
}
