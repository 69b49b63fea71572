public import WiredCore

extension LinuxReader {
    /// The slab caches of `/proc/slabinfo` (root only), for the object sizes of a process's wired cost.
    ///
    /// ``TaskObjectSizes`` uses them. Without the reclaim flags ``readOwners(openFiles:pageSize:)`` adds: about
    /// 0.3 ms.
    ///
    /// Throws the ``ProcError`` naming the file and errno when it cannot be read (not root, not present).
    public func readSlabCaches(pageSize: Int64) throws -> [SlabCache] {
        var session = ReadSession(reader: self)
        let slabPath = path("/proc/slabinfo")
        return try session.files.withContents(of: slabPath, displayPath: slabPath) { buffer in
            OwnerParsers.slabinfo(buffer.uint8, pageSize: pageSize, path: slabPath).value
        }
    }
}
