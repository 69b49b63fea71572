import Foundation
import Testing
import WiredCore
import WiredJSON
import WiredRender
import WiredTestSupport

/// Every number of a full snapshot set, field by field, to the ends of 64 and 32 bits and to −1: every
/// analysis must run before validation, and every view after it (as the commands validate each snapshot
/// they load); a trap would end this test process.
@Suite("Absurd numbers in every field of a snapshot")
struct AbsurdNumberTests {
    static let extremes: [Int64] = [.max, .min, Int64(Int32.max), -1]

    /// Runs every analysis of `snapshot` (no view).
    static func analyseEverything(_ snapshot: Snapshot, against base: Snapshot) {
        let ledger = try? Ledger.of(snapshot)
        _ = PressureAnalysis.judge(snapshot, ledger: ledger)
        if let ledger { _ = OwnerTree.build(snapshot, ledger: ledger) }
        if let scan = snapshot.processes {
            _ = ProcessTable.summary(scan, arch: snapshot.meta.arch)
            for sort in ProcessSort.allCases {
                for index in ProcessTable.order(scan, by: sort, arch: snapshot.meta.arch) {
                    _ = ProcessTable.row(scan.processes[index], scan: scan, arch: snapshot.meta.arch)
                }
            }
        }
        _ = SnapshotComparison.diff(base, snapshot)
        _ = SnapshotComparison.diff(snapshot, base)
    }

    /// Runs every analysis and renders every view of `snapshot`.
    static func renderEverything(_ snapshot: Snapshot, against base: Snapshot) {
        let style = Style.plain
        var json = JSONWriter(pretty: false) { _ in }
        let ledger = try? Ledger.of(snapshot)
        let pressure = PressureAnalysis.judge(snapshot, ledger: ledger)
        _ = PressureView.lines(pressure, style: style)
        PressureView.write(pressure, to: &json)
        if let ledger {
            _ = LedgerReport.render(snapshot, ledger, pressure: pressure, style: style)
            LedgerJSON.write(snapshot, ledger, to: &json)
            let owners = OwnerTree.build(snapshot, ledger: ledger)
            _ = OwnersView.render(snapshot, owners, options: OwnersView.Options(all: true), style: style)
            OwnersView.write(snapshot, owners, depth: nil, to: &json)
        }
        if let scan = snapshot.processes {
            let arch = snapshot.meta.arch
            let summary = ProcessTable.summary(scan, arch: arch)
            for sort in ProcessSort.allCases {
                let rows = ProcessTable.order(scan, by: sort, arch: arch).map {
                    ProcessTable.row(scan.processes[$0], scan: scan, arch: arch)
                }
                _ = ProcessReport.render(
                    snapshot,
                    rows: rows,
                    totalRows: rows.count,
                    summary: summary,
                    ledger: ledger,
                    sort: sort,
                    grouping: nil,
                    style: style,
                    width: 120
                )
                for row in rows { ProcessJSON.row(row, scan: scan, to: &json) }
            }
            for grouping in ProcessGrouping.allCases {
                _ = ProcessTable.sorted(ProcessTable.groups(scan, by: grouping, arch: arch), by: .wired)
            }
            ProcessJSON.end(snapshot, summary: summary, ledger: ledger, to: &json)
        }
        for (a, b) in [(base, snapshot), (snapshot, base)] {
            let diff = SnapshotComparison.diff(a, b)
            _ = DiffView.render(diff, labels: ("a", "b"), minimum: .zero, style: style)
            DiffView.write(diff, labels: ("a", "b"), minimum: .zero, to: &json)
        }
    }

    /// The paths of every number in a JSON tree, array indices written as `*`.
    static func numberPaths(_ value: Any, _ path: [String] = []) -> Set<[String]> {
        if let object = value as? [String: Any] {
            return object.reduce(into: []) { $0.formUnion(numberPaths($1.value, path + [$1.key])) }
        }
        if let array = value as? [Any] {
            return array.reduce(into: []) { $0.formUnion(numberPaths($1, path + ["*"])) }
        }
        return value is NSNumber && !(value is Bool) ? [path] : []
    }

    /// `value` with every number at `path` replaced by `number`.
    static func replacing(_ value: Any, _ path: ArraySlice<String>, with number: Int64) -> Any {
        guard let head = path.first else { return NSNumber(value: number) }
        if head == "*", let array = value as? [Any] {
            return array.map { replacing($0, path.dropFirst(), with: number) }
        }
        if var object = value as? [String: Any], let child = object[head] {
            object[head] = replacing(child, path.dropFirst(), with: number)
            return object
        }
        return value
    }

    @Test(
        "No trap anywhere, and after validation no figure beyond 2^56 that is not marked untrusted",
        arguments: ["vm-6.18-owners", "vm-6.18-pressure-swapping", "synthetic-owners-v2"]
    )
    func everyField(fixture: String) throws {
        let base = Fixtures.fullSnapshot(fixture)
        let tree = try JSONSerialization.jsonObject(with: JSONEncoder().encode(base))
        var tried = 0
        for path in Self.numberPaths(tree).sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            for number in Self.extremes {
                let damaged = try JSONSerialization.data(withJSONObject: Self.replacing(tree, path[...], with: number))
                // A number its field cannot hold (−1 for a UInt64) is refused by the decoder: no snapshot.
                guard var snapshot = try? JSONDecoder().decode(Snapshot.self, from: damaged) else { continue }
                tried += 1
                Self.analyseEverything(snapshot, against: base)
                SnapshotValidation.check(&snapshot)
                Self.renderEverything(snapshot, against: base)
                guard let ledger = try? Ledger.of(snapshot) else { continue }
                for bucket in ledger.buckets + ledger.reserved where !bucket.isUntrusted {
                    #expect(bucket.bytes.bytes.magnitude < 1 << 56, "\(path) = \(number): \(bucket.id)")
                }
            }
        }
        #expect(tried > 250)
    }
}
