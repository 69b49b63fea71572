public import WiredCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// memfds and DRM clients found among the processes' open descriptors (`/proc/PID/fd`, `/proc/PID/fdinfo`).
public struct OpenFiles: Sendable, Equatable {
    /// memfds, each counted once (by device and inode) however many processes hold it; largest first.
    public var sharedFiles: [SharedFile] = []
    /// DRM clients, each counted once (by PCI slot and client id) however many descriptors share it.
    public var drmClients: [DRMClient] = []
    /// Processes whose descriptors could not be listed (no permission).
    public var denied = 0

    /// Creates an empty record.
    public init() {}
}

extension OwnerFacts {
    /// Adds the memfds and DRM clients a process scan found, and a check naming the processes whose
    /// descriptors could not be listed.
    public mutating func add(_ openFiles: OpenFiles) {
        sharedFiles = openFiles.sharedFiles
        drmClients = openFiles.drmClients
        if openFiles.denied > 0 {
            checks.append(
                "\(openFiles.denied) processes' open files could not be listed (permission): their memfds and GPU buffers are not counted"
            )
        }
    }
}

/// What one worker of a process scan found among open descriptors; workers' collectors are merged after.
///
/// Read inside the scan, through the `/proc/PID` descriptor the process was measured with, so the
/// descriptors listed are that process's (a reused PID fails with ESRCH instead of lending its own).
struct OpenFileCollector {
    private var files: [FileIdentity: SharedFile] = [:]
    private var clients: [String: DRMClient] = [:]
    private var denied = 0
    /// Room for one link's text (links longer than this are neither memfds nor DRM nodes worth naming).
    private var link = [CChar](repeating: 0, count: 512)
    private let lister = DirectoryLister()

    struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// Looks through the descriptors of the process behind `directory`.
    ///
    /// Live, each link under `fd/` is read and only memfds (`/memfd:…`) and DRM nodes (`/dev/dri/…`) are
    /// followed. A captured tree keeps only the `fdinfo` of DRM descriptors, so each of those is parsed.
    mutating func scan(_ directory: Int32, pid: Int32, live: Bool, reader: inout FileReader, base: String) {
        guard live else {
            let fdinfo = openat(directory, "fdinfo", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fdinfo >= 0 else { return }
            lister.start(fdinfo)
            while let name = lister.next() {
                addDRM(name, in: fdinfo, pid: pid, reader: &reader, base: base)
            }
            return
        }
        let fdDirectory = openat(directory, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fdDirectory >= 0 else {
            if Errno.current == .permissionDenied { denied += 1 }
            return
        }
        lister.start(fdDirectory)
        var fdinfo: Int32 = -1
        defer { if fdinfo >= 0 { close(fdinfo) } }
        // A file on several descriptors of this process (dup, or mapped and kept open) has one holder.
        var held: [FileIdentity] = []
        while let name = lister.next() {
            let count = readlinkat(fdDirectory, name, &link, link.count)
            guard count > 0 else { continue }
            if Self.hasPrefix(link, count, "/memfd:") {
                var info = stat()
                guard fstatat(fdDirectory, name, &info, 0) == 0 else { continue }
                let identity = FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
                if held.contains(identity) { continue }
                held.append(identity)
                if var known = files[identity] {
                    known.holders += 1
                    known.pid = min(known.pid, pid)
                    files[identity] = known
                } else {
                    files[identity] = SharedFile(
                        name: String(decoding: link[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self),
                        device: identity.device,
                        inode: identity.inode,
                        bytes: Checked.saturatingMultiply(Int64(info.st_blocks), 512),
                        pid: pid,
                        holders: 1
                    )
                }
            } else if Self.hasPrefix(link, count, "/dev/dri/") {
                if fdinfo < 0 { fdinfo = openat(directory, "fdinfo", O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
                if fdinfo >= 0 { addDRM(name, in: fdinfo, pid: pid, reader: &reader, base: base) }
            }
        }
    }

    /// True when the first `count` bytes of `buffer` start with `prefix`.
    private static func hasPrefix(_ buffer: [CChar], _ count: Int, _ prefix: StaticString) -> Bool {
        guard count >= prefix.utf8CodeUnitCount else { return false }
        return prefix.withUTF8Buffer { bytes in
            bytes.indices.allSatisfy { UInt8(bitPattern: buffer[$0]) == bytes[$0] }
        }
    }

    private mutating func addDRM(
        _ name: UnsafePointer<CChar>,
        in fdinfo: Int32,
        pid: Int32,
        reader: inout FileReader,
        base: String
    ) {
        let client = try? reader.withContents(
            of: String(cString: name),
            relativeTo: fdinfo,
            displayPath: base + "fdinfo/" + String(cString: name)
        ) {
            OwnerParsers.drmFdinfo($0.uint8, pid: pid)
        }
        guard let client = client ?? nil else { return }
        add(client)
    }

    /// Keeps one record per client: the same client shows on dup'd descriptors and in children, and the
    /// lowest pid holding it is named (as a scan in pid order would).
    private mutating func add(_ client: DRMClient) {
        let key = "\(client.pdev)/\(client.clientID)"
        if let known = clients[key], known.pid <= client.pid { return }
        clients[key] = client
    }

    /// Adds what another worker found.
    mutating func merge(_ other: OpenFileCollector) {
        for (identity, file) in other.files {
            if var known = files[identity] {
                known.holders += file.holders
                if file.pid < known.pid { known.pid = file.pid }
                files[identity] = known
            } else {
                files[identity] = file
            }
        }
        for client in other.clients.values { add(client) }
        denied += other.denied
    }

    /// The findings, in a stable order.
    var result: OpenFiles {
        var result = OpenFiles()
        result.sharedFiles = files.values.sorted { $0.bytes != $1.bytes ? $0.bytes > $1.bytes : $0.inode < $1.inode }
        result.drmClients = clients.values.sorted { ($0.pid, $0.clientID) < ($1.pid, $1.clientID) }
        result.denied = denied
        return result
    }
}
