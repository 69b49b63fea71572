import Foundation
import Testing
import WiredTestSupport

extension Live {
    /// Real pressure and real purges on this machine: root only, one at a time.
    @Suite(
        "Live pressure and purge (root)",
        .serialized,
        .enabled(if: Fixtures.isRoot, "needs root: memory cgroups, drop_caches, mount namespaces")
    )
    struct LivePressureTests {
        /// A memory cgroup with `limit` bytes, v2 or v1; removed by the caller.
        func limitedCgroup(_ limit: Int) throws -> String {
            let name = "wired-pressure-\(getpid())"
            let v2 =
                (try? String(contentsOfFile: "/sys/fs/cgroup/cgroup.controllers", encoding: .utf8))?.contains("memory")
                == true
            let directory = v2 ? "/sys/fs/cgroup/\(name)" : "/sys/fs/cgroup/memory/\(name)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            try "\(limit)".write(
                toFile: directory + (v2 ? "/memory.max" : "/memory.limit_in_bytes"),
                atomically: false,
                encoding: .utf8
            )
            if v2 { try "0".write(toFile: directory + "/memory.swap.max", atomically: false, encoding: .utf8) }
            return directory
        }

        func verdict(_ json: [String: Any]) -> String? {
            (json["pressure"] as? [String: Any])?["verdict"] as? String
        }

        func vmstat(_ key: String) throws -> Int {
            let text = try String(contentsOfFile: "/proc/vmstat", encoding: .utf8)
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(key + " ") })
            return try #require(Int(line.split(separator: " ")[1]))
        }

        @Test(
            "A child allocating past its cgroup's 64 MiB limit is OOM-killed while wired samples: the cgroup is critical, the machine is not"
        )
        func oomRaisesVerdict() throws {
            let calm = try #require(
                try Command.json(try Command.wired(["--json", "--interval", "1"]).stdout) as? [String: Any]
            )
            let directory = try limitedCgroup(64 << 20)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            // wired takes its first sample, then the child is killed, then the second sample.
            let wired = Process()
            wired.executableURL = URL(fileURLWithPath: Fixtures.product("wired"))
            wired.arguments = ["--json", "--interval", "3"]
            let out = Pipe()
            wired.standardOutput = out
            try wired.run()
            Thread.sleep(forTimeInterval: 0.7)
            let child = try Command.run([
                "/bin/sh", "-c",
                "echo $$ > \(directory)/cgroup.procs; exec \(Fixtures.product("wired-test-helper")) --anon 256 --seconds 1",
            ])
            #expect(child.status != 0, "the child was not killed: \(child.stdout)")
            wired.waitUntilExit()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(verdict(calm) != "critical", "the machine was already critical before the test")
            // The kill was the cgroup's limit's: the machine's OOM check passes and its verdict is not critical.
            #expect(verdict(json) != "critical", "\(json["pressure"] ?? "")")
            let pressure = try #require(json["pressure"] as? [String: Any])
            let reasons = try #require(pressure["reasons"] as? [[String: Any]])
            let kill = try #require(reasons.first { $0["id"] as? String == "oom-kill" })
            #expect(kill["level"] as? String == "ok", "\(kill)")
            let oom = try #require(pressure["oomKills"] as? [String: Any])
            #expect((oom["atCgroupLimits"] as? Int ?? 0) >= 1)
            #expect(oom["machine"] as? Int == 0)
            let name = URL(fileURLWithPath: directory).lastPathComponent
            let services = try #require(oom["services"] as? [[String: Any]])
            let service = try #require(services.first { $0["path"] as? String == "/" + name }, "\(services)")
            #expect(service["name"] as? String == name)
            #expect(service["verdict"] as? String == "critical")
            #expect(service["limitBytes"] as? Int == 64 << 20)
            #expect(["memory.max", "memory.limit_in_bytes"].contains(service["limitSource"] as? String ?? ""))
            // Root reads the kernel log, which names the process killed.
            let killed = service["killed"] as? [String] ?? []
            #expect(killed.contains { $0.hasPrefix("wired-test-help (pid ") }, "\(service)")
            #expect((service["text"] as? String)?.hasPrefix("service \(name): critical — 1 OOM kill in ") == true)
        }

        @Test("purge: a 512 MiB file read into the cache; file cache falls by at least 400 MiB")
        func purgeDropsFileCache() throws {
            let path = "/var/tmp/wired-purge-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: path) }
            try #require(
                try Command.run([
                    "/bin/sh", "-c", "head -c \(512 << 20) /dev/urandom > \(path) && sync && cat \(path) > /dev/null",
                ]).status == 0
            )
            let before = try vmstat("drop_pagecache")
            let result = try Command.wired(["purge", "--yes", "--wait", "1", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try #require(try Command.json(result.stdout) as? [String: Any])
            let changes = try #require(json["changes"] as? [[String: Any]])
            let file = try #require(changes.first { $0["id"] as? String == "file-clean" })
            #expect((file["deltaBytes"] as? Int ?? 0) <= -(400 << 20))
            #expect((json["freedBytes"] as? Int ?? 0) >= 400 << 20)
            #expect(json["waitedSeconds"] as? Double == 1)
            #expect(json["cacheBackBytes"] is Int)
            #expect(try vmstat("drop_pagecache") == before + 1)
        }

        @Test(
            "purge as nobody (setpriv): exit 77, one line, nothing written",
            .enabled(
                if: Fixtures.othersCanExecute(Fixtures.product("wired")),
                "the build folder is not readable by nobody"
            )
        )
        func purgeAsNobody() throws {
            let before = try vmstat("drop_pagecache")
            let nobody = try Command.run([
                "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
                Fixtures.product("wired"), "purge", "--yes",
            ])
            #expect(nobody.status == 77)
            #expect(nobody.stdout.isEmpty)
            #expect(
                nobody.stderr
                    == "wired: purge needs root (it writes /proc/sys/vm/drop_caches); run it with sudo. Nothing was done.\n"
            )
            #expect(try vmstat("drop_pagecache") == before)
        }

        @Test("purge refuses without a terminal or --yes (exit 64), and on a read-only /proc/sys")
        func purgeRefuses() throws {
            let before = try vmstat("drop_pagecache")
            let unasked = try Command.wired(["purge"])
            #expect(unasked.status == 64)
            #expect(unasked.stderr.contains("not on a terminal: pass --yes"))
            let readOnly = try Command.run([
                "/usr/bin/unshare", "--mount", "/bin/sh", "-c",
                "mount --bind /proc/sys /proc/sys && mount -o remount,bind,ro /proc/sys && exec \(Fixtures.product("wired")) purge --yes --wait 0",
            ])
            #expect(readOnly.status == 1, "\(readOnly.stderr)")
            #expect(readOnly.stderr.contains("/proc/sys/vm/drop_caches: read-only file system"))
            let badLevel = try Command.wired(["purge", "--yes", "--level", "4"])
            #expect(badLevel.status == 64)
            #expect(try vmstat("drop_pagecache") == before)
        }
    }
}
