import Testing

@testable import WiredCore

/// What `wired owners` shows of the lists beside the tree: folded in WiredCore, so the view only draws.
@Suite("Folding an owners report")
struct ReportFoldingTests {
    static func node(_ id: String, _ mib: Int64, children: [OwnerNode] = []) -> OwnerNode {
        OwnerNode(id: id, name: id, kind: .process, bytes: .mebibytes(mib), wired: false, children: children)
    }

    static func service(_ index: Int) -> ServiceMemory {
        ServiceMemory(
            name: "s\(index).service",
            path: "/system.slice/s\(index).service",
            current: .mebibytes(Int64(20 - index)),
            anon: .mebibytes(1),
            file: .zero,
            shmem: .zero,
            kernel: nil,
            sock: nil,
            unevictable: .zero,
            wired: .zero,
            unswappable: .zero,
            processes: 1
        )
    }

    static let report: OwnersReport = {
        let gpu = node("vram/card0", 100, children: (1...10).map { node("vram/card0/\($0)", 10) })
        let tree = node("ram", 10, children: [node("app", 10)])
        return OwnersReport(
            tree: tree,
            services: (1...15).map(service),
            deviceMemory: [gpu],
            checks: [],
            sections: [
                OwnerSection(title: "Long", note: "13 nodes", nodes: (1...13).map { node("n\($0)", 1) }),
                OwnerSection(title: "Empty", note: "none", nodes: []),
            ]
        )
    }()

    @Test("Services and sections show 12 entries, a GPU 8 clients; the rest are counted, empty sections dropped")
    func folded() {
        let folded = OwnerTree.fold(Self.report, OwnerFolding())
        #expect(folded.services.shown.map(\.name) == (1...12).map { "s\($0).service" })
        #expect(folded.services.hidden == 3)
        #expect(folded.devices.map(\.shown.count) == [8])
        #expect(folded.devices.first?.node.children.count == 10)
        #expect(folded.sections.map(\.section.title) == ["Long"])
        #expect(folded.sections.first?.nodes.shown.count == 12)
        #expect(folded.sections.first?.nodes.hidden == 1)
    }

    @Test("--all shows everything")
    func all() {
        let folded = OwnerTree.fold(Self.report, OwnerFolding(all: true))
        #expect(folded.services.shown.count == 15)
        #expect(folded.services.hidden == 0)
        #expect(folded.devices.first?.shown.count == 10)
        #expect(folded.sections.first?.nodes.hidden == 0)
    }
}
