/// An owner's identity across readings: its kind and name, and for a process its start time.
///
/// Two readings are joined on it (a restarted process has another start time; a pid reused by another
/// program, too). Its text form, ``description``, is `kind:name` or `process:PID@START`, with the kinds
/// spelled as ``OwnerKind``'s raw values: `process:1234@5678`, `cache:kmalloc-2k`,
/// `service:/system.slice/x.service`, `bucket:slab-unreclaimable`.
public struct OwnerID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// What the owner is.
    public var kind: OwnerKind
    /// Its name within the kind: a pid, a cgroup path, a cache name, a mount point, `device:inode`, a bucket id.
    public var name: String
    /// For a process, its start time in clock ticks after boot (field 22 of `/proc/PID/stat`), when known.
    public var startTime: UInt64?

    /// Creates an id.
    public init(kind: OwnerKind, name: String, startTime: UInt64? = nil) {
        self.kind = kind
        self.name = name
        self.startTime = startTime
    }

    /// The id of process `pid` started at `startTime`.
    public static func process(_ pid: Int32, startTime: UInt64?) -> OwnerID {
        OwnerID(kind: .process, name: String(pid), startTime: startTime)
    }

    /// The id of a ledger bucket.
    public static func bucket(_ id: BucketID) -> OwnerID { OwnerID(kind: .bucket, name: id.rawValue) }

    /// Reads the text form back; `nil` when the kind is not one this version knows.
    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":"), let kind = OwnerKind(rawValue: String(text[..<colon])) else {
            return nil
        }
        var name = String(text[text.index(after: colon)...])
        var start: UInt64?
        if kind == .process, let at = name.lastIndex(of: "@"), let ticks = UInt64(name[name.index(after: at)...]) {
            start = ticks
            name = String(name[..<at])
        }
        self.init(kind: kind, name: name, startTime: start)
    }

    public var description: String {
        startTime.map { "\(kind.rawValue):\(name)@\($0)" } ?? "\(kind.rawValue):\(name)"
    }

    public static func < (left: OwnerID, right: OwnerID) -> Bool { left.description < right.description }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = OwnerID(text) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "not an owner id: \(text)")
            )
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
