import Foundation
import Testing
import WiredTestSupport

/// `wired` on the tree captured around an OOM kill in a 64 MiB cgroup: the text and JSON of the machine's verdict
/// and the cgroup's own.
@Suite("An OOM kill in a cgroup on the command line")
struct OOMCommandTests {
    let tree = Fixtures.linux("vm-6.18-pressure-oom")

    @Test("Text: the machine is ok, the service is critical with its name, its limit and the process killed")
    func text() throws {
        let result = try Command.wired(["--root", tree, "--color", "never"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\nPressure  ok\n"))
        // Wrapped lines joined back into one.
        let flat = result.stdout.replacingOccurrences(of: #"\n +"#, with: " ", options: .regularExpression)
        #expect(
            flat.contains(
                "!! service wired-fixture: critical — 1 OOM kill in 2.2 s at its 64.0 MiB limit (memory.limit_in_bytes); killed wired-test-help (pid 10268); the machine has "
            )
        )
        #expect(!result.stdout.contains("add RAM or swap"))
    }

    @Test("JSON: pressure.oomKills with the machine's count and the service's verdict")
    func json() throws {
        let object = try #require(
            try Command.json(try Command.wired(["--root", tree, "--json"]).stdout) as? [String: Any]
        )
        let pressure = try #require(object["pressure"] as? [String: Any])
        #expect(pressure["verdict"] as? String == "ok")
        let oom = try #require(pressure["oomKills"] as? [String: Any])
        #expect(oom["inInterval"] as? Bool == true)
        #expect(oom["total"] as? Int == 1)
        #expect(oom["atCgroupLimits"] as? Int == 1)
        #expect(oom["machine"] as? Int == 0)
        #expect(oom["undetermined"] as? Int == 0)
        let services = try #require(oom["services"] as? [[String: Any]])
        let service = try #require(services.first)
        #expect(service["name"] as? String == "wired-fixture")
        #expect(service["path"] as? String == "/wired-fixture")
        #expect(service["verdict"] as? String == "critical")
        #expect(service["limitBytes"] as? Int == 64 << 20)
        #expect(service["limitSource"] as? String == "memory.limit_in_bytes")
        #expect(service["killed"] as? [String] == ["wired-test-help (pid 10268)"])
    }
}
