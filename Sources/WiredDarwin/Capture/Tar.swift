/// Reads tar archives (POSIX ustar, GNU long names, pax `path=` records) fed piece by piece.
///
/// Written by hand: none of the packages this project may use reads tar, and a streaming reader lets a
/// sysdiagnose archive (hundreds of MiB) be searched without holding it: only files of at most
/// ``sizeLimit`` bytes are kept, and only while they are handed to ``onFile``.
struct TarReader {
    /// One regular file of the archive.
    struct Entry {
        var path: String
        var mtime: Int64
        var contents: [UInt8]
    }

    /// A problem that makes the rest of the archive unreadable.
    struct Failure: Error {
        var message: String
    }

    /// Largest file kept; larger ones are skipped (logs, spindumps).
    let sizeLimit: Int
    /// Called for each regular file of at most ``sizeLimit`` bytes.
    let onFile: (Entry) -> Void

    private var pending: [UInt8] = []
    private var state = State.header
    private var longName: String?
    private var paxPath: String?
    private(set) var finished = false
    private(set) var skipped: [String] = []
    /// The entry whose data is being read, and its size.
    private(set) var current: (path: String, size: Int64)?
    private var offset: Int64 = 0

    /// Largest long-name or pax record kept (real ones are under 1 KiB).
    static let metadataLimit = 1 << 20

    private enum State {
        case header
        /// Reading `remaining` bytes of data, then `padding`; `keep` holds them when wanted.
        case data(path: String, mtime: Int64, kind: UInt8, remaining: Int64, padding: Int, keep: Bool)
    }

    init(sizeLimit: Int, onFile: @escaping (Entry) -> Void) {
        self.sizeLimit = sizeLimit
        self.onFile = onFile
    }

