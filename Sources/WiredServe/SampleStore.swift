public import WiredCore

/// Where samples go and come from: the seam between the server and a history store.
///
/// Today ``MemoryStore`` keeps recent samples in memory; a database store (`--db`, issue 13's WiredHistory)
/// implements the same calls so that the dashboard and `/api/diff` reach back further.
public protocol SampleStore: Sendable {
    /// Keeps `sample`.
    func record(_ sample: Sample) async
    /// The newest sample, if any.
    func latest() async -> Sample?
    /// Chart points after sample id `after` (all kept when `nil`), oldest first.
    func points(after: Int?) async -> [ChartPoint]
    /// The kept sample nearest to `moment`.
    func sample(nearest moment: Moment) async -> Sample?
}

/// A moment asked for by `/api/diff`: a sample id, a Unix time, or the newest.
public enum Moment: Sendable, Equatable {
    case id(Int)
    case time(Int64)
    case latest

    /// Parses `now`, `#ID` or `id:ID`, or Unix seconds (a plain number).
    public init?(_ text: String) {
        if text == "now" || text == "latest" {
            self = .latest
        } else if text.hasPrefix("#"), let id = Int(text.dropFirst()) {
            self = .id(id)
        } else if text.hasPrefix("id:"), let id = Int(text.dropFirst(3)) {
            self = .id(id)
        } else if let seconds = Int64(text) {
            self = .time(seconds)
        } else {
            return nil
        }
    }
}

/// Recent samples in memory: every chart point within ``pointCapacity``, and the full readings of the last
/// ``sampleCapacity`` samples (for diffs).
public actor MemoryStore: SampleStore {
    /// Chart points kept (at a 10 s interval, 8,640 points are a day).
    public let pointCapacity: Int
    /// Full samples kept for diffs.
    public let sampleCapacity: Int
    private var points: [ChartPoint] = []
    private var samples: [Sample] = []
    private var names = NamePool()

    /// Creates an empty store.
    public init(pointCapacity: Int = 8_640, sampleCapacity: Int = 32) {
        self.pointCapacity = max(1, pointCapacity)
        self.sampleCapacity = max(1, sampleCapacity)
    }

    public func record(_ sample: Sample) {
        points.append(ChartPoint(sample).interned(&names))
        if points.count > pointCapacity { points.removeFirst(points.count - pointCapacity) }
        samples.append(sample)
        if samples.count > sampleCapacity { samples.removeFirst(samples.count - sampleCapacity) }
    }

    public func latest() -> Sample? { samples.last }

    public func points(after: Int?) -> [ChartPoint] {
        guard let after else { return points }
        // Ids increase along the array: find the first newer one from the end (live clients ask for a few).
        var start = points.count
        while start > 0, points[start - 1].id > after { start -= 1 }
        return Array(points[start...])
    }

    public func sample(nearest moment: Moment) -> Sample? {
        switch moment {
        case .latest: return samples.last
        case .id(let id): return samples.min { abs($0.id - id) < abs($1.id - id) }
        case .time(let seconds):
            return samples.min {
                abs($0.sampledAt - seconds) < abs($1.sampledAt - seconds)
            }
        }
    }
}
