import Foundation
import Testing
import WiredCore
import WiredLinux
import WiredTestSupport

@testable import WiredSnapshot

/// Every ``SmapsField`` of the table goes the whole way: parsed from its `smaps_rollup` line(s), written in a
/// snapshot's process list and by `Codable`, read back, and checked by the validation.
@Suite("The smaps_rollup table drives the parser, the snapshot keys and the checks")
struct SmapsFieldTableTests {
    /// A rollup holding `Rss` and `Pss` (10 MiB, 1 kB) and `lines`; its bytes in kB.
    func parse(_ lines: [(String, Int64)]) -> (SmapsRollup?, [SourceProblem]) {
        let text = (["Rss: 10240 kB", "Pss: 1 kB"] + lines.map { "\($0.0):\t\($0.1) kB" }).joined(separator: "\n")
        var problems: [SourceProblem] = []
        let rollup = withBytes(of: "00400000-7ffd0000 ---p 00000000 00:00 0 [rollup]\n" + text + "\n") {
            ProcessParsers.smapsRollup($0, path: "/proc/9/smaps_rollup", problems: &problems)
        }
        return (rollup, problems)
    }

    /// A user process with `rollup`.
    func process(_ rollup: SmapsRollup) -> ProcessFacts {
        var process = ProcessFacts(pid: 9, startTime: 1, name: "t", state: "S", kind: .user, threads: 1)
        process.smaps = rollup
        return process
    }

    /// The process list as snapshot files write it, read back by their reader.
    func roundTrip(_ process: ProcessFacts) throws -> (json: String, read: ProcessFacts?) {
        let bytes = Array("[".utf8) + ProcessListJSON.elements([process]) + Array("]".utf8)
        var offset = 0
        let stream = JSONStream(chunk: 64) { buffer in
            let count = min(buffer.count, bytes.count - offset)
            bytes.withUnsafeBytes {
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + count)]))
            }
            offset += count
            return count
        }
        var budget = 1 << 20
        return (String(decoding: bytes, as: UTF8.self), try ProcessListJSON.read(stream, budget: &budget).first)
    }

    @Test("Each field is parsed from its lines (USS sums two), and kept when its lines are absent as it says")
    func parsed() throws {
        for field in SmapsField.allCases where field.presence != .essential {
            let lines = field.lines.enumerated().map { index, line in
                (line.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }, Int64(3 + index))
            }
            let (rollup, problems) = parse(lines)
            let read = try #require(rollup, "\(field)")
            #expect(problems.isEmpty)
            let kilobytes = lines.map(\.1).reduce(0, +)
            #expect(read[field] == kilobytes * 1024, "\(field)")
            // Only this field was given: every other one is 0 or absent, as its presence says.
            for other in SmapsField.allCases where other != field && other.presence != .essential {
                #expect(read[other] == (other.isOptional ? nil : 0), "\(field): \(other)")
            }
        }
        for field in SmapsField.allCases where field.presence == .essential {
            let others = ["Rss", "Pss"].filter { $0 != field.fieldName }.map { "\($0): 1 kB" }
            let text = others.joined(separator: "\n")
            #expect(withBytes(of: text) { ProcessParsers.smapsRollup($0) } == nil, "without \(field)")
        }
    }

    @Test("Each field is written under its key, read back by both readers, and a required one is required")
    func encoded() throws {
        var full = SmapsRollup()
        for field in SmapsField.allCases { full[field] = Int64(field.rawValue + 1) << 10 }
        let process = process(full)
        let (json, read) = try roundTrip(process)
        #expect(read == process)
        #expect(try JSONDecoder().decode(ProcessFacts.self, from: JSONEncoder().encode(process)) == process)
        for field in SmapsField.allCases {
            #expect(json.contains("\"\(field.key)\":\((field.rawValue + 1) << 10)"), "\(field)")
            var without = full
            without[field] = nil
            let (text, back) = try roundTrip(self.process(without))
            if field.isOptional {
                #expect(!text.contains("\"\(field.key)\""))
                #expect(back?.smaps?[field] == nil && back?.smaps == without)
            } else {
                // A required field is never absent: `nil` is stored as 0, and a file lacking the key is refused.
                #expect(without[field] == 0)
                let lacking = Data(json.replacingOccurrences(of: "\"\(field.key)\":", with: "\"x\(field.key)\":").utf8)
                #expect(throws: (any Error).self, "\(field)") {
                    try JSONDecoder().decode([ProcessFacts].self, from: lacking)
                }
            }
        }
    }

    @Test("Each field out of range is named by the validation, which leaves the rollup out")
    func validated() {
        for field in SmapsField.allCases {
            var rollup = SmapsRollup(rss: 1 << 40, pss: 1 << 20, uss: 1 << 20, swap: 1 << 20)
            rollup[field] = 1 << 53  // above a byte count's bound of 4 PiB
            var snapshot = Fixtures.fullSnapshot("vm-6.18-idle")
            snapshot.processes = ProcessScan(processes: [process(rollup)])
            let problems = SnapshotValidation.check(&snapshot)
            let named = problems.filter { $0.source == "/proc/9/smaps_rollup" }.map(\.field)
            #expect(named.contains(field.fieldName), "\(field): \(problems.map(\.message))")
            #expect(snapshot.processes?.processes.first?.smaps == nil, "\(field)")
        }
    }
}