    /// Adds `bytes` of the archive.
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        var input = bytes[...]
        while !input.isEmpty && !finished {
            switch state {
            case .header:
                let need = 512 - pending.count
                let take = min(need, input.count)
                pending += input.prefix(take)
                input = input.dropFirst(take)
                offset += Int64(take)
                if pending.count == 512 {
                    try header(pending)
                    pending.removeAll(keepingCapacity: true)
                }
            case .data(let path, let mtime, let kind, let remaining, let padding, let keep):
                if remaining > 0 {
                    let take = Int(min(remaining, Int64(input.count)))
                    if keep { pending += input.prefix(take) }
                    input = input.dropFirst(take)
                    offset += Int64(take)
                    state = .data(
                        path: path,
                        mtime: mtime,
                        kind: kind,
                        remaining: remaining - Int64(take),
                        padding: padding,
                        keep: keep
                    )
                    if remaining - Int64(take) == 0 {
                        complete(path: path, mtime: mtime, kind: kind, keep: keep)
                        current = nil
                    }
                    if remaining - Int64(take) == 0, padding == 0 { state = .header }
                } else {
                    let take = min(padding, input.count)
                    input = input.dropFirst(take)
                    offset += Int64(take)
                    let left = padding - take
                    state =
                        left == 0
                        ? .header : .data(path: path, mtime: mtime, kind: kind, remaining: 0, padding: left, keep: keep)
                }
            }
        }
    }

    /// Bytes left of an entry that is not kept (its data and padding), which a reader of a seekable file can
    /// jump over with ``skip(_:)`` instead of reading them; 0 when the next bytes are wanted.
    var skippable: Int64 {
        guard case .data(_, _, _, let remaining, let padding, false) = state else { return 0 }
        return remaining + Int64(padding)
    }

    /// Moves past the ``skippable`` bytes the caller jumped over.
    mutating func skip(_ count: Int64) {
        guard count > 0, count == skippable else { return }
        offset += count
        current = nil
        state = .header
    }

    /// Whether the archive ended properly (its end-of-archive blocks, or data ending between entries).
    var endedCleanly: Bool {
        if finished { return true }
        if case .header = state { return pending.isEmpty }
        return false
    }

    private mutating func complete(path: String, mtime: Int64, kind: UInt8, keep: Bool) {
        defer { if keep { pending.removeAll(keepingCapacity: true) } }
        switch kind {
        case UInt8(ascii: "L"):
            longName = Self.cString(pending[...])
        case UInt8(ascii: "x"):
            paxPath = Self.paxPath(pending)
        default:
            if keep { onFile(Entry(path: path, mtime: mtime, contents: pending)) }
        }
    }

    private mutating func header(_ block: [UInt8]) throws {
        if block.allSatisfy({ $0 == 0 }) {
            // Two zero blocks end the archive; one is enough to stop looking.
            finished = true
            return
        }
        let stored = Self.octal(block[148..<156])
        var sum: Int64 = 0
        for (index, byte) in block.enumerated() { sum += Int64((148..<156).contains(index) ? 32 : byte) }
        guard let stored, stored == sum else {
            throw Failure(message: "damaged tar header at byte \(offset - 512) (checksum)")
        }
        guard let size = Self.size(block[124..<136]), size >= 0 else {
            throw Failure(message: "tar header at byte \(offset - 512) has no valid size")
        }
        let kind = block[156]
        var name = Self.cString(block[0..<100])
        let magic = Self.cString(block[257..<262])
        if magic == "ustar" {
            let prefix = Self.cString(block[345..<500])
            if !prefix.isEmpty { name = prefix + "/" + name }
        }
        if let long = longName {
            name = long
            longName = nil
        }
        if let pax = paxPath, kind != UInt8(ascii: "x") {
            name = pax
            paxPath = nil
        }
        let mtime = Self.octal(block[136..<148]) ?? 0
        let padding = Int((512 - size % 512) % 512)
        let isMeta = kind == UInt8(ascii: "L") || kind == UInt8(ascii: "x") || kind == UInt8(ascii: "g")
        let isFile = kind == 0 || kind == UInt8(ascii: "0") || kind == UInt8(ascii: "7")
        if isMeta && size > Int64(Self.metadataLimit) {
            throw Failure(
                message: "a long-name record of \(size) bytes at byte \(offset - 512) (real ones are under 1 KiB)"
            )
        }
        let keep = isMeta || isFile && size <= Int64(sizeLimit)
        if isFile && !keep { skipped.append(name) }
        current = (name, size)
        if size == 0 && padding == 0 {
            if keep, isFile { onFile(Entry(path: name, mtime: mtime, contents: [])) }
            current = nil
            state = .header
        } else {
            state = .data(path: name, mtime: mtime, kind: kind, remaining: size, padding: padding, keep: keep)
        }
    }

    static func cString(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
    }

    static func octal(_ bytes: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        var digits = 0
        for byte in bytes {
            if byte == 0 || byte == 32 {
                if digits > 0 { break } else { continue }
            }
            guard byte >= 48, byte <= 55 else { return nil }
            value = value * 8 + Int64(byte - 48)
            digits += 1
        }
        return digits > 0 ? value : nil
    }

    /// A size: octal, or GNU base-256 (high bit of the first byte set) for files of 8 GiB and more.
    static func size(_ bytes: ArraySlice<UInt8>) -> Int64? {
        guard let first = bytes.first else { return nil }
        if first & 0x80 != 0 {
            var value: Int64 = Int64(first & 0x7F)
            for byte in bytes.dropFirst() {
                guard value < Int64.max >> 8 else { return nil }
                value = value << 8 | Int64(byte)
            }
            return value
        }
        return octal(bytes)
    }

    /// The `path=` record of a pax extended header ("NN path=dir/file\n").
    static func paxPath(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        for record in text.split(separator: "\n") {
            guard let space = record.firstIndex(of: " ") else { continue }
            let body = record[record.index(after: space)...]
            if body.hasPrefix("path=") { return String(body.dropFirst("path=".count)) }
        }
        return nil
    }
}
