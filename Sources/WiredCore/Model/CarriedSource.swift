/// A source a live reader did not read again for this reading but carried from an earlier one, with its age.
///
/// Only a stateful live reader (the recorder, `wired watch`, `wired serve`) carries slow sources between
/// readings; a one-shot reading reads everything and carries nothing.
public struct CarriedSource: Sendable, Codable, Equatable {
    /// The file, files or command the figures come from, named as problems name them ("/proc/slabinfo").
    public var source: String
    /// How long before this reading they were read, in milliseconds.
    public var ageMs: Int64

    /// Creates a record.
    public init(source: String, ageMs: Int64) {
        self.source = source
        self.ageMs = ageMs
    }

    /// The memfds and DRM clients found among open descriptors, as a carried source is named.
    public static let openFiles = "/proc/PID/fd (memfds, DRM clients)"
    /// The vmalloc callers, as a carried source is named.
    public static let vmallocinfo = "/proc/vmallocinfo"
    /// The owners sources a live reader reads every sixth slow interval (60 s) rather than every 10 s.
    public static let everySixthInterval: Set<String> = [openFiles, vmallocinfo]

    /// `sources`, each `seconds` old (whole milliseconds, at least 0, at most about 24 days).
    public static func all(_ sources: [String], seconds: Double) -> [CarriedSource] {
        let clamped = seconds.isFinite ? max(0, min(seconds, 2e6)) : 2e6
        return sources.map { CarriedSource(source: $0, ageMs: Int64(clamped * 1000)) }
    }
}
