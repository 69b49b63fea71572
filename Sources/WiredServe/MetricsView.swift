import Prometheus
public import WiredCore

/// The Prometheus text exposition (format 0.0.4) of one sample, written through swift-prometheus.
///
/// Every figure is a view of the sample's findings: the ledger (`wired_ledger_bytes` sums to
/// `wired_memtotal_bytes` exactly), the owners tree, the process table grouped by command, the pressure verdict
/// and the kernel's counters since boot. No series carries a pid; the whole exposition stays within
/// ``seriesLimit`` series, folding owners into `owner="other"` when it would not.
public enum MetricsView {
    /// The most series one host exposes.
    public static let seriesLimit = 300
    /// Owners named per ledger bucket; the rest of the bucket is `owner="other"`.
    public static let ownersPerBucket = 10
    /// Commands named by PSS; the rest is `command="other"`.
    public static let commands = 20
    /// Services named by charged memory; the rest is `service="other"`.
    public static let services = 20
    /// The Content-Type of the exposition.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The exposition of `sample`.
    public static func render(_ sample: Sample) -> [UInt8] {
        let series = self.series(sample)
        let registry = PrometheusCollectorRegistry()
        for family in series {
            let descriptor = MetricNameDescriptor(metricName: family.name, unitName: "", helpText: family.help)
            for point in family.points {
                if family.counter {
                    registry.makeCounter(descriptor: descriptor, labels: point.labels).increment(by: point.value)
                } else {
                    registry.makeGauge(descriptor: descriptor, labels: point.labels).set(point.value)
                }
            }
        }
        return registry.emitToBuffer()
    }

    /// Every family of `sample`, within ``seriesLimit`` series.
    public static func series(_ sample: Sample) -> [MetricFamily] {
        var fixed = ledgerFamilies(sample) + processFamilies(sample) + pressureFamilies(sample)
        fixed += selfFamilies(sample)
        let used = fixed.map(\.points.count).reduce(0, +)
        var perBucket = ownersPerBucket
        var owners = ownerFamily(sample, perBucket: perBucket)
        while used + owners.points.count > seriesLimit, perBucket > 0 {
            perBucket -= 1
            owners = ownerFamily(sample, perBucket: perBucket)
        }
        return fixed + (owners.points.isEmpty ? [] : [owners])
    }
}

/// One metric name with its help text and series.
public struct MetricFamily: Sendable, Equatable {
    /// The metric name.
    public var name: String
    /// What it is and where it comes from.
    public var help: String
    /// True for a counter (`_total`), false for a gauge.
    public var counter: Bool
    /// The series.
    public var points: [MetricPoint]
}

/// One series: its labels and value.
public struct MetricPoint: Sendable, Equatable {
    /// Label names and values, in order.
    public var labels: [(String, String)]
    /// The value.
    public var value: Double

    public static func == (lhs: MetricPoint, rhs: MetricPoint) -> Bool {
        lhs.value == rhs.value && lhs.labels.elementsEqual(rhs.labels) { $0 == $1 }
    }
}

extension MetricFamily {
    init(_ name: String, _ help: String, counter: Bool = false, _ points: [MetricPoint]) {
        self.init(name: name, help: help, counter: counter, points: points)
    }

    init(_ name: String, _ help: String, counter: Bool = false, value: Double?) {
        self.init(name: name, help: help, counter: counter, points: value.map { [MetricPoint([], $0)] } ?? [])
    }
}

extension MetricPoint {
    init(_ labels: [(String, String)], _ value: Double) {
        self.init(labels: labels, value: value)
    }

    init(_ labels: [(String, String)], _ bytes: ByteCount) {
        self.init(labels: labels, value: Double(bytes.bytes))
    }
}
