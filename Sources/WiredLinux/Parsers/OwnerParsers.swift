public import WiredCore

/// Parsers of the files that name memory owners.
public enum OwnerParsers {
    /// `/proc/slabinfo` (version 2.x): bytes held = `<num_slabs> × <pagesperslab> × page size`.
    public static func slabinfo(_ buffer: UnsafeBufferPointer<UInt8>, pageSize: Int64, path: String) -> Parsed<
        [SlabCache]
    > {
        var caches: [SlabCache] = []
        var problems: [SourceProblem] = []
        for line in LineSplitter(buffer).lines {
            if line.hasPrefix("slabinfo") || line.hasPrefix("#") || line.trimmed.isEmpty { continue }
            let fields = line.fields
            // name active num objsize objperslab pagesperslab : tunables l b s : slabdata active num shared
            guard fields.count >= 16, fields[6].equals(":"), fields[11].equals(":"),
                let active = fields[1].decimal.value, let objects = fields[2].decimal.value,
                let size = fields[3].decimal.value, let pagesPerSlab = fields[5].decimal.value,
                let slabs = fields[14].decimal.value
            else {
                problems.append(
                    SourceProblem(
                        source: path,
                        field: fields.first?.string,
                        kind: .malformed,
                        message: "not a slabinfo 2.x line: \"\(clip(line.string))\""
                    )
                )
                continue
            }
            // Object counts and sizes within their bounds, and slabs × pages per slab × page size in bytes.
            let name = fields[0].string
            guard [active, objects, pagesPerSlab, slabs].allSatisfy(Bound.pages.contains), Bound.bytes.contains(size),
                let pages = Checked.multiply(slabs, pagesPerSlab), let bytes = Checked.multiply(pages, pageSize),
                Bound.bytes.contains(bytes)
            else {
                problems.append(
                    SourceProblem.outOfRange(
                        source: path,
                        field: name,
                        value: "\(slabs) slabs × \(pagesPerSlab) pages (objects \(active)/\(objects) of \(size) bytes)",
                        bound: .bytes,
                        consequence: "this cache is left out"
                    )
                )
                continue
            }
            caches.append(
                SlabCache(
                    name: name,
                    activeObjects: active,
                    objects: objects,
                    objectSize: size,
                    bytes: bytes,
                    reclaimable: nil
                )
            )
        }
        return Parsed(value: caches, problems: problems)
    }

    /// `/proc/sysvipc/shm`: one segment per line after the header; `rss` and `swap` are bytes.
    public static func sysvShm(_ buffer: UnsafeBufferPointer<UInt8>, path: String) -> Parsed<[SysVSegment]> {
        var segments: [SysVSegment] = []
        var problems: [SourceProblem] = []
        for (number, line) in LineSplitter(buffer).lines.enumerated() {
            let fields = line.fields
            if fields.isEmpty || fields[0].equals("key") { continue }
            // key shmid perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime rss swap
            guard fields.count >= 16, let key = fields[0].decimal.value, let id = fields[1].decimal.value,
                let perms = Int64(fields[2].string, radix: 8), let size = fields[3].decimal.value,
                let cpid = fields[4].decimal.value, let attached = fields[6].decimal.value,
                let uid = fields[7].decimal.value, let rss = fields[14].decimal.value,
                let swap = fields[15].decimal.value
            else {
                problems.append(
                    SourceProblem(
                        source: path,
                        field: "line \(number + 1)",
                        kind: .malformed,
                        message: "not a segment line: \"\(clip(line.string))\""
                    )
                )
                continue
            }
            guard [size, rss, swap].allSatisfy(Bound.bytes.contains), Bound.count.contains(attached),
                let creator = Int32(exactly: cpid), let owner = UInt32(exactly: uid)
            else {
                problems.append(
                    SourceProblem.outOfRange(
                        source: path,
                        field: "shmid \(id)",
                        value: "size \(size), rss \(rss), swap \(swap), nattch \(attached), cpid \(cpid), uid \(uid)",
                        bound: .bytes,
                        consequence: "this segment is left out"
                    )
                )
                continue
            }
            segments.append(
                SysVSegment(
                    key: key,
                    id: id,
                    size: size,
                    rss: rss,
                    swap: swap,
                    attached: attached,
                    creatorPID: creator,
                    uid: owner,
                    locked: perms & 0o2000 != 0
                )
            )
        }
        return Parsed(value: segments, problems: problems)
    }

    /// One mount of `/proc/mounts`.
    public struct Mount: Equatable, Sendable {
        public var source: String
        public var mountPoint: String
        public var type: String
    }

    /// `/proc/mounts` lines (`\040` escapes decoded).
    public static func mounts(_ buffer: UnsafeBufferPointer<UInt8>) -> [Mount] {
        LineSplitter(buffer).lines.compactMap { line in
            let fields = line.fields
            guard fields.count >= 3 else { return nil }
            return Mount(
                source: fields[0].string.replacingEscapedSpaces,
                mountPoint: fields[1].string.replacingEscapedSpaces,
                type: fields[2].string
            )
        }
    }

