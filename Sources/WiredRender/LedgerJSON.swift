public import WiredCore
public import WiredJSON

/// The JSON form of `wired --json` (contract in the README: keys may be added, never removed).
public enum LedgerJSON {
    /// Writes the status object: meta, installed, memTotal, reserved, ledger, totals, wired, translation.
    public static func write(
        _ snapshot: Snapshot,
        _ ledger: Ledger,
        to json: inout JSONWriter,
        extra: (inout JSONWriter) -> Void = { _ in }
    ) {
        json.beginObject()
        json.field("schema", "wired.status/1")
        writeMeta(snapshot.meta, to: &json)
        json.field("installedBytes", ledger.installed?.bytes.bytes)
        json.field("installedSource", ledger.installed?.source)
        json.field("installedIsEstimate", ledger.installed?.isEstimate ?? true)
        json.field("memTotalBytes", ledger.memTotal.bytes)
        json.key("reserved")
        json.beginArray()
        for bucket in ledger.reserved { writeBucket(bucket, ledger: ledger, to: &json) }
        json.endArray()
        json.key("ledger")
        json.beginArray()
        for bucket in ledger.buckets { writeBucket(bucket, ledger: ledger, to: &json) }
        json.endArray()
        json.key("unknown")
        json.beginArray()
        for unknown in ledger.unknown {
            json.beginObject()
            json.field("id", unknown.id.rawValue)
            json.field("name", unknown.name)
            json.field("reason", unknown.reason)
            json.endObject()
        }
        json.endArray()
        SuspectView.write(ledger, to: &json)
        json.key("totals")
        json.beginObject()
        json.field("usedBytes", ledger.translation.usedAsFree.bytes)
        json.field("availableBytes", ledger.translation.available.bytes)
        json.field("freeBytes", ledger.totals.free.bytes)
        json.field("reclaimableBytes", ledger.totals.reclaimable.bytes)
        json.field("compressedBytes", ledger.totals.compressed.bytes)
        json.field("unswappableBytes", ledger.totals.unswappable.bytes)
        json.field("unswappableReason", ledger.unswappableReason)
        json.field("wiredBytes", ledger.wired.total.bytes)
        json.field("unexplainedBytes", ledger.totals.unexplained.bytes)
        json.field("reservedBytes", ledger.reserved.map(\.bytes).sum().bytes)
        json.endObject()
        json.key("wired")
        json.beginObject()
        json.field("totalBytes", ledger.wired.total.bytes)
        json.field("kernelBytes", ledger.wired.kernel.bytes)
        json.field("userBytes", ledger.wired.user.bytes)
        // Kept for scripts written before the unswappable class: app and shared memory with no swap to go to is
        // no longer wired, so nothing wired is wired for want of swap (see totals.unswappableBytes).
        json.field("noSwapBytes", Int64(0))
        json.endObject()
        json.key("translation")
        json.beginObject()
        json.field("usedAsFreeBytes", ledger.translation.usedAsFree.bytes)
        json.field("usedAsFreeFormula", ledger.translation.usedFormula + " (" + ledger.translation.usedLabel + ")")
        json.field("usedAsHtopBytes", ledger.translation.usedAsHtop?.bytes)
        json.field(
            "usedAsHtopFormula",
            ledger.translation.otherUsedFormula + " (" + ledger.translation.otherUsedLabel + ")"
        )
        json.field("availableBytes", ledger.translation.available.bytes)
        json.field("availableSource", ledger.translation.availableSource)
        json.endObject()
        json.field("notes", ledger.notes)
        if let darwin = snapshot.darwin, let figures = ActivityMonitorFigures.of(darwin) {
            MacReport.write(figures, to: &json)
        }
        writeProblems(snapshot.problems, to: &json)
        extra(&json)
        json.endObject()
    }

    /// Writes the `host` object and `takenAt`.
    public static func writeMeta(_ meta: SnapshotMeta, to json: inout JSONWriter) {
        json.key("host")
        json.beginObject()
        json.field("hostname", meta.hostname)
        json.field("os", meta.os.rawValue)
        json.field("kernel", meta.kernel)
        json.field("arch", meta.arch)
        json.field("pageSize", meta.pageSize)
        json.field("pageSizeSource", meta.pageSizeSource)
        json.field("bootId", meta.bootID)
        json.field("uptimeSeconds", meta.uptimeSeconds)
        json.endObject()
        json.field("takenAt", meta.takenAt.iso8601)
        json.field("takenAtEpochSeconds", meta.takenAt.seconds)
        json.field("source", meta.source)
        json.field("toolVersion", meta.toolVersion)
    }

    /// Writes the `problems` array.
    public static func writeProblems(_ problems: [SourceProblem], to json: inout JSONWriter) {
        json.key("problems")
        json.beginArray()
        for problem in problems {
            json.beginObject()
            json.field("source", problem.source)
            json.field("field", problem.field)
            json.field("kind", problem.kind.rawValue)
            json.field("message", problem.message)
            json.endObject()
        }
        json.endArray()
    }

    static func writeBucket(_ bucket: LedgerBucket, ledger: Ledger, to json: inout JSONWriter) {
        json.beginObject()
        json.field("id", bucket.id.rawValue)
        json.field("name", bucket.name)
        json.field("bytes", bucket.bytes.bytes)
        json.field("class", bucket.memoryClass.rawValue)
        json.field("wiredKind", bucket.wiredKind?.rawValue)
        json.field("reclaimable", bucket.memoryClass == .reclaimable || bucket.memoryClass == .free)
        json.field("share", (ledger.share(bucket.bytes) * 1e6).rounded() / 1e6)
        json.field("source", bucket.source)
        json.field("fields", bucket.fields)
        json.field("note", bucket.note)
        if let untrusted = bucket.untrusted { json.field("untrusted", untrusted) }
        json.endObject()
    }
}
