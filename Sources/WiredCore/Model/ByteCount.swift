/// An amount of memory in bytes.
///
/// Kernel files print "kB" but mean KiB (1024 bytes); readers convert at the parser, so every
/// `ByteCount` is bytes. `Int64` matches SQLite `INTEGER` and lets differences be negative.
public struct ByteCount: Sendable, Hashable, Comparable, Codable {
    /// The number of bytes; negative only for differences.
    public var bytes: Int64

    /// Creates a count of `bytes` bytes.
    public init(bytes: Int64) {
        self.bytes = bytes
    }

    /// Creates a count from KiB, the unit `/proc` prints as "kB" (saturated on overflow, as all arithmetic here).
    public static func kibibytes(_ n: Int64) -> ByteCount {
        ByteCount(bytes: Checked.saturatingMultiply(n, 1024))
    }

    /// Creates a count from GiB.
    public static func gibibytes(_ n: Int64) -> ByteCount {
        ByteCount(bytes: Checked.saturatingMultiply(n, 1_073_741_824))
    }

    /// Creates a count from MiB.
    public static func mebibytes(_ n: Int64) -> ByteCount {
        ByteCount(bytes: Checked.saturatingMultiply(n, 1_048_576))
    }

    /// Creates a count from a number of pages of `pageSize` bytes.
    public static func pages(_ n: Int64, pageSize: Int64) -> ByteCount {
        ByteCount(bytes: Checked.saturatingMultiply(n, pageSize))
    }

    /// No bytes.
    public static let zero = ByteCount(bytes: 0)

    // The operators never trap: a result that does not fit saturates at Int64.min or Int64.max (and stays
    // there), which ``isOverflow`` tells, ``ByteFormat`` prints as "overflow" and the ledger marks untrusted.
    public static func < (lhs: ByteCount, rhs: ByteCount) -> Bool { lhs.bytes < rhs.bytes }
    public static func + (lhs: ByteCount, rhs: ByteCount) -> ByteCount {
        ByteCount(bytes: Checked.saturatingAdd(lhs.bytes, rhs.bytes))
    }
    public static func - (lhs: ByteCount, rhs: ByteCount) -> ByteCount {
        ByteCount(bytes: Checked.saturatingSubtract(lhs.bytes, rhs.bytes))
    }
    /// `count` of `lhs` (pages of a page size, say).
    public static func * (lhs: ByteCount, count: Int64) -> ByteCount {
        ByteCount(bytes: Checked.saturatingMultiply(lhs.bytes, count))
    }
    public static func += (lhs: inout ByteCount, rhs: ByteCount) { lhs = lhs + rhs }
    public static func -= (lhs: inout ByteCount, rhs: ByteCount) { lhs = lhs - rhs }
    public static prefix func - (value: ByteCount) -> ByteCount { .zero - value }

    /// `self + other`, or `nil` when it does not fit.
    public func adding(_ other: ByteCount) -> ByteCount? {
        Checked.add(bytes, other.bytes).map(ByteCount.init(bytes:))
    }

    /// `self − other`, or `nil` when it does not fit.
    public func subtracting(_ other: ByteCount) -> ByteCount? {
        Checked.subtract(bytes, other.bytes).map(ByteCount.init(bytes:))
    }

    /// `count` of `self`, or `nil` when it does not fit.
    public func multiplied(by count: Int64) -> ByteCount? {
        Checked.multiply(bytes, count).map(ByteCount.init(bytes:))
    }

    /// True when arithmetic overflowed on the way to this count: it is not a measured figure.
    public var isOverflow: Bool { Checked.isSaturated(bytes) }

    /// This count clamped below at zero (an overflow stays one).
    public var nonNegative: ByteCount { bytes < 0 && !isOverflow ? .zero : self }

    public init(from decoder: any Decoder) throws {
        bytes = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(bytes)
    }
}

extension ByteCount: CustomStringConvertible {
    /// A short human form with binary units, for example "1.5 GiB" or "512 KiB".
    public var description: String { ByteFormat.human(bytes) }
}

extension Sequence where Element == ByteCount {
    /// The sum of the counts (saturated, so ``ByteCount/isOverflow`` when it does not fit).
    public func sum() -> ByteCount { reduce(.zero, +) }

    /// The sum of the counts, or `nil` when it does not fit.
    public func checkedSum() -> ByteCount? {
        Checked.sum(map(\.bytes)).map(ByteCount.init(bytes:))
    }
}

/// Formatting of byte counts with binary units (1 KiB = 1024 bytes), without Foundation.
public enum ByteFormat {
    /// What a count that overflowed (``ByteCount/isOverflow``) prints as, instead of a number.
    public static let overflow = "overflow"

    /// A short human form: three significant digits, binary units ("23.5 GiB", "640 KiB", "0 B").
    public static func human(_ bytes: Int64) -> String {
        if Checked.isSaturated(bytes) { return overflow }
        let negative = bytes < 0
        let magnitude = bytes.magnitude
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var unit = 0
        var scaled = Double(magnitude)
        while scaled >= 1024, unit < units.count - 1 {
            scaled /= 1024
            unit += 1
        }
        let text: String
        if unit == 0 {
            text = "\(magnitude) B"
        } else if scaled >= 100 {
            text = "\(Int((scaled).rounded())) \(units[unit])"
        } else if scaled >= 10 {
            text = "\(decimal(scaled, places: 1)) \(units[unit])"
        } else {
            text = "\(decimal(scaled, places: 2)) \(units[unit])"
        }
        return negative ? "-" + text : text
    }

    /// A signed human form for differences: "+12.0 MiB", "-3.00 KiB", "0 B".
    public static func signed(_ bytes: Int64) -> String {
        bytes > 0 ? "+" + human(bytes) : human(bytes)
    }

    /// A compact form for narrow columns: "0", "512K", "12M", "1.5G" (binary units, at most 5 characters).
    public static func compact(_ bytes: Int64) -> String {
        if bytes == 0 { return "0" }
        if Checked.isSaturated(bytes) { return "ovfl" }
        let negative = bytes < 0
        var value = Double(bytes.magnitude)
        let units = ["B", "K", "M", "G", "T", "P"]
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let body = value >= 10 || unit == 0 ? "\(Int(value.rounded()))" : decimal(value, places: 1)
        return (negative ? "-" : "") + body + units[unit]
    }

    /// Exact bytes with thousands separators: "25,276,510,208".
    public static func exact(_ bytes: Int64) -> String {
        Checked.isSaturated(bytes) ? overflow : grouped(bytes)
    }

    /// An integer with thousands separators.
    public static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// `value` rounded to `places` decimals, always printing them ("2.50").
    ///
    /// NaN prints as "nan" and values too large for 64 bits as "∞" (never a trap).
    public static func decimal(_ value: Double, places: Int) -> String {
        var factor = 1.0
        for _ in 0..<places { factor *= 10 }
        let rounded = (value * factor).rounded()
        if rounded.isNaN { return "nan" }
        let negative = rounded < 0
        guard let whole = Checked.integer(abs(rounded)) else { return negative ? "-∞" : "∞" }
        let intPart = whole / Int64(factor)
        let fracPart = whole % Int64(factor)
        var fraction = String(fracPart)
        while fraction.count < places { fraction = "0" + fraction }
        let body = places > 0 ? "\(intPart).\(fraction)" : "\(intPart)"
        return negative && whole != 0 ? "-" + body : body
    }

    /// A share as a percentage with one decimal: 0.1234 → "12.3%".
    public static func percent(_ share: Double) -> String {
        decimal(share * 100, places: 1) + "%"
    }
}
