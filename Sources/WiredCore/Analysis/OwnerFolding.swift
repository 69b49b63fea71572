/// How much of the owners tree a reader sees: how deep, and how many owners per node before the rest are
/// folded.
public struct OwnerFolding: Sendable, Equatable {
    /// Levels below the root (buckets are level 1).
    public var depth: Int
    /// Show every owner and the empty buckets instead of folding small ones.
    public var all: Bool
    /// Owners shown per node before the rest are folded.
    public var childLimit: Int

    /// Creates options.
    public init(depth: Int = 3, all: Bool = false, childLimit: Int = 8) {
        self.depth = depth
        self.all = all
        self.childLimit = childLimit
    }
}

/// The owners tree as a reader sees it: cut at a depth, long lists folded, and the empty buckets named apart.
public struct FoldedOwners: Sendable, Equatable {
    /// The tree: each node's children are what is shown, and still add up to it (folded owners are one node).
    public var tree: OwnerNode
    /// The empty buckets left out of the tree.
    public var zero: [String]
}

extension OwnerTree {
    /// Folds `tree` for reading.
    ///
    /// Below the buckets, a node shows its `childLimit` biggest owners that hold at least 1% of it (and 64 KiB;
    /// in a group of one command, the biggest members whatever their size);
    /// the rest become one "N others" node that names the largest of them, placed before the unexplained rest.
    /// When a node has more owners than the limit, processes of the same command are first grouped into one
    /// node ("php-fpm ×200"), so a service of many workers shows its commands rather than an anonymous fold.
    public static func fold(_ tree: OwnerNode, _ options: OwnerFolding) -> FoldedOwners {
        var zero: [String] = []
        let folded = fold(tree, options, level: 0, zero: &zero)
        return FoldedOwners(tree: folded, zero: zero)
    }

    static func fold(_ node: OwnerNode, _ options: OwnerFolding, level: Int, zero: inout [String]) -> OwnerNode {
        var out = node
        guard level < options.depth, !node.children.isEmpty else {
            out.children = []
            return out
        }
        var candidates: [OwnerNode] = []
        for child in node.children {
            if level == 0 && child.bytes.bytes == 0 && child.kind != .unexplained && !options.all {
                zero.append(child.name)
            } else {
                candidates.append(child)
            }
        }
        if level > 0, !options.all, node.kind != .group, candidates.count > options.childLimit {
            candidates = groupedByCommand(candidates, parent: node)
        }
        var shown: [OwnerNode] = []
        var folded: [OwnerNode] = []
        // Owners under 1% of their node are folded, except in a group of one command, whose members are alike.
        let threshold = node.kind == .group ? 0 : max(node.bytes.bytes / 100, 64 << 10)
        for child in candidates {
            let small = child.bytes.bytes.magnitude < threshold && child.kind != .unexplained
            if options.all || level == 0 || child.kind == .unexplained || (shown.count < options.childLimit && !small) {
                shown.append(child)
            } else {
                folded.append(child)
            }
        }
        if !folded.isEmpty {
            // The rest line stays last, after the folded owners.
            let rest = shown.firstIndex { $0.id.hasSuffix("/rest") }.map { shown.remove(at: $0) }
            shown.append(others(folded, parent: node))
            if let rest { shown.append(rest) }
        }
        out.children = shown.map { fold($0, options, level: level + 1, zero: &zero) }
        return out
    }

