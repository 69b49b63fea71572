import Foundation
import Testing
import WiredServe
import WiredTestSupport

/// A unix datagram socket bound at a temporary path, standing in for systemd's notification socket.
final class NotifySocket {
    let path: String
    let fd: Int32

    init() throws {
        path = NSTemporaryDirectory() + "wired-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else { throw ServeFailure(message: "bind \(path): \(String(cString: strerror(errno)))") }
    }

    /// The datagrams received within `seconds`.
    func receive(for seconds: Double) -> [String] {
        var messages: [String] = []
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0 { messages.append(String(decoding: buffer[0..<count], as: UTF8.self)) }
        }
        return messages
    }

    deinit {
        close(fd)
        unlink(path)
    }
}

@Suite("systemd notifications")
struct SystemdNotifyTests {
    @Test("send writes one datagram to the socket path")
    func send() throws {
        let socket = try NotifySocket()
        #expect(SystemdNotify.send("READY=1\nSTATUS=test", to: socket.path) == 0)
        #expect(socket.receive(for: 0.5) == ["READY=1\nSTATUS=test"])
        #expect(SystemdNotify.send("READY=1", to: socket.path + ".missing") == ENOENT)
    }

    @Test("wired serve sends READY=1 after its first sample, then WATCHDOG=1 at half WATCHDOG_USEC")
    func serve() throws {
        let socket = try NotifySocket()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Fixtures.product("wired"))
        process.arguments = [
            "serve", "--root", Fixtures.linux("vm-6.18-owners"), "--listen", "127.0.0.1:0", "--interval", "1",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = socket.path
        environment["WATCHDOG_USEC"] = "2000000"
        process.environment = environment
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let messages = socket.receive(for: 6)
        let ready = try #require(messages.firstIndex { $0.hasPrefix("READY=1\nSTATUS=serving http://127.0.0.1:") })
        let watchdogs = messages.filter { $0 == "WATCHDOG=1" }
        #expect(watchdogs.count >= 3, "\(messages)")
        #expect(messages.lastIndex(of: "WATCHDOG=1").map { $0 > ready } == true)
    }
}
