import Testing
import WiredCore
import WiredTestSupport

@Suite("Formatting and glossary")
struct FormatTests {
    @Test(
        "Binary units with three significant digits",
        arguments: [
            (Int64(0), "0 B"), (1023, "1023 B"), (1024, "1.00 KiB"), (1536, "1.50 KiB"), (10 << 20, "10.0 MiB"),
            (25_276_510_208, "23.5 GiB"), (-3 << 10, "-3.00 KiB"), (150 << 30, "150 GiB"),
        ]
    )
    func human(bytes: Int64, text: String) {
        #expect(ByteFormat.human(bytes) == text)
    }

    @Test("Exact bytes group thousands; percentages keep one decimal")
    func exactAndPercent() {
        #expect(ByteFormat.exact(25_276_510_208) == "25,276,510,208")
        #expect(ByteFormat.exact(-1_000) == "-1,000")
        #expect(ByteFormat.percent(0.1234) == "12.3%")
        #expect(ByteFormat.percent(0.0006) == "0.1%")
        #expect(ByteFormat.signed(2 << 20) == "+2.00 MiB")
    }

    @Test(
        "Timestamps print as UTC ISO 8601",
        arguments: [
            (Int64(0), "1970-01-01T00:00:00Z"), (951_782_400, "2000-02-29T00:00:00Z"),
            (1_795_562_847, "2026-11-24T23:27:27Z"),
        ]
    )
    func iso(seconds: Int64, text: String) {
        #expect(Timestamp(seconds: seconds).iso8601 == text)
    }

    @Test("Every bucket and class the ledger can show has an explanation")
    func glossaryCoversLedger() throws {
        let snapshot = SampleSnapshots.linux(
            meminfoKB: SampleSnapshots.meminfo([
                "SwapTotal": 1, "SwapFree": 1, "Balloon": 0, "Unaccepted": 0, "GPUActive": 0, "GPUReclaim": 0,
                "HardwareCorrupted": 1,
            ])
        )
        let ledger = try Ledger.of(snapshot)
        for bucket in ledger.buckets + ledger.reserved {
            #expect(Glossary.entry(for: bucket.id.rawValue) != nil, "no explanation for \(bucket.id)")
        }
        for memoryClass in MemoryClass.allCases {
            #expect(Glossary.entry(for: memoryClass.rawValue) != nil)
        }
        #expect(Glossary.entry(for: "WIRED")?.term == "wired")
        #expect(Glossary.entry(for: "no-such-term") == nil)
    }
}
