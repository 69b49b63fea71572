public import WiredCore
public import WiredJSON

/// The text and JSON views of `wired owners`.
public enum OwnersView {
    /// How much of the tree to show (the folding itself is ``OwnerTree/fold(_:_:)``).
    public typealias Options = OwnerFolding

    /// Renders the tree, the services table, GPU device memory and the checks that could not be made; what is
    /// folded is decided in WiredCore (`OwnerTree.fold(report, options)`).
    public static func render(
        _ snapshot: Snapshot,
        _ report: OwnersReport,
        options: Options,
        style: Style,
        width: Int = 100
    ) -> String {
        let folded = OwnerTree.fold(report, options)
        let row = Row(style: style, width: width)
        var out: [String] = [LedgerReport.header(snapshot.meta, style: style) + " · owners", ""]
        out += treeLines(folded.tree, row)
        if !report.services.isEmpty {
            out += serviceLines(folded.services, version: snapshot.owners?.cgroups?.version ?? 2, style: style)
        }
        if !folded.devices.isEmpty {
            out.append("")
            out.append(style.bold("GPU memory") + style.dim(" (video memory: not RAM, not in the tree above)"))
            for device in folded.devices {
                out.append(row.line(device.node, prefix: "  ", parent: nil))
                for (index, child) in device.shown.enumerated() {
                    let branch = index == device.node.children.count - 1 ? "└─" : "├─"
                    out.append(row.line(child, prefix: "  " + branch, parent: device.node.bytes))
                }
            }
        }
        for (section, nodes) in folded.sections {
            out.append("")
            out.append(style.bold(section.title) + style.dim(" (\(section.note))"))
            for node in nodes.shown { out.append(row.line(node, prefix: "  ", parent: nil)) }
            if nodes.hidden > 0 { out.append(style.dim("  … \(nodes.hidden) more (--all shows all)")) }
        }
        out += closingLines(snapshot, report, style: style)
        return out.joined(separator: "\n")
    }

    /// One owner's line: marker, name, size, share of its parent and, where there is room, its detail.
    struct Row {
        let style: Style
        let width: Int
        var nameWidth: Int { min(56, max(36, width - 44)) }

        func line(_ node: OwnerNode, prefix: String, parent: ByteCount?) -> String {
            let marker =
                node.wired
                ? style.colored("W", .wired) : node.unswappable ? style.colored("u", .unswappable) : " "
            let name = Layout.cut(node.name, max(10, nameWidth - prefix.count))
            let share =
                parent.map { $0.bytes > 0 ? ByteFormat.percent(Double(node.bytes.bytes) / Double($0.bytes)) : "" } ?? ""
            let painted =
                node.kind == .unexplained
                ? style.colored(name, .unexplained)
                : node.wired ? style.colored(name, .wired) : node.unswappable ? style.colored(name, .unswappable) : name
            let pad = String(repeating: " ", count: max(1, nameWidth - prefix.count - Layout.width(name)))
            var text =
                "\(prefix)\(marker) \(painted)\(pad)\(Layout.padLeft(style.size(node.bytes), style.exactBytes ? 16 : 10)) \(Layout.padLeft(share, 6))"
            if let detail = node.detail {
                let room = width - (prefix.count + 2 + nameWidth - prefix.count + 18)
                if room > 12 { text += "  " + style.dim(Layout.cut(detail, room)) }
            }
            return text
        }
    }

    /// The folded tree, drawn with branch lines, then the empty buckets it leaves out.
    static func treeLines(_ folded: FoldedOwners, _ row: Row) -> [String] {
        var out = [row.line(folded.tree, prefix: "", parent: nil)]
        func walk(_ node: OwnerNode, prefix: String) {
            for (index, child) in node.children.enumerated() {
                let last = index == node.children.count - 1
                out.append(row.line(child, prefix: prefix + (last ? "└─" : "├─"), parent: node.bytes))
                walk(child, prefix: prefix + (last ? "   " : "│  "))
            }
        }
        walk(folded.tree, prefix: "")
        if !folded.zero.isEmpty { out.append(row.style.dim("   Zero: " + folded.zero.joined(separator: ", "))) }
        return out
    }

