import Testing
import WiredCore
import WiredTestSupport

/// The arithmetic helper and the types built on it: no operation traps, and an overflow shows as one.
@Suite("Checked arithmetic")
struct CheckedArithmeticTests {
    @Test("Reporting forms give nil on overflow, exact results otherwise")
    func reporting() {
        #expect(Checked.add(Int64.max, 1) == nil)
        #expect(Checked.add(Int64.max - 1, 1) == Int64.max)
        #expect(Checked.subtract(Int64.min, 1) == nil)
        #expect(Checked.subtract(-5, 7) == -12)
        #expect(Checked.multiply(1 << 32, 1 << 31) == nil)
        #expect(Checked.multiply(1 << 31, 1 << 31) == 1 << 62)
        #expect(Checked.sum([Int64.max, 1, -1]) == nil)
        #expect(Checked.sum([1, 2, 3]) == 6)
        #expect(Checked.integer(.nan) == nil)
        #expect(Checked.integer(.infinity) == nil)
        #expect(Checked.integer(9.3e18) == nil)
        #expect(Checked.integer(-9.2e18) == -9_200_000_000_000_000_000)
        #expect(Checked.integer(12.9) == 12)
    }

    @Test("Saturating forms stop at the ends and stay there")
    func saturating() {
        #expect(Checked.saturatingAdd(Int64.max, 1) == .max)
        #expect(Checked.saturatingAdd(Int64.min, -1) == .min)
        // A saturated operand is an overflow: adding to it does not make it a number again.
        #expect(Checked.saturatingAdd(Int64.max, -5) == .max)
        #expect(Checked.saturatingSubtract(0, Int64.min) == .max)
        #expect(Checked.saturatingSubtract(Int64.max, 5) == .max)
        #expect(Checked.saturatingMultiply(-(1 << 40), 1 << 40) == .min)
        #expect(Checked.saturatingMultiply(0, Int64.max) == 0)
        #expect(Checked.saturatingSum([Int64](repeating: 1 << 60, count: 16)) == .max)
        #expect(Checked.saturatingInteger(.nan) == 0)
        #expect(Checked.saturatingInteger(-1e300) == .min)
    }

    @Test("ByteCount arithmetic never traps; an overflow prints as \"overflow\"")
    func byteCount() {
        let huge = ByteCount(bytes: Int64.max - 10)
        #expect((huge + huge).isOverflow)
        #expect((ByteCount(bytes: .min) - huge).isOverflow)
        #expect((huge * 3).isOverflow)
        #expect((-ByteCount(bytes: .min)).isOverflow)
        #expect(ByteCount.kibibytes(Int64.max / 1000).isOverflow)
        #expect(ByteCount.pages(1 << 62, pageSize: 65536).isOverflow)
        #expect(huge.adding(huge) == nil)
        #expect(huge.subtracting(ByteCount(bytes: -20)) == nil)
        #expect(ByteCount(bytes: 5).multiplied(by: 3) == ByteCount(bytes: 15))
        #expect([huge, huge, huge].sum().isOverflow)
        #expect([huge, huge].checkedSum() == nil)
        #expect((huge + huge).description == "overflow")
        #expect(ByteFormat.compact(Int64.min) == "ovfl")
        #expect(ByteFormat.exact(Int64.max) == "overflow")
        #expect((huge + huge).nonNegative.isOverflow)
        // Sane figures are unchanged.
        #expect(ByteCount.kibibytes(3) + ByteCount.mebibytes(1) == ByteCount(bytes: 3 * 1024 + 1_048_576))
        #expect(ByteCount(bytes: -3 << 10).description == "-3.00 KiB")
    }

    @Test("Decimal text of absurd doubles, and ISO dates of absurd times, do not trap")
    func formats() {
        #expect(ByteFormat.decimal(1e300, places: 1) == "∞")
        #expect(ByteFormat.decimal(-.infinity, places: 1) == "-∞")
        #expect(ByteFormat.decimal(.nan, places: 2) == "nan")
        #expect(ByteFormat.percent(2.5) == "250.0%")
        #expect(ByteFormat.decimal(12.345, places: 1) == "12.3")
        #expect(!Timestamp(seconds: .min).iso8601.isEmpty)
        #expect(!Timestamp(seconds: .max).iso8601.isEmpty)
        #expect(Timestamp(seconds: -1).iso8601 == "1969-12-31T23:59:59Z")
        #expect(Timestamp(seconds: -86_400).iso8601 == "1969-12-31T00:00:00Z")
        let far = Timestamp(seconds: .max, nanoseconds: .max).seconds(
            since: Timestamp(seconds: .min, nanoseconds: .min)
        )
        #expect(far > 1.8e19)
    }

    @Test("Bounds: every kind in range at its ends, out of range beyond; page sizes are powers of two")
    func bounds() {
        for bound in Bound.allCases {
            #expect(bound.contains(bound.range.upperBound) == (bound != .pageSize || bound.range.upperBound == 1 << 20))
            #expect(!bound.contains(Int64(bound.range.upperBound + 1)))
            #expect(!bound.contains(Int64(bound.range.lowerBound - 1)))
            #expect(!bound.contains(Double.nan))
        }
        #expect(Bound.pageSize.contains(Int64(16384)))
        #expect(!Bound.pageSize.contains(Int64(12288)))
        #expect(Bound.percent.contains(99.5))
        #expect(!Bound.percent.contains(1e300))
        let problem = SourceProblem.outOfRange(source: "/proc/meminfo", field: "MemFree", value: "1", bound: .bytes)
        #expect(problem.kind == .outOfRange)
        #expect(problem.message == "1 is out of range for a byte count (0 to 4 PiB); field ignored")
    }
}
