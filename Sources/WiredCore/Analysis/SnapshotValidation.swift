/// Checks a decoded ``Snapshot`` once, where it is loaded, so that no figure in it can make the analysis
/// trap or be shown as a fact when it is impossible.
///
/// Every number is held against its ``Bound``: one outside is left out (`nil`, or its record dropped) with
/// an ``SourceProblem/Kind/outOfRange`` problem naming the file and field. Numbers that contradict each
/// other (free hugepages above the total, a swap area more than full, a counter lower in the later sample)
/// give an ``SourceProblem/Kind/inconsistent`` problem; they are kept, and the ledger marks what they feed
/// untrusted. A `smaps_rollup` that cannot be true (Pss above Rss) is left out and the process shown by its
/// RSS. A snapshot with sane numbers passes unchanged. No I/O.
public enum SnapshotValidation {
    /// Checks `snapshot`, leaves out what is impossible, and appends the problems to it; returns them.
    @discardableResult
    public static func check(_ snapshot: inout Snapshot) -> [SourceProblem] {
        var validator = Validator()
        validator.meta(&snapshot.meta)
        if var linux = snapshot.linux {
            validator.linux(&linux, pageSize: snapshot.meta.pageSize)
            snapshot.linux = linux
        }
        if var darwin = snapshot.darwin {
            validator.darwin(&darwin)
            snapshot.darwin = darwin
        }
        if var scan = snapshot.processes {
            validator.processes(&scan)
            snapshot.processes = scan
        }
        if var owners = snapshot.owners {
            validator.owners(&owners)
            snapshot.owners = owners
        }
        // A reader, or a check before the snapshot was saved, may have reported a problem already (with the
        // file under its root): each is reported once.
        let known = Set(snapshot.problems(processes: true, owners: true).map { [$0.field ?? "", $0.message] })
        let problems = validator.capped.filter { !known.contains([$0.field ?? "", $0.message]) }
        snapshot.problems += problems
        return problems
    }
}

/// Collects the problems of one validation.
struct Validator {
    var problems: [SourceProblem] = []

    /// At most 100 problems, then one saying how many more there were.
    var capped: [SourceProblem] {
        guard problems.count > 100 else { return problems }
        return problems.prefix(100)
            + [
                SourceProblem(
                    source: "snapshot",
                    kind: .outOfRange,
                    message: "\(problems.count - 100) more numbers were out of range or impossible"
                )
            ]
    }

    /// `value` when it lies within `bound`; otherwise a problem and `nil`.
    mutating func bounded(_ value: Int64?, _ bound: Bound, _ source: String, _ field: String) -> Int64? {
        guard let value else { return nil }
        guard bound.contains(value) else {
            problems.append(.outOfRange(source: source, field: field, value: "\(value)", bound: bound))
            return nil
        }
        return value
    }

    /// The carried sources of `record` ("linux", "owners") whose age is a ``Bound/count`` of milliseconds; any
    /// other is left out with a problem.
    mutating func carried(_ sources: [CarriedSource]?, _ record: String) -> [CarriedSource]? {
        sources?.filter { bounded($0.ageMs, .count, "\(record).carried", "\($0.source) ageMs") != nil }
    }

    /// `value` (an `Int`) when it lies within `bound`; otherwise a problem and `nil`.
    mutating func bounded(_ value: Int?, _ bound: Bound, _ source: String, _ field: String) -> Int? {
        bounded(value.map { Int64($0) }, bound, source, field).map { Int($0) }
    }

    /// True when `count` things of `size` bytes each come to at most ``Bound/bytes``; otherwise one problem for
    /// the record, which is left out.
    mutating func fits(_ counts: [Int64], of size: Int64, _ source: String, _ field: String) -> Bool {
        let most = size > 0 ? Bound.bytes.range.upperBound / size : Bound.bytes.range.upperBound
        guard let bad = counts.first(where: { $0 < 0 || $0 > most }) else { return true }
        problems.append(
            .outOfRange(
                source: source,
                field: field,
                value: "\(bad) × \(size) bytes",
                bound: .bytes,
                consequence: "left out"
            )
        )
        return false
    }

    /// True when every value is within `bound`; otherwise one problem for the record, which is left out.
    mutating func keeps(_ values: [Int64], _ bound: Bound, _ source: String, _ field: String) -> Bool {
        guard let bad = values.first(where: { !bound.contains($0) }) else { return true }
        problems.append(
            .outOfRange(source: source, field: field, value: "\(bad)", bound: bound, consequence: "left out")
        )
        return false
    }

    /// A table of counters with every value within `bound`; keys in `pageKeys` are page counts, which
    /// must also fit ``Bound/bytes`` once multiplied by `pageSize`.
    mutating func table(
        _ table: [String: Int64],
        _ bound: Bound,
        _ source: String,
        pages pageKeys: (String) -> Bool = { _ in false },
        pageSize: Int64 = 4096
    ) -> [String: Int64] {
        var kept = table
        for key in table.keys.sorted() {
            guard let value = table[key] else { continue }
            let isPages = pageKeys(key)
            if bounded(value, isPages ? .pages : bound, source, key) == nil
                || (isPages && !fits([value], of: pageSize, source, key))
            {
                kept[key] = nil
            }
        }
        return kept
    }

    mutating func inconsistent(_ source: String, _ field: String, _ message: String) {
        problems.append(SourceProblem(source: source, field: field, kind: .inconsistent, message: message))
    }

    // MARK: The reading

    mutating func meta(_ meta: inout SnapshotMeta) {
        if !Bound.pageSize.contains(meta.pageSize) {
            problems.append(
                .outOfRange(
                    source: "snapshot meta",
                    field: "pageSize",
                    value: "\(meta.pageSize)",
                    bound: .pageSize,
                    consequence: "4096 is assumed, and figures counted in pages may be wrong"
                )
            )
            meta.pageSize = 4096
            meta.pageSizeSource = "assumed 4096: the recorded page size was impossible"
        }
        if !Bound.seconds.contains(meta.takenAt.seconds) || !(0..<1_000_000_000).contains(meta.takenAt.nanoseconds) {
            problems.append(
                .outOfRange(
                    source: "snapshot meta",
                    field: "takenAt",
                    value: "\(meta.takenAt.seconds).\(meta.takenAt.nanoseconds)",
                    bound: .seconds,
                    consequence: "the time is unknown (shown as 1970-01-01)"
                )
            )
            meta.takenAt = Timestamp(seconds: 0)
        }
        if let uptime = meta.uptimeSeconds, !Bound.seconds.contains(uptime) {
            problems.append(.outOfRange(source: "/proc/uptime", field: "uptime", value: "\(uptime)", bound: .seconds))
            meta.uptimeSeconds = nil
        }
    }
}
