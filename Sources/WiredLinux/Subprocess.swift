#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a helper command (such as `nvidia-smi`) and collects its output, with a time limit.
///
/// Written by hand over posix_spawn because the reader needs this once, for one optional tool, and
/// swift-subprocess would bring its async machinery into a synchronous command-line reader.
enum Subprocess {
    enum Outcome {
        case success(String)
        case failure(String)
    }

    /// Runs `arguments` (the first is the executable's path) with no input; gives up after `timeout` seconds.
    static func run(_ arguments: [String], timeout: Double) -> Outcome {
        var ends: [Int32] = [0, 0]
        guard ends.withUnsafeMutableBufferPointer({ pipe($0.baseAddress) }) == 0 else {
            return .failure("pipe: \(Errno.current)")
        }
        // An opaque pointer on Darwin, a struct on Linux.
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t?
        #else
        var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[1], STDOUT_FILENO)
        posix_spawn_file_actions_addclose(&actions, ends[0])
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ)
        close(ends[1])
        defer { close(ends[0]) }
        guard spawned == 0 else { return .failure("cannot start \(arguments[0]): \(Errno(spawned))") }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 8192)
        let deadline = monotonicSeconds() + timeout
        while true {
            var poller = pollfd(fd: ends[0], events: Int16(POLLIN), revents: 0)
            let waitMs = Int32(max(0, (deadline - monotonicSeconds()) * 1000))
            let ready = poll(&poller, 1, waitMs)
            if ready == 0 {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
                return .failure("\(arguments[0]) did not answer within \(Int(timeout)) s")
            }
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            let got = chunk.withUnsafeMutableBytes { read(ends[0], $0.baseAddress, $0.count) }
            if got <= 0 { break }
            output += chunk[0..<got]
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let exited = status & 0x7F == 0
        let code = (status >> 8) & 0xFF
        guard exited, code == 0 else { return .failure("\(arguments[0]) exited with status \(code)") }
        return .success(String(decoding: output, as: UTF8.self))
    }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
