import CZlib

/// gzip compression through the system zlib.
///
/// zlib is a Debian package (`zlib1g-dev`) and a few calls are all we need; compress-nio would bring
/// SwiftNIO into a command-line reader for the same two functions.
///
/// Every way in stops at a cap while it inflates: zlib is never asked for more output than the cap allows,
/// so a gzip bomb (a few MiB that inflate to GiBs) costs at most the cap's worth of work and, for the
/// streaming readers, one chunk of memory.
public enum Gzip {
    /// A failure reported by zlib, or the cap reached.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// What went wrong.
        public var message: String
        /// True when the data inflates to more than the cap (it may be sound otherwise).
        public var exceededLimit = false

        /// Creates a failure.
        public init(message: String, exceededLimit: Bool = false) {
            self.message = message
            self.exceededLimit = exceededLimit
        }

        public var description: String { message }
    }

    /// Decompresses gzip (or zlib) data; throws when it is corrupt, cut short, or larger than `limit`.
    ///
    /// Several gzip members in a row (RFC 1952 §2.2, as `cat a.gz b.gz` makes) decompress to their
    /// concatenation; anything else after a member is an error, never silently ignored. The result is held
    /// whole: memory is up to about 1.5× `limit` while the array grows (streaming callers use ``Inflater``).
    public static func decompress(_ input: [UInt8], limit: Int) throws -> [UInt8] {
        let inflater = try Inflater(input, limit: limit)
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, input.count * 4 + 4096))
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 8)
        defer { chunk.deallocate() }
        while true {
            let got = try inflater.read(into: chunk)
            if got == 0 { return output }
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<got]))
        }
    }

    /// Decompresses gzip data chunk by chunk, handing each chunk to `body` until it returns `false`; throws when
    /// the data is damaged, or when `limit` bytes have been inflated and `body` still wants more.
    ///
    /// Lets a caller search a large compressed file (such as `/proc/config.gz`) without holding all of it.
    public static func decompress(
        _ input: [UInt8],
        chunkSize: Int = 16 << 10,
        limit: Int,
        _ body: (UnsafeBufferPointer<UInt8>) throws -> Bool
    ) throws {
        try stream(Inflater(input, limit: limit), chunkSize: chunkSize, body)
    }

    /// Decompresses gzip data read piece by piece by `read` (which fills the buffer it is given and returns the
    /// bytes it put there, 0 at the end), handing each decompressed chunk to `body` until it returns `false`.
    ///
    /// Several members in a row decompress as one stream, as gunzip does. Throws a ``Failure`` with
    /// ``Failure/exceededLimit`` once more than `limit` bytes would be inflated.
    ///
    /// For archives too large to hold (a sysdiagnose is hundreds of MiB): only one input and one output
    /// chunk are in memory at a time.
    public static func decompress(
        reading read: @escaping (UnsafeMutableRawBufferPointer) throws -> Int,
        chunkSize: Int = 64 << 10,
        limit: Int,
        _ body: (UnsafeBufferPointer<UInt8>) throws -> Bool
    ) throws {
        try stream(Inflater(limit: limit, inputChunk: chunkSize, reading: read), chunkSize: chunkSize, body)
    }

    private static func stream(
        _ inflater: Inflater,
        chunkSize: Int,
        _ body: (UnsafeBufferPointer<UInt8>) throws -> Bool
    ) throws {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, chunkSize), alignment: 8)
        defer { chunk.deallocate() }
        let bytes = chunk.bindMemory(to: UInt8.self)
        while true {
            let got = try inflater.read(into: chunk)
            if got == 0 { return }
            if try !body(UnsafeBufferPointer(rebasing: bytes[0..<got])) { return }
        }
    }

    /// Compresses `input` as gzip at `level` (1 fastest … 9 smallest).
    public static func compress(_ input: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        var stream = z_stream()
        // 15 window bits + 16: write a gzip header.
        guard
            deflateInit2_(
                &stream,
                level,
                Z_DEFLATED,
                15 + 16,
                8,
                Z_DEFAULT_STRATEGY,
                ZLIB_VERSION,
                Int32(MemoryLayout<z_stream>.size)
            ) == Z_OK
        else {
            throw Failure(message: "zlib could not start")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 32)
        let written = try input.withUnsafeBufferPointer { source in
            try output.withUnsafeMutableBufferPointer { target -> Int in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                guard deflate(&stream, Z_FINISH) == Z_STREAM_END else {
                    throw Failure(message: "compression did not finish")
                }
                return target.count - Int(stream.avail_out)
            }
        }
        output.removeSubrange(written...)
        return output
    }
}