    /// The DRM keys of an fdinfo file, or `nil` when it is not a DRM file.
    ///
    /// Sizes may be bare bytes or carry `KiB`/`MiB` (and tolerate extra spaces and tabs, as amdgpu prints).
    public static func drmFdinfo(_ buffer: UnsafeBufferPointer<UInt8>, pid: Int32) -> DRMClient? {
        var driver: String?
        var pdev = ""
        var clientID: Int64 = -1
        var totals: [String: Int64] = [:]
        var residents: [String: Int64] = [:]
        var order: [String] = []
        ProcessParsers.forEachKeyValue(buffer) { key, value in
            guard key.hasPrefix("drm-") else { return }
            let name = key.string
            let text = value.trimmed
            switch name {
            case "drm-driver": driver = text.string
            case "drm-pdev": pdev = text.string
            case "drm-client-id": clientID = text.decimal.value ?? -1
            default:
                for (prefix, isTotal) in [("drm-total-", true), ("drm-resident-", false), ("drm-memory-", false)]
                where name.hasPrefix(prefix) {
                    guard let bytes = sizeWithUnit(text) else { return }
                    let region = String(name.dropFirst(prefix.count))
                    if !order.contains(region) { order.append(region) }
                    if isTotal {
                        totals[region] = bytes
                    } else if residents[region] == nil || prefix == "drm-resident-" {
                        residents[region] = bytes
                    }
                }
            }
        }
        guard let driver else { return nil }
        return DRMClient(
            pid: pid,
            driver: driver,
            pdev: pdev,
            clientID: clientID,
            regions: order.map { DRMRegion(name: $0, total: totals[$0], resident: residents[$0]) }
        )
    }

    /// "123", "123 KiB", "4 MiB" (DRM fdinfo units) in bytes.
    static func sizeWithUnit(_ text: ByteSlice) -> Int64? {
        let parts = text.fields
        guard let first = parts.first, let number = first.decimal.value, number >= 0 else { return nil }
        let scale: Int64
        switch parts.count > 1 ? parts[1].string : "" {
        case "": scale = 1
        case "KiB", "kB", "KB": scale = 1024
        case "MiB", "MB": scale = 1_048_576
        case "GiB", "GB": scale = 1_073_741_824
        default: return nil
        }
        // A size beyond the byte bound is no size a GPU driver reports.
        return Checked.multiply(number, scale).flatMap { Bound.bytes.contains($0) ? $0 : nil }
    }

    /// `/proc/vmallocinfo` grouped by caller (the function before `+0x…`), counting only areas with pages.
    public static func vmallocCallers(_ buffer: UnsafeBufferPointer<UInt8>, pageSize: Int64) -> [VmallocCaller] {
        vmallocCallers(buffer, pageSize: pageSize, path: "/proc/vmallocinfo").value
    }

    /// The same, with areas whose page count is out of range (or whose caller's sum would be) reported and
    /// left out.
    public static func vmallocCallers(_ buffer: UnsafeBufferPointer<UInt8>, pageSize: Int64, path: String) -> Parsed<
        [VmallocCaller]
    > {
        var byCaller: [String: (bytes: Int64, areas: Int)] = [:]
        var problems: [SourceProblem] = []
        for line in LineSplitter(buffer).lines {
            let fields = line.fields
            guard fields.count >= 4 else { continue }
            var pages: Int64?
            for field in fields.dropFirst(3) where field.hasPrefix("pages=") {
                // Digits past 64 bits count as out of range below.
                let number = field[(field.startIndex + 6)...].decimal
                pages = number == .overflow ? Int64.max : number.value
            }
            guard let pages, pages > 0 else { continue }
            var caller = fields[2]
            if let plus = caller.index(of: UInt8(ascii: "+")) { caller = caller[caller.startIndex..<plus] }
            let name = caller.string
            let current = byCaller[name] ?? (0, 0)
            guard Bound.pages.contains(pages), let bytes = Checked.multiply(pages, pageSize),
                let sum = Checked.add(current.bytes, bytes), Bound.bytes.contains(sum)
            else {
                problems.append(
                    SourceProblem.outOfRange(
                        source: path,
                        field: name,
                        value: "pages=\(pages)",
                        bound: .pages,
                        consequence: "this area is left out"
                    )
                )
                continue
            }
            byCaller[name] = (sum, current.areas + 1)
        }
        let callers = byCaller.map { VmallocCaller(caller: $0.key, bytes: $0.value.bytes, areas: $0.value.areas) }
            .sorted { $0.bytes != $1.bytes ? $0.bytes > $1.bytes : $0.caller < $1.caller }
        return Parsed(value: callers, problems: problems)
    }

    /// `nvidia-smi --query-compute-apps=pid,used_memory --format=csv,noheader,nounits` (MiB).
    public static func nvidiaApps(_ text: String) -> [NvidiaApp] {
        text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: ",").map { $0.trimmingCharacters(in: " \t\r") }
            guard parts.count >= 2, let pid = Int32(parts[0]), let mib = Int64(parts[1]),
                let bytes = Checked.multiply(mib, 1_048_576), Bound.bytes.contains(bytes)
            else { return nil }
            return NvidiaApp(pid: pid, usedBytes: bytes)
        }
    }
}

extension Substring {
    /// The substring without leading and trailing characters in `set`.
    func trimmingCharacters(in set: String) -> String {
        var start = startIndex
        var end = endIndex
        while start < end, set.contains(self[start]) { start = index(after: start) }
        while end > start, set.contains(self[index(before: end)]) { end = index(before: end) }
        return String(self[start..<end])
    }
}