    /// `nodes` with the processes that share a command (two or more) replaced by one node per command, biggest
    /// first; the other nodes keep their places.
    static func groupedByCommand(_ nodes: [OwnerNode], parent: OwnerNode) -> [OwnerNode] {
        var members: [String: [OwnerNode]] = [:]
        for node in nodes {
            if let key = node.groupKey { members[key, default: []].append(node) }
        }
        var out: [OwnerNode] = []
        var placed: Set<String> = []
        for node in nodes {
            guard let key = node.groupKey, let group = members[key], group.count > 1 else {
                out.append(node)
                continue
            }
            guard placed.insert(key).inserted else { continue }
            out.append(
                OwnerNode(
                    id: "\(parent.id)/command/\(key)",
                    name: "\(key) ×\(group.count)",
                    kind: .group,
                    bytes: group.map(\.bytes).sum(),
                    wired: parent.wired,
                    unswappable: parent.unswappable,
                    detail: "\(group.count) processes of this command",
                    children: group.sorted { $0.bytes != $1.bytes ? $0.bytes > $1.bytes : $0.id < $1.id }
                )
            )
        }
        let rest = out.filter { $0.id.hasSuffix("/rest") }
        return out.filter { !$0.id.hasSuffix("/rest") }.sorted {
            $0.bytes != $1.bytes ? $0.bytes > $1.bytes : $0.id < $1.id
        }
            + rest
    }

    /// One node for the owners folded away, naming the largest of them.
    static func others(_ folded: [OwnerNode], parent: OwnerNode) -> OwnerNode {
        let names = folded.prefix(3).map { "\($0.name) \($0.bytes)" }
        let more = folded.count > 3 ? ", …" : ""
        return OwnerNode(
            id: parent.id + "/others",
            name: "\(folded.count) other\(folded.count == 1 ? "" : "s")",
            kind: .bucket,
            bytes: folded.map(\.bytes).sum(),
            wired: parent.wired,
            unswappable: parent.unswappable,
            detail: "largest: " + names.joined(separator: ", ") + more
        )
    }
}

/// A whole owners report as a reader sees it: the folded tree, and the lists beside it cut to a length
/// (everything with ``OwnerFolding/all``).
public struct FoldedReport: Sendable, Equatable {
    /// A list cut for reading, and how many of its entries were left out.
    public struct Cut<Element: Sendable & Equatable>: Sendable, Equatable {
        /// The entries shown.
        public var shown: [Element]
        /// How many more there are.
        public var hidden: Int
    }

    /// A GPU's video memory, and the clients shown of it.
    public struct Device: Sendable, Equatable {
        /// The device, with all its clients.
        public var node: OwnerNode
        /// The clients shown.
        public var shown: [OwnerNode]
    }

    /// The tree.
    public var tree: FoldedOwners
    /// Services and containers, biggest first.
    public var services: Cut<ServiceMemory>
    /// GPU device memory.
    public var devices: [Device]
    /// The lists that cut memory another way, with their headings; empty ones are left out.
    public var sections: [(section: OwnerSection, nodes: Cut<OwnerNode>)]

    public static func == (left: FoldedReport, right: FoldedReport) -> Bool {
        left.tree == right.tree && left.services == right.services && left.devices == right.devices
            && left.sections.map(\.section) == right.sections.map(\.section)
            && left.sections.map(\.nodes) == right.sections.map(\.nodes)
    }
}

extension OwnerTree {
    /// Services and the entries of each section shown before the rest are folded.
    public static let listLimit = 12
    /// A GPU's clients shown before the rest are folded.
    public static let deviceClientLimit = 8

    /// Folds `report` for reading: the tree by ``fold(_:_:)``, the services and sections to ``listLimit``
    /// entries, each GPU's clients to ``deviceClientLimit``.
    public static func fold(_ report: OwnersReport, _ options: OwnerFolding) -> FoldedReport {
        func cut<Element>(_ list: [Element], _ limit: Int) -> FoldedReport.Cut<Element> {
            let shown = options.all ? list : Array(list.prefix(limit))
            return FoldedReport.Cut(shown: shown, hidden: list.count - shown.count)
        }
        return FoldedReport(
            tree: fold(report.tree, options),
            services: cut(report.services, listLimit),
            devices: report.deviceMemory.map {
                FoldedReport.Device(node: $0, shown: cut($0.children, deviceClientLimit).shown)
            },
            sections: report.sections.filter { !$0.nodes.isEmpty }.map { ($0, cut($0.nodes, listLimit)) }
        )
    }
}