extension Gzip {
    /// A gzip (or zlib) stream inflated on demand: each ``read(into:)`` fills the caller's buffer with the next
    /// inflated bytes, so a parser can pull from a compressed file while holding one input chunk and zlib's
    /// 32 KiB window.
    ///
    /// zlib is never asked for more output than `limit` allows (plus one byte, to tell "exactly the cap" from
    /// "over it"), so reaching the cap costs the cap's worth of work, never more.
    public final class Inflater {
        /// Most bytes this stream may inflate to.
        public let limit: Int
        /// Bytes inflated so far.
        public private(set) var produced = 0
        /// Compressed bytes taken from the source so far.
        public private(set) var consumed = 0

        // Allocated, not stored inline: zlib keeps a pointer back to its z_stream and refuses one that moved.
        private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        private let input: UnsafeMutableRawBufferPointer
        private let source: (UnsafeMutableRawBufferPointer) throws -> Int
        private var sourceEnded = false
        private var sawInput = false
        /// A member ended; more input means another member.
        private var memberEnded = false
        private var finished = false

        /// Inflates what `reading` supplies (it fills the buffer it is given and returns the count, 0 at the end).
        public init(
            limit: Int,
            inputChunk: Int = 64 << 10,
            reading: @escaping (UnsafeMutableRawBufferPointer) throws -> Int
        ) throws {
            self.limit = max(0, limit)
            self.source = reading
            input = .allocate(byteCount: max(512, inputChunk), alignment: 8)
            stream.initialize(to: z_stream())
            // 15 window bits + 32: detect gzip or zlib headers automatically.
            guard inflateInit2_(stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                input.deallocate()
                stream.deallocate()
                throw Failure(message: "zlib could not start")
            }
        }

        /// Inflates `bytes`.
        public convenience init(_ bytes: [UInt8], limit: Int) throws {
            var offset = 0
            try self.init(limit: limit) { buffer in
                let count = min(buffer.count, bytes.count - offset)
                guard count > 0 else { return 0 }
                bytes.withUnsafeBytes { raw in
                    buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + count)]))
                }
                offset += count
                return count
            }
        }

        deinit {
            inflateEnd(stream)
            stream.deallocate()
            input.deallocate()
        }

        /// Fills `buffer` with the next inflated bytes and returns how many; 0 only at the end of the data.
        ///
        /// Throws when the data is damaged, cut short, empty, followed by anything but another member, or when
        /// it inflates to more than ``limit`` bytes.
        public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            guard !finished, buffer.count > 0 else { return 0 }
            while true {
                if stream.pointee.avail_in == 0 && !sourceEnded { try refill() }
                if memberEnded {
                    if stream.pointee.avail_in == 0 {
                        if sourceEnded {
                            finished = true
                            return 0
                        }
                        continue
                    }
                    // Another member follows (or garbage, which its header check will reject).
                    guard inflateReset(stream) == Z_OK else { throw Failure(message: "zlib could not restart") }
                    memberEnded = false
                }
                if stream.pointee.avail_in == 0 && sourceEnded {
                    throw Failure(
                        message: sawInput
                            ? "the compressed data ends early (file cut short?)" : "the compressed data is empty"
                    )
                }
                let produced = try inflateOnce(into: buffer)
                if produced > 0 { return produced }
            }
        }

        private func refill() throws {
            let got = try source(input)
            guard got > 0 else {
                sourceEnded = true
                return
            }
            sawInput = true
            consumed += got
            stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_in = uInt(got)
        }

        /// One call of `inflate`, asking for no more than the cap leaves (plus one byte).
        private func inflateOnce(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let left = limit - produced
            let room = min(left < buffer.count ? left + 1 : buffer.count, Int(UInt32.max))
            stream.pointee.next_out = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = uInt(room)
            let status = inflate(stream, Z_NO_FLUSH)
            switch status {
            case Z_OK: break
            case Z_STREAM_END: memberEnded = true
            case Z_BUF_ERROR where stream.pointee.avail_in == 0:
                break  // needs more input: the caller refills or reports the end
            default:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "error \(status)"
                throw Failure(message: "corrupt compressed data: \(reason)")
            }
            let got = room - Int(stream.pointee.avail_out)
            produced += got
            if produced > limit {
                throw Failure(message: "decompressed data is larger than \(limit) bytes", exceededLimit: true)
            }
            return got
        }
    }
}
