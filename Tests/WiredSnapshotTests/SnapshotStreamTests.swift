import Foundation
import Testing
import WiredCompression
import WiredCore
import WiredTestSupport

@testable import WiredSnapshot

/// The streaming decoder: snapshot JSON read chunk by chunk, with the rules of the `Codable` conformances and
/// bounds on every string, value and nesting level.
@Suite("Snapshot files are decoded as they are inflated")
struct SnapshotStreamTests {
    /// Decodes `json` (the text inside a snapshot file) fed `chunk` bytes at a time.
    func decode(_ json: [UInt8], chunk: Int = 64 << 10, version: Int = 1) throws -> Snapshot {
        var offset = 0
        let stream = JSONStream(chunk: chunk) { buffer in
            let count = min(buffer.count, json.count - offset)
            json.withUnsafeBytes {
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + count)]))
            }
            offset += count
            return count
        }
        return try SnapshotDecoding.envelope(stream, version: version)
    }

    /// A snapshot file holding `json`.
    func file(_ json: String) throws -> [UInt8] {
        Array("wired snapshot format 1\n".utf8) + (try Gzip.compress(Array(json.utf8)))
    }

    /// The problem a file holding `json` is refused with.
    func refusal(_ json: String) throws -> String {
        do {
            _ = try SnapshotFile.decode(try file(json), path: "x.wired")
        } catch let error as SnapshotFileError {
            return error.problem
        }
        Issue.record("accepted: \(json.prefix(80))")
        return ""
    }

    @Test("Any chunk size gives the same snapshot: strings, numbers and escapes that span chunks")
    func chunkBoundaries() throws {
        var snapshot = Fixtures.fullSnapshot("vm-6.18-owners")
        var odd = ProcessFacts(
            pid: 9,
            startTime: UInt64.max,
            name: "t\u{1}ab\"\\ 😀",
            state: "R",
            kind: .user,
            threads: 1
        )
        odd.command = String(repeating: "long argument ", count: 500) + "日本語 \u{7f}"
        odd.rss = Int64.max
        odd.vmSwap = 0
        snapshot.processes?.processes.append(odd)
        let json = try SnapshotFile.json(snapshot)
        for chunk in [64, 65, 97, 1000, 1 << 16] {
            #expect(try decode(json, chunk: chunk) == snapshot, "chunk \(chunk)")
        }
    }

    @Test("Keys in any order, unknown keys skipped, null for an optional field, \\u escapes with surrogates")
    func looseButFaithful() throws {
        var base = Fixtures.fullSnapshot("vm-6.18-idle")
        base.processes = ProcessScan(processes: [])
        // {"formatVersion":1,"snapshot":SNAPSHOT,"processes":[]} as the writer makes it: take SNAPSHOT out.
        let text = String(decoding: try SnapshotFile.json(base), as: UTF8.self)
        let head = "{\"formatVersion\":1,\"snapshot\":"
        let tail = ",\"processes\":[]}"
        try #require(text.hasPrefix(head) && text.hasSuffix(tail))
        let inner = text.dropFirst(head.count).dropLast(tail.count)
        let process =
            #"{"future":{"a":[1,2,{"b":"}"}]},"name":"caf\u00e9 \ud83d\ude00 \ud800x","state":"S","kind":"user","#
            + #""threads":2,"startTime":5,"pid":42,"uid":null,"rss":null,"smaps":{"rss":10,"pss":5,"uss":4,"#
            + #""swap":0,"locked":0,"pssAnon":null},"cgroup":"/a"}"#
        let json = #"{"processes":["# + process + #"],"extra":[true,null],"formatVersion":1,"snapshot":"# + inner + "}"
        let decoded = try decode(Array(json.utf8))
        #expect(decoded.linux == base.linux)
        let read = try #require(decoded.processes?.processes.first)
        #expect(read.name == "café 😀 \u{FFFD}x")
        #expect(read.pid == 42 && read.threads == 2 && read.startTime == 5)
        #expect(read.uid == nil && read.rss == nil)
        #expect(read.smaps == SmapsRollup(rss: 10, pss: 5, uss: 4, swap: 0))
        #expect(read.cgroup == "/a" && read.unit == nil && read.command == "")
    }

    @Test("Each damaged field is named: a missing key, a wrong type, a number too large, a bad kind")
    func namedFields() throws {
        let head = #"{"formatVersion":1,"processes":["#
        let good = #""name":"a","state":"S","kind":"user","threads":1,"startTime":1"#
        #expect(try refusal(head + #"{"# + good + "}]}") == "damaged: processes[0] lacks \"pid\"")
        #expect(
            try refusal(head + #"{"pid":1,"# + good + "},{\"pid\":\"2\"," + good + "}]}")
                == "damaged: unexpected value (not a number) at processes[1].pid"
        )
        #expect(
            try refusal(head + #"{"pid":4294967296,"# + good + "}]}")
                == "damaged: a number out of range for this field at processes[0].pid"
        )
        #expect(
            try refusal(head + #"{"pid":1,"rss":99999999999999999999,"# + good + "}]}")
                == "damaged: a number that does not fit in 64 bits at processes[0].rss"
        )
        #expect(
            try refusal(head + #"{"pid":1,"rss":1.5,"# + good + "}]}")
                == "damaged: unexpected value (not a whole number) at processes[0].rss"
        )
        #expect(
            try refusal(head + #"{"pid":1,"# + good.replacingOccurrences(of: "user", with: "daemon") + "}]}")
                == "damaged: unexpected value (not a process kind) at processes[0].kind"
        )
        #expect(
            try refusal(head + #"{"pid":1,"smaps":{"rss":1},"# + good + "}]}")
                == "damaged: processes[0].smaps lacks \"pss\""
        )
        #expect(try refusal(#"{"formatVersion":1}"#) == "damaged: the top level lacks \"snapshot\"")
        #expect(try refusal(#"{"formatVersion":1,"snapshot":{"meta":{}}}"#).hasPrefix("damaged: snapshot.meta lacks"))
        #expect(try refusal(#"{"formatVersion":2,"snapshot":{}}"#) == "the header says format 1 but the contents say 2")
    }

    @Test("Bounds: a string that never ends, deep nesting, an endless value, data after the end")
    func bounds() throws {
        let endless = #"{"formatVersion":1,"processes":[{"pid":1,"name":""# + String(repeating: "a", count: 5 << 20)
        #expect(try refusal(endless + "\"}]}") == "damaged: a string longer than 4 MiB at processes[0].name")
        let deep =
            #"{"formatVersion":1,"extra":"# + String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(try refusal(deep + "}") == "damaged: nested deeper than 100 levels at extra")
        let big = #"{"formatVersion":1,"snapshot":{"x":""# + String(repeating: "b", count: 33 << 20) + "\"}}"
        #expect(try refusal(big) == "damaged: larger than 32 MiB at snapshot")
        let valid = String(decoding: try SnapshotFile.json(Fixtures.fullSnapshot("vm-6.18-idle")), as: UTF8.self)
        #expect(try refusal(valid + " {}") == "damaged: data after the end of the snapshot at the top level")
        #expect(try refusal(String(valid.dropLast(3))) == "damaged: the data ends early (cut short?) at processes")
    }

    @Test("Many tiny records cannot take more memory than the cap: each record's size is counted")
    func recordBudget() throws {
        let one = ProcessFacts(pid: 1, startTime: 0, name: "n", state: "S", kind: .user, threads: 1)
        let size = ProcessListJSON.footprint(one)
        #expect(size == MemoryLayout<ProcessFacts>.stride)
        var long = one
        long.command = String(repeating: "x", count: 100)
        long.cgroup = "/system.slice/a-long-service-name.service"
        let cgroup = try #require(long.cgroup)
        #expect(ProcessListJSON.footprint(long) == size + 64 + (100 + 32) + (cgroup.utf8.count + 32))
    }

    @Test("Inflating stops at the cap: no more than the cap plus one byte is ever asked of zlib")
    func inflateCap() throws {
        let zeros = try Gzip.compress([UInt8](repeating: 0, count: 256 << 20), level: 9)
        let inflater = try Gzip.Inflater(zeros, limit: 1 << 20)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 8)
        defer { buffer.deallocate() }
        var failure: Gzip.Failure?
        do {
            while try inflater.read(into: buffer) > 0 {}
        } catch let error as Gzip.Failure {
            failure = error
        }
        #expect(failure?.exceededLimit == true)
        #expect(failure?.message == "decompressed data is larger than 1048576 bytes")
        #expect(inflater.produced == (1 << 20) + 1)
        #expect(inflater.consumed < zeros.count)
        // A stream of exactly the cap is whole; one cut short is named.
        let exact = try Gzip.compress([UInt8](repeating: 7, count: 1 << 20))
        #expect(try Gzip.decompress(exact, limit: 1 << 20).count == 1 << 20)
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(exact, limit: (1 << 20) - 1) }
        do {
            _ = try Gzip.decompress(Array(exact.dropLast(5)), limit: 1 << 21)
            Issue.record("a cut stream was accepted")
        } catch let error as Gzip.Failure {
            #expect(error.message == "the compressed data ends early (file cut short?)")
            #expect(!error.exceededLimit)
        }
    }
}
