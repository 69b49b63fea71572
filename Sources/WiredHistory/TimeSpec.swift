#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A moment the user names: `--at TIME`, `wired diff @TIME`, `--since`.
///
/// TIME is ISO 8601 (`2026-11-30T22:00`, with seconds, `Z` or an offset; local time without one), a clock
/// time today (`09:30`, local), relative (`-15m`, `-2d`, `-1h30m`; units s, m, h, d, w), `boot` (the first
/// sample of this boot) or `now`.
public enum TimeSpec: Equatable, Sendable {
    /// Seconds since the epoch.
    case time(Double)
    /// The first sample of this boot.
    case boot
    /// The running system (or, in a store, the latest sample).
    case now

    /// Parses `text` relative to `now` (seconds since the epoch); `nil` with the reason when it is not a TIME.
    public static func parse(_ text: String, now: Double) -> Result<TimeSpec, HistoryError> {
        let trimmed = String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        switch trimmed.lowercased() {
        case "now": return .success(.now)
        case "boot": return .success(.boot)
        default: break
        }
        if trimmed.hasPrefix("-"), let seconds = duration(String(trimmed.dropFirst())) {
            return .success(.time(now - seconds))
        }
        if let clock = clockToday(trimmed, now: now) { return .success(.time(clock)) }
        if let iso = iso8601(trimmed) { return .success(.time(iso)) }
        return .failure(
            HistoryError(
                "\"\(text)\" is not a time: use ISO 8601 (2026-11-30T22:00), a clock time today (09:30), "
                    + "relative (-15m, -2d), boot or now"
            )
        )
    }

    /// "15m", "2d", "1h30m", "90s", "1w" in seconds.
    public static func duration(_ text: String) -> Double? {
        var total = 0.0
        var digits = ""
        guard !text.isEmpty else { return nil }
        for character in text {
            if character.isNumber || character == "." {
                digits.append(character)
                continue
            }
            let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
            guard let unit = units[character], let value = Double(digits) else { return nil }
            total += value * unit
            digits = ""
        }
        return digits.isEmpty ? total : nil
    }

    /// "09:30" or "09:30:15" today, local time.
    static func clockToday(_ text: String, now: Double) -> Double? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isNumber) })
        else { return nil }
        let numbers = parts.compactMap { Int32($0) }
        guard numbers[0] < 24, numbers[1] < 60, numbers.count < 3 || numbers[2] < 61 else { return nil }
        var seconds = time_t(now)
        var local = tm()
        guard localtime_r(&seconds, &local) != nil else { return nil }
        local.tm_hour = numbers[0]
        local.tm_min = numbers[1]
        local.tm_sec = numbers.count == 3 ? numbers[2] : 0
        local.tm_isdst = -1
        return Double(mktime(&local))
    }

    /// "2026-11-30", "2026-11-30T22:00", "2026-11-30 22:00:05", with "Z" or "+01:00" for UTC or an offset.
    static func iso8601(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int32? {
            guard range.upperBound <= bytes.count, range.allSatisfy({ bytes[$0] >= 48 && bytes[$0] <= 57 }) else {
                return nil
            }
            return Int32(String(decoding: bytes[range], as: UTF8.self))
        }
        guard bytes.count >= 10, bytes[4] == 45, bytes[7] == 45, let year = number(0..<4), let month = number(5..<7),
            let day = number(8..<10), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var fields = tm()
        fields.tm_year = year - 1900
        fields.tm_mon = month - 1
        fields.tm_mday = day
        var offset: Int? = nil
        var at = 10
        if at < bytes.count {
            guard bytes[at] == UInt8(ascii: "T") || bytes[at] == UInt8(ascii: " "), let hour = number(11..<13),
                bytes.count > 13, bytes[13] == 58, let minute = number(14..<16), hour < 24, minute < 60
            else { return nil }
            fields.tm_hour = hour
            fields.tm_min = minute
            at = 16
            if at < bytes.count, bytes[at] == 58, let second = number(17..<19), second < 61 {
                fields.tm_sec = second
                at = 19
            }
            if at < bytes.count {
                if bytes[at] == UInt8(ascii: "Z"), at + 1 == bytes.count {
                    offset = 0
                } else if bytes[at] == 43 || bytes[at] == 45, bytes.count == at + 6, bytes[at + 3] == 58,
                    let hours = number((at + 1)..<(at + 3)), let minutes = number((at + 4)..<(at + 6))
                {
                    offset = (bytes[at] == 45 ? -1 : 1) * Int(hours * 3600 + minutes * 60)
                } else {
                    return nil
                }
            }
        }
        if let offset { return Double(timegm(&fields)) - Double(offset) }
        fields.tm_isdst = -1
        return Double(mktime(&fields))
    }
}
