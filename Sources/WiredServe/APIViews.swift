public import WiredCore
import WiredJSON
import WiredRender

/// The JSON bodies of `/api/…`: exactly the objects `wired --json`, `wired top --json`, `wired owners --json` and
/// `wired diff --json` print, written by WiredRender's writers.
public enum APIViews {
    /// `/api/status`: the `wired.status/1` object, pressure included; `nil` when the ledger could not be built.
    public static func status(_ sample: Sample) -> [UInt8]? {
        guard let ledger = sample.ledger else { return nil }
        return document { json in
            LedgerJSON.write(sample.snapshot, ledger, to: &json) { PressureView.write(sample.pressure, to: &$0) }
        }
    }

    /// `/api/top`: the `wired.top/1` object, sorted by `sort`, grouped by `by`, `limit` rows (0: all).
    public static func top(_ sample: Sample, sort: ProcessSort, by grouping: ProcessGrouping?, limit: Int) -> [UInt8]? {
        let snapshot = sample.snapshot
        guard let scan = snapshot.processes else { return nil }
        let costs = ProcessCosts(snapshot)
        let summary = ProcessTable.summary(scan, costs: costs)
        let rows: [ProcessRow]
        if let grouping {
            rows = ProcessTable.sorted(ProcessTable.groups(scan, by: grouping, costs: costs), by: sort)
        } else {
            rows = ProcessTable.order(scan, by: sort, costs: costs).map {
                ProcessTable.row(scan.processes[$0], scan: scan, costs: costs)
            }
        }
        let shown = limit > 0 ? Array(rows.prefix(limit)) : rows
        return document { json in
            ProcessJSON.begin(snapshot, sort: sort, grouping: grouping, stackSize: summary.stackSize, to: &json)
            for row in shown { ProcessJSON.row(row, scan: scan, to: &json) }
            ProcessJSON.end(snapshot, summary: summary, ledger: sample.ledger, to: &json)
        }
    }

    /// `/api/owners`: the owners object, `depth` levels (all when `nil`).
    public static func owners(_ sample: Sample, depth: Int?) -> [UInt8]? {
        guard let report = sample.owners else { return nil }
        return document { OwnersView.write(sample.snapshot, report, depth: depth, to: &$0) }
    }

    /// `/api/diff`: the `wired.diff/2` object from sample `a` to sample `b`.
    public static func diff(_ a: Sample, _ b: Sample, minimum: ByteCount) -> [UInt8] {
        let diff = SnapshotComparison.diff(a.snapshot, b.snapshot)
        let labels = (label(a), label(b))
        return document { DiffView.write(diff, labels: labels, minimum: minimum, to: &$0) }
    }

    /// `/api/history`: `wired.history/1`, one entry per kept sample with its time and the figures asked for
    /// (one ledger bucket, or every chart figure).
    public static func history(_ points: [ChartPoint], bucket: String?, source: String) -> [UInt8] {
        document { json in
            json.beginObject()
            json.field("schema", "wired.history/1")
            json.field("source", source)
            json.field("bucket", bucket)
            json.key("samples")
            json.beginArray()
            for point in points {
                if let bucket {
                    json.beginObject()
                    json.field("id", Int64(point.id))
                    json.field("time", point.time)
                    json.field("bytes", point.buckets.first { $0.id == bucket }?.bytes)
                    json.endObject()
                } else {
                    point.write(to: &json)
                }
            }
            json.endArray()
            json.endObject()
        }
    }

    /// How a diff names a sample: its id and time.
    static func label(_ sample: Sample) -> String {
        "sample #\(sample.id) at \(sample.snapshot.meta.takenAt.iso8601)"
    }

    /// A JSON document written by `body`, as bytes.
    static func document(_ body: (inout JSONWriter) -> Void) -> [UInt8] {
        var bytes: [UInt8] = []
        var json = JSONWriter(flushThreshold: 1 << 30) { bytes.append(contentsOf: $0) }
        body(&json)
        json.finish()
        return bytes
    }
}
