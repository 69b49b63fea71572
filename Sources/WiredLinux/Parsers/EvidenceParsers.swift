public import WiredCore

/// Parsers of the small files read to name who holds unexplained memory.
public enum EvidenceParsers {
    /// `/proc/modules`: `name size refcount deps state address` per line; the size is bytes.
    public static func modules(_ buffer: UnsafeBufferPointer<UInt8>, path: String) -> Parsed<[KernelModule]> {
        var modules: [KernelModule] = []
        var problems: [SourceProblem] = []
        for (index, line) in LineSplitter(buffer).lines.enumerated() {
            let fields = line.fields
            if fields.isEmpty { continue }
            guard fields.count >= 2, let size = fields[1].decimal.value else {
                problems.append(
                    SourceProblem(
                        source: path,
                        field: "line \(index + 1)",
                        kind: .malformed,
                        message: "not a module line: \"\(clip(line.string))\""
                    )
                )
                continue
            }
            guard Bound.bytes.contains(size) else {
                problems.append(
                    SourceProblem.outOfRange(
                        source: path,
                        field: fields[0].string,
                        value: "\(size)",
                        bound: .bytes,
                        consequence: "its size is taken as 0"
                    )
                )
                modules.append(KernelModule(name: fields[0].string, sizeBytes: 0, line: index + 1))
                continue
            }
            modules.append(KernelModule(name: fields[0].string, sizeBytes: size, line: index + 1))
        }
        return Parsed(value: modules, problems: problems)
    }

    /// The values of `crashkernel=` in a kernel command line, joined by a space ("512M,high 128M,low").
    ///
    /// `nil` when there is none. Nothing else of the command line is kept.
    public static func crashKernelArgument(_ buffer: UnsafeBufferPointer<UInt8>) -> String? {
        let values = buffer[...].fields.filter { $0.hasPrefix("crashkernel=") }.map {
            $0[($0.startIndex + "crashkernel=".utf8.count)...].string
        }
        let kept = values.filter { !$0.isEmpty }.map { clip($0, to: 80) }
        return kept.isEmpty ? nil : kept.joined(separator: " ")
    }

    /// `/proc/spl/kstat/zfs/arcstats`: a kstat header, then `name type data` rows; sizes are bytes.
    public static func arcstats(_ buffer: UnsafeBufferPointer<UInt8>, path: String) -> Parsed<ZFSARCStats?> {
        var values: [String: Int64] = [:]
        var sizeLine = 0
        var problems: [SourceProblem] = []
        let wanted: Set<String> = ["size", "c_min", "c_max", "data_size", "metadata_size", "abd_chunk_waste_size"]
        for (index, line) in LineSplitter(buffer).lines.enumerated() {
            let fields = line.fields
            guard fields.count == 3, fields[1].decimal.isNumber else { continue }
            let name = fields[0].string
            guard wanted.contains(name) else { continue }
            guard let value = fields[2].decimal.value, Bound.bytes.contains(value) else {
                problems.append(
                    SourceProblem.outOfRange(source: path, field: name, value: clip(fields[2].string), bound: .bytes)
                )
                continue
            }
            values[name] = value
            if name == "size" { sizeLine = index + 1 }
        }
        guard let size = values["size"] else {
            problems.append(SourceProblem(source: path, field: "size", kind: .malformed, message: "no size row"))
            return Parsed(value: nil, problems: problems)
        }
        let stats = ZFSARCStats(
            size: size,
            minimum: values["c_min"],
            maximum: values["c_max"],
            data: values["data_size"],
            metadata: values["metadata_size"],
            chunkWaste: values["abd_chunk_waste_size"],
            sizeLine: sizeLine
        )
        return Parsed(value: stats, problems: problems)
    }

    /// The total of `/proc/loadavg`'s fourth field (`running/total`): tasks, kernel threads included.
    public static func loadavgTasks(_ buffer: UnsafeBufferPointer<UInt8>, path: String) -> Parsed<Int?> {
        let fields = buffer[...].fields
        guard fields.count >= 4, let slash = fields[3].index(of: UInt8(ascii: "/")),
            let total = fields[3][(slash + 1)...].decimal.value
        else {
            let problem = SourceProblem(
                source: path,
                field: "tasks",
                kind: .malformed,
                message: "expected \"1.0 1.0 1.0 running/total pid\""
            )
            return Parsed(value: nil, problems: [problem])
        }
        guard Bound.threads.contains(total), let tasks = Int(exactly: total) else {
            let problem = SourceProblem.outOfRange(source: path, field: "tasks", value: "\(total)", bound: .threads)
            return Parsed(value: nil, problems: [problem])
        }
        return Parsed(value: tasks, problems: [])
    }

    /// File systems mounted over paths inside `/proc` (not procfs itself, not binfmt_misc), from `/proc/mounts`.
    public static func procOvermounts(_ buffer: UnsafeBufferPointer<UInt8>) -> [ProcOvermount] {
        var found: [ProcOvermount] = []
        for (index, line) in LineSplitter(buffer).lines.enumerated() {
            let fields = line.fields
            guard fields.count >= 3 else { continue }
            let point = fields[1].string.replacingEscapedSpaces
            let type = fields[2].string
            guard point.hasPrefix("/proc/"), !["proc", "binfmt_misc"].contains(type) else { continue }
            found.append(
                ProcOvermount(mountPoint: point, type: type, source: fields[0].string, line: index + 1)
            )
            if found.count >= 64 { break }
        }
        return found
    }
}
