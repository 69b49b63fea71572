public import WiredCore

/// What a decoder made of one output: its value (`nil` when the file cannot be used at all) and the
/// problems met, each naming the file and the row or field.
public struct Decoded<Value: Sendable>: Sendable {
    /// The decoded value, or `nil` when nothing usable was found.
    public var value: Value?
    /// Rows or fields that were missing, malformed or contradictory.
    public var problems: [SourceProblem]

    /// Creates a result.
    public init(value: Value?, problems: [SourceProblem]) {
        self.value = value
        self.problems = problems
    }
}

/// Small text helpers for command outputs (no Foundation: these run on Linux and macOS alike).
enum Text {
    /// The lines of `text`, without their line ends (`\n` or `\r\n`).
    static func lines(_ text: String) -> [Substring] {
        // "\r\n" is one Character in Swift, so it is a separator of its own.
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map {
            $0.last == "\r" ? $0.dropLast() : $0
        }
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmed<S: StringProtocol>(_ text: S) -> Substring {
        var slice = Substring(text)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return slice
    }

    /// Whitespace-separated words.
    static func words<S: StringProtocol>(_ text: S) -> [Substring] {
        Substring(text).split(whereSeparator: { $0 == " " || $0 == "\t" })
    }

    /// A non-negative decimal integer made only of digits, or `nil` (also on overflow).
    static func integer<S: StringProtocol>(_ text: S) -> Int64? {
        guard !text.isEmpty else { return nil }
        var value: Int64 = 0
        for character in text.utf8 {
            guard character >= 48, character <= 57 else { return nil }
            let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times.addingReportingOverflow(Int64(character - 48))
            if overflowA || overflowB { return nil }
            value = sum
        }
        return value
    }

    /// A decimal number with an optional fraction ("1017.50", "1024,00" with a decimal comma).
    static func decimal<S: StringProtocol>(_ text: S) -> Double? {
        let normalized = String(text).replacingComma()
        guard !normalized.isEmpty, normalized.allSatisfy({ $0.isNumber || $0 == "." }),
            normalized.filter({ $0 == "." }).count <= 1
        else { return nil }
        return Double(normalized)
    }

    /// A hexadecimal (`0x92000`) or decimal number.
    static func hexOrDecimal<S: StringProtocol>(_ text: S) -> Int64? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            return Int64(text.dropFirst(2), radix: 16)
        }
        return integer(text)
    }

    /// A size printed with a binary unit letter, as top's humanize_number (base 1024) and zprint print it: "316K",
    /// "34M", "11G", "251T", "0B", "1819M", "6576M"; a bare number is bytes.
    ///
    /// A trend mark (`+`, `-`) at the end is ignored.
    static func binarySize<S: StringProtocol>(_ text: S) -> Int64? {
        var body = Substring(text)
        if let last = body.last, last == "+" || last == "-" { body.removeLast() }
        guard let last = body.last else { return nil }
        let multiplier: Double
        switch last {
        case "B": multiplier = 1
        case "K": multiplier = 1024
        case "M": multiplier = 1024 * 1024
        case "G": multiplier = 1024 * 1024 * 1024
        case "T": multiplier = 1024 * 1024 * 1024 * 1024
        case "P": multiplier = 1024 * 1024 * 1024 * 1024 * 1024
        default:
            return integer(body)
        }
        guard let number = decimal(body.dropLast()) else { return nil }
        return Checked.integer((number * multiplier).rounded())
    }

    /// A size printed as a number and a unit word, as footprint prints it: "13 MB", "2608 KB", "0 B",
    /// "253904480 B" (units of 1024).
    static func sizeWithUnit<S: StringProtocol>(_ number: S, _ unit: S) -> Int64? {
        guard let value = decimal(number) else { return nil }
        let multiplier: Double
        switch unit.uppercased() {
        case "B", "BYTES": multiplier = 1
        case "KB", "K", "KIB": multiplier = 1024
        case "MB", "M", "MIB": multiplier = 1024 * 1024
        case "GB", "G", "GIB": multiplier = 1024 * 1024 * 1024
        case "TB", "T", "TIB": multiplier = 1024 * 1024 * 1024 * 1024
        default: return nil
        }
        return Checked.integer((value * multiplier).rounded())
    }
}

extension String {
    /// The string with a decimal comma turned into a point ("1024,00" → "1024.00").
    fileprivate func replacingComma() -> String {
        String(map { $0 == "," ? "." : $0 })
    }
}

/// Builds ``SourceProblem``s for one file.
struct ProblemLog {
    let path: String
    var problems: [SourceProblem] = []

    mutating func malformed(_ field: String?, _ message: String) {
        problems.append(SourceProblem(source: path, field: field, kind: .malformed, message: message))
    }

    mutating func missing(_ field: String?, _ message: String) {
        problems.append(SourceProblem(source: path, field: field, kind: .missing, message: message))
    }

    mutating func inconsistent(_ field: String?, _ message: String) {
        problems.append(SourceProblem(source: path, field: field, kind: .inconsistent, message: message))
    }

    /// `value` when it lies within `bound`; otherwise `nil`.
    ///
    /// When `text` was a number (digits that overflowed, or a value beyond the bound), an out-of-range
    /// problem is recorded; text that is no number gives `nil` only.
    mutating func bounded<S: StringProtocol>(_ value: Int64?, text: S, field: String, bound: Bound) -> Int64? {
        if let value, bound.contains(value) { return value }
        if value != nil || Self.isNumber(text) {
            problems.append(.outOfRange(source: path, field: field, value: String(text), bound: bound))
        }
        return nil
    }

    /// True for digits (with a decimal point or comma), then an optional unit and trend mark.
    ///
    /// "12", "1.5G", "316K+": such text that gives no value overflowed.
    static func isNumber<S: StringProtocol>(_ text: S) -> Bool {
        var body = Substring(text)
        while let last = body.last, last == "+" || last == "-" || last == " " || last.isLetter { body.removeLast() }
        return !body.isEmpty && body.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }
    }

    /// Like ``bounded(_:text:field:bound:)``, and text that is no number is reported as malformed with
    /// `message`.
    mutating func number<S: StringProtocol>(
        _ value: Int64?,
        text: S,
        field: String,
        bound: Bound,
        otherwise message: String
    ) -> Int64? {
        if value == nil, !Self.isNumber(text) {
            malformed(field, message)
            return nil
        }
        return bounded(value, text: text, field: field, bound: bound)
    }
}
