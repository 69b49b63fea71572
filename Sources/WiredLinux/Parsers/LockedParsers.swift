public import WiredCore

/// Parsers for the facts of locked memory: `/proc/PID/smaps` entries and the lines of `status` they need.
public enum LockedParsers {
    /// The locked, file-backed mappings of one `/proc/PID/smaps`.
    ///
    /// Every entry with an inode and `Locked` above zero. Numbers beyond ``Bound/kibibytes`` are left out and
    /// reported in `problems`.
    public static func lockedMappings(
        _ buffer: UnsafeBufferPointer<UInt8>,
        path: String,
        problems: inout [SourceProblem]
    ) -> [LockedMapping] {
        var mappings: [LockedMapping] = []
        var current: LockedMapping?
        var fields = ProcessParsers.FieldLog(path: path)
        func finish() {
            if let mapping = current, mapping.locked > 0, mapping.inode != 0 { mappings.append(mapping) }
            current = nil
        }
        for line in LineSplitter(buffer).lines {
            let parts = line.fields
            guard let first = parts.first else { continue }
            if first.last != UInt8(ascii: ":") {
                finish()
                current = header(line, parts)
                continue
            }
            guard current != nil, parts.count >= 2 else { continue }
            let key = first.dropLast()
            if key.equals("Rss") {
                current?.rss = fields.kilobytes(parts[1], "Rss") ?? 0
            } else if key.equals("Locked") {
                current?.locked = fields.kilobytes(parts[1], "Locked") ?? 0
            } else if key.equals("Anonymous") {
                current?.anonymous = fields.kilobytes(parts[1], "Anonymous") ?? 0
            }
        }
        finish()
        problems += fields.problems
        return mappings
    }

    /// An smaps header, `start-end perms offset major:minor inode [path]`; `nil` when it is not one.
    static func header(_ line: ByteSlice, _ parts: [ByteSlice]) -> LockedMapping? {
        guard parts.count >= 5, let dash = parts[0].index(of: UInt8(ascii: "-")),
            let start = parts[0][parts[0].startIndex..<dash].hexadecimal.value,
            let end = parts[0][(dash + 1)..<parts[0].endIndex].hexadecimal.value, end >= start,
            let offset = parts[2].hexadecimal.value, let colon = parts[3].index(of: UInt8(ascii: ":")),
            let major = parts[3][parts[3].startIndex..<colon].hexadecimal.value,
            let minor = parts[3][(colon + 1)..<parts[3].endIndex].hexadecimal.value,
            let inode = parts[4].decimal.value, inode >= 0
        else { return nil }
        // The path is the rest of the line after the inode, spaces and all.
        var path = ""
        if parts.count > 5 {
            path = line[parts[5].startIndex..<line.endIndex].trimmed.string
        }
        return LockedMapping(
            path: path,
            device: makeDevice(major: UInt64(major), minor: UInt64(minor)),
            inode: UInt64(inode),
            offset: offset,
            size: end - start,
            rss: 0,
            locked: 0,
            anonymous: 0
        )
    }

    /// A device number encoded as `st_dev` is (glibc's `makedev`), so smaps' `major:minor` matches `fstat`.
    public static func makeDevice(major: UInt64, minor: UInt64) -> UInt64 {
        ((major & 0xFFFF_F000) << 32) | ((major & 0xFFF) << 8) | ((minor & 0xFFFF_FF00) << 12) | (minor & 0xFF)
    }

    /// `Name:` of a `/proc/PID/status`, the process's comm.
    public static func statusName(_ buffer: UnsafeBufferPointer<UInt8>) -> String? {
        var name: String?
        ProcessParsers.forEachKeyValue(buffer) { key, value in
            if name == nil, key.equals("Name") { name = value.trimmed.string }
        }
        return name
    }
}
