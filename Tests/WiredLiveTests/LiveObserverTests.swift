import Foundation
import Testing
import WiredTestSupport

/// Reading a process must not change it: `wired` maps no shared library, so the kernel's fault-around
/// never maps another process's private library pages into `wired` and turns them shared.
@Suite("The observer effect")
struct LiveObserverTests {
    /// The shared objects a running `wired` has mapped (`/proc/PID/maps` paths ending in `.so` or `.so.N`).
    func sharedObjects(of pid: Int32) throws -> [String] {
        let maps = try String(contentsOfFile: "/proc/\(pid)/maps", encoding: .utf8)
        let paths = maps.split(separator: "\n").compactMap { line in
            line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true).dropFirst(5).first
        }
        return Set(paths.map { $0.trimmingCharacters(in: .whitespaces) })
            .filter { $0.hasSuffix(".so") || $0.contains(".so.") }
            .sorted()
    }

    /// USS of `pid`: Private_Clean + Private_Dirty in `/proc/PID/smaps_rollup`, in kB.
    func uss(_ pid: Int32) throws -> Int {
        let rollup = try String(contentsOfFile: "/proc/\(pid)/smaps_rollup", encoding: .utf8)
        return rollup.split(separator: "\n").reduce(0) { sum, line in
            guard line.hasPrefix("Private_Clean:") || line.hasPrefix("Private_Dirty:") else { return sum }
            return sum + (line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0)
        }
    }

    @Test("A running wired maps no shared library: no libstdc++, libm, libgcc_s or libz")
    func noSharedLibraries() throws {
        let wired = try SpawnedCommand([Fixtures.product("wired"), "--interval", "5"], environment: [:])
        defer {
            kill(wired.pid, SIGTERM)
            _ = wired.wait()
        }
        // The first sample is read at once; the second waits 5 s, with everything wired needs mapped.
        Thread.sleep(forTimeInterval: 1)
        #expect(try sharedObjects(of: wired.pid) == [])
    }

    @Test(
        "A C++ process's USS is the same before, during and after wired top",
        .enabled(if: Fixtures.exists("/usr/bin/g++"), "g++ is not installed (.ci/run installs it)")
    )
    func cppUSSUnchanged() throws {
        let folder = try TemporaryTree()
        try folder.write(
            "idle.cpp",
            """
            #include <cstdio>
            #include <iostream>
            #include <sstream>
            #include <string>
            #include <unistd.h>
            int main(int argc, char **argv) {
                std::ostringstream text;
                for (int i = 0; i < 1000; i++) text << i << ' ' << std::to_string(i * 1.5) << '\\n';
                std::cout << text.str().size() << std::endl;
                if (argc > 1) fclose(fopen(argv[1], "w"));
                pause();
            }
            """
        )
        let compiled = try Command.run(["/usr/bin/g++", "-O1", "-o", folder.path + "/idle", folder.path + "/idle.cpp"])
        try #require(compiled.status == 0, "g++ failed: \(compiled.stderr)")
        let ready = folder.path + "/ready"
        let child = try SpawnedCommand([folder.path + "/idle", ready], environment: [:])
        defer {
            kill(child.pid, SIGTERM)
            _ = child.wait()
        }
        for _ in 0..<100 where !Fixtures.exists(ready) { Thread.sleep(forTimeInterval: 0.05) }
        try #require(Fixtures.exists(ready), "the C++ process did not start")
        let before = try uss(child.pid)
        var during: [Int] = []
        for _ in 0..<5 {
            let top = try SpawnedCommand([Fixtures.product("wired"), "top", "--limit", "0"], environment: [:])
            during.append(try uss(child.pid))
            #expect(top.wait() == 0)
        }
        let after = try uss(child.pid)
        #expect(during.allSatisfy { $0 == before }, "USS \(before) kB before, \(during) during")
        #expect(after == before)
    }
}