    /// The services table: what each cgroup is charged, by kind.
    static func serviceLines(_ services: FoldedReport.Cut<ServiceMemory>, version: Int, style: Style) -> [String] {
        var out = [""]
        out.append(
            style.bold("Services and containers")
                + style.dim(" (cgroup v\(version) memory.stat; the same memory as above, cut by service)")
        )
        let w = style.exactBytes ? 15 : 8
        out.append(
            style.dim(
                "  \(Layout.pad("SERVICE", 36))\(Layout.padLeft("CHARGED", w))\(Layout.padLeft("ANON", w))\(Layout.padLeft("FILE", w))\(Layout.padLeft("SHMEM", w))\(Layout.padLeft("KERNEL", w))\(Layout.padLeft("WIRED", w))\(Layout.padLeft("PROCS", 7))"
            )
        )
        for service in services.shown {
            let cells = [service.current, service.anon, service.file, service.shmem, service.kernel, service.wired]
                .map {
                    Layout.padLeft(
                        $0.map { style.exactBytes ? ByteFormat.exact($0.bytes) : ByteFormat.compact($0.bytes) } ?? "?",
                        w
                    )
                }
            out.append(
                "  \(Layout.pad(Layout.cut(service.name, 35), 36))\(cells.joined())\(Layout.padLeft(String(service.processes), 7))"
            )
        }
        if services.hidden > 0 { out.append(style.dim("  … \(services.hidden) more (--all shows all)")) }
        return out
    }

    /// The checks that could not be made, the sources not read, and the legend.
    static func closingLines(_ snapshot: Snapshot, _ report: OwnersReport, style: Style) -> [String] {
        var out: [String] = []
        if !report.checks.isEmpty {
            out.append("")
            out.append(style.bold("Could not check"))
            for check in report.checks { out.append("  - \(Layout.safe(check))") }
        }
        let problems = snapshot.problems(processes: true, owners: true)
        if !problems.isEmpty {
            out.append("")
            out.append(style.bold("Sources not available or not trusted"))
            for problem in problems { out.append("  - \(Layout.safe(problem.description))") }
        }
        out.append("")
        out.append(
            style.dim(
                "W = wired: pinned, cannot be paged out. u = unswappable: app or shared memory that cannot be paged out only because there is no free swap. Each level adds up to its parent; --all shows every owner, --json the whole tree."
            )
        )
        return out
    }

    /// Writes the report as JSON: the tree (to `depth` levels), services, device memory, checks.
    public static func write(_ snapshot: Snapshot, _ report: OwnersReport, depth: Int?, to json: inout JSONWriter) {
        json.beginObject()
        json.field("schema", "wired.owners/1")
        LedgerJSON.writeMeta(snapshot.meta, to: &json)
        json.key("tree")
        writeNode(report.tree, level: 0, depth: depth ?? .max, to: &json)
        json.key("services")
        json.beginArray()
        for service in report.services {
            json.beginObject()
            json.field("name", service.name)
            json.field("path", service.path)
            json.field("chargedBytes", service.current?.bytes)
            json.field("anonBytes", service.anon.bytes)
            json.field("fileBytes", service.file.bytes)
            json.field("shmemBytes", service.shmem.bytes)
            json.field("kernelBytes", service.kernel?.bytes)
            json.field("sockBytes", service.sock?.bytes)
            json.field("unevictableBytes", service.unevictable.bytes)
            json.field("wiredBytes", service.wired.bytes)
            json.field("unswappableBytes", service.unswappable.bytes)
            json.field("processes", service.processes)
            json.endObject()
        }
        json.endArray()
        json.key("deviceMemory")
        json.beginArray()
        for node in report.deviceMemory { writeNode(node, level: 0, depth: .max, to: &json) }
        json.endArray()
        json.key("sections")
        json.beginArray()
        for section in report.sections {
            json.beginObject()
            json.field("title", section.title)
            json.field("note", section.note)
            json.key("nodes")
            json.beginArray()
            for node in section.nodes { writeNode(node, level: 0, depth: .max, to: &json) }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.field("checks", report.checks)
        LedgerJSON.writeProblems(snapshot.problems(processes: true, owners: true), to: &json)
        json.endObject()
    }

    static func writeNode(_ node: OwnerNode, level: Int, depth: Int, to json: inout JSONWriter) {
        json.beginObject()
        json.field("id", node.id)
        json.field("name", node.name)
        json.field("kind", node.kind.rawValue)
        json.field("bytes", node.bytes.bytes)
        json.field("wired", node.wired)
        json.field("unswappable", node.unswappable)
        json.field("detail", node.detail)
        json.key("children")
        json.beginArray()
        if level < depth {
            for child in node.children { writeNode(child, level: level + 1, depth: depth, to: &json) }
        }
        json.endArray()
        json.endObject()
    }
}
