/// What a cache purge did: the ledger before and after, bucket by bucket, what was freed, what could not
/// be (wired memory, dirty and shared pages), and how much cache came back a few seconds later.
public struct PurgeReport: Sendable, Codable, Equatable {
    /// One bucket before and after.
    public struct Change: Sendable, Codable, Equatable {
        public var id: BucketID
        public var name: String
        public var memoryClass: MemoryClass
        public var before: ByteCount
        public var after: ByteCount
        /// After − before.
        public var delta: ByteCount { after - before }
    }

    /// Every bucket, in ledger order.
    public var changes: [Change]
    /// Σ of the falls of reclaimable buckets: what the purge freed.
    public var freed: ByteCount
    /// Wired (pinned) memory before and after: a purge never frees it.
    public var wiredBefore: ByteCount
    public var wiredAfter: ByteCount
    /// Unswappable memory (app and shared memory with no free swap) before and after: not cache either.
    public var unswappableBefore: ByteCount = .zero
    public var unswappableAfter: ByteCount = .zero
    /// Free memory before and after.
    public var freeBefore: ByteCount
    public var freeAfter: ByteCount
    /// Seconds waited after the purge, and how much file cache came back meanwhile.
    public var waitedSeconds: Double?
    public var cacheBack: ByteCount?
    /// What stayed that a purge cannot drop, in words with sizes.
    public var notDropped: [String]
}

/// Compares ledgers around a purge.
///
/// No I/O.
public enum PurgeComparison {
    /// The buckets whose memory the caches a purge drops live in (Linux and macOS ids).
    static let cacheBuckets: Set<BucketID> = [
        .fileClean, .slabReclaimable, .kernelReclaimable, .fileCache, .purgeable, .speculative, .inactive,
    ]

    /// The report of a purge between `before` and `after`, with `later` read `waited` seconds after.
    public static func compare(before: Ledger, after: Ledger, later: Ledger?, waited: Double?) -> PurgeReport {
        let afterBuckets = Dictionary(after.buckets.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let changes = before.buckets.compactMap { bucket -> PurgeReport.Change? in
            guard let other = afterBuckets[bucket.id] else { return nil }
            return PurgeReport.Change(
                id: bucket.id,
                name: bucket.name,
                memoryClass: bucket.memoryClass,
                before: bucket.bytes,
                after: other.bytes
            )
        }
        let freed = changes.filter { $0.memoryClass == .reclaimable && $0.delta.bytes < 0 }
            .map { ByteCount(bytes: -$0.delta.bytes) }.sum()
        var notDropped: [String] = []
        if after.wired.total.bytes > 0 {
            notDropped.append(
                "wired memory \(after.wired.total) (kernel structures, locked and pinned pages): a purge never touches it"
            )
        }
        for id: BucketID in [.fileDirty, .shmem, .app, .anonBeyondSwap] {
            guard let bucket = after.bucket(id), bucket.bytes.bytes > 0 else { continue }
            var why =
                switch id {
                case .fileDirty: "pages not yet written to disk (sync runs first, new writes keep coming)"
                case .shmem: "tmpfs and shared memory are not cache: they are dropped only by deleting the files"
                default: "app memory is not cache"
                }
            if bucket.memoryClass == .unswappable {
                why +=
                    "; unswappable: \(after.unswappableReason ?? "there is no free swap"), so it cannot be paged out either"
            }
            notDropped.append("\(bucket.name) \(bucket.bytes): \(why)")
        }
        var cacheBack: ByteCount?
        if let later {
            let cache = { (ledger: Ledger) in
                ledger.buckets.filter { cacheBuckets.contains($0.id) }.map(\.bytes).sum()
            }
            cacheBack = cache(later) - cache(after)
        }
        var report = PurgeReport(
            changes: changes,
            freed: freed,
            wiredBefore: before.wired.total,
            wiredAfter: after.wired.total,
            freeBefore: before.totals.free,
            freeAfter: after.totals.free,
            waitedSeconds: later == nil ? nil : waited,
            cacheBack: cacheBack,
            notDropped: notDropped
        )
        report.unswappableBefore = before.totals.unswappable
        report.unswappableAfter = after.totals.unswappable
        return report
    }
}
