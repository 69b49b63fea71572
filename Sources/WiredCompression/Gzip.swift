import CZlib

/// gzip compression through the system zlib.
///
/// zlib is a Debian package (`zlib1g-dev`) and a few calls are all we need; compress-nio would bring
/// SwiftNIO into a command-line reader for the same two functions.
public enum Gzip {
    /// A failure reported by zlib.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// What went wrong.
        public var message: String
        public var description: String { message }
    }

    /// Decompresses gzip (or zlib) data; throws when it is corrupt, cut short, or larger than `limit`.
    ///
    /// Several gzip members in a row (RFC 1952 §2.2, as `cat a.gz b.gz` makes) decompress to their
    /// concatenation; anything else after a member is an error, never silently ignored.
    public static func decompress(_ input: [UInt8], limit: Int) throws -> [UInt8] {
        var stream = z_stream()
        // 15 window bits + 32: detect gzip or zlib headers automatically.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(message: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, max(4096, input.count * 4)))
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var status: Int32 = Z_OK
        try input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            while status != Z_STREAM_END {
                let produced = try chunk.withUnsafeMutableBufferPointer { target -> Int in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    switch status {
                    case Z_OK, Z_STREAM_END: break
                    case Z_BUF_ERROR where stream.avail_in == 0:
                        throw Failure(message: "the compressed data ends early (file cut short?)")
                    default:
                        let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                        throw Failure(message: "corrupt compressed data: \(reason)")
                    }
                    return target.count - Int(stream.avail_out)
                }
                if output.count + produced > limit {
                    throw Failure(message: "decompressed data is larger than \(limit) bytes")
                }
                output.append(contentsOf: chunk[0..<produced])
                if produced == 0, stream.avail_in == 0, status != Z_STREAM_END {
                    throw Failure(message: "the compressed data ends early (file cut short?)")
                }
                if status == Z_STREAM_END, stream.avail_in > 0 {
                    // Another member follows (or garbage, which its header check will reject).
                    guard inflateReset(&stream) == Z_OK else { throw Failure(message: "zlib could not restart") }
                    status = Z_OK
                }
            }
        }
        return output
    }

    /// Decompresses gzip data chunk by chunk, handing each chunk to `body` until it returns `false`.
    ///
    /// Lets a caller search a large compressed file (such as `/proc/config.gz`) without holding all of it.
    public static func decompress(
        _ input: [UInt8],
        chunkSize: Int = 16 << 10,
        _ body: (UnsafeBufferPointer<UInt8>) -> Bool
    ) throws {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(message: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        var status: Int32 = Z_OK
        try input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            while status != Z_STREAM_END {
                let keepGoing = try chunk.withUnsafeMutableBufferPointer { target -> Bool in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    guard status == Z_OK || status == Z_STREAM_END else {
                        if status == Z_BUF_ERROR && stream.avail_in == 0 {
                            throw Failure(message: "the compressed data ends early (file cut short?)")
                        }
                        let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                        throw Failure(message: "corrupt compressed data: \(reason)")
                    }
                    let produced = target.count - Int(stream.avail_out)
                    if produced == 0, stream.avail_in == 0, status != Z_STREAM_END {
                        throw Failure(message: "the compressed data ends early (file cut short?)")
                    }
                    return body(UnsafeBufferPointer(rebasing: target[0..<produced]))
                }
                if !keepGoing { return }
            }
        }
    }

    /// Decompresses gzip data read piece by piece by `read` (which fills the buffer it is given and returns the
    /// bytes it put there, 0 at the end), handing each decompressed chunk to `body` until it returns `false`.
    ///
    /// Several members in a row decompress as one stream, as gunzip does.
    ///
    /// For archives too large to hold (a sysdiagnose is hundreds of MiB): only one input and one output
    /// chunk are in memory at a time.
    public static func decompress(
        reading read: (UnsafeMutableRawBufferPointer) throws -> Int,
        chunkSize: Int = 64 << 10,
        _ body: (UnsafeBufferPointer<UInt8>) throws -> Bool
    ) throws {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(message: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        let input = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 8)
        defer { input.deallocate() }
        let output = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
        defer { output.deallocate() }
        var ended = false
        var sawData = false
        while true {
            if stream.avail_in == 0 {
                let got = try read(input)
                if got == 0 {
                    if !sawData { throw Failure(message: "the compressed data is empty") }
                    if !ended { throw Failure(message: "the compressed data ends early (file cut short?)") }
                    return
                }
                sawData = true
                stream.next_in = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
                stream.avail_in = uInt(got)
                if ended {
                    // Another member follows (or garbage, which its header check will reject).
                    guard inflateReset(&stream) == Z_OK else { throw Failure(message: "zlib could not restart") }
                    ended = false
                }
            } else if ended {
                guard inflateReset(&stream) == Z_OK else { throw Failure(message: "zlib could not restart") }
                ended = false
            }
            stream.next_out = output.baseAddress
            stream.avail_out = uInt(output.count)
            let status = inflate(&stream, Z_NO_FLUSH)
            switch status {
            case Z_OK, Z_STREAM_END, Z_BUF_ERROR: break
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw Failure(message: "corrupt compressed data: \(reason)")
            }
            if status == Z_STREAM_END { ended = true }
            let produced = output.count - Int(stream.avail_out)
            if produced > 0, try !body(UnsafeBufferPointer(rebasing: output[0..<produced])) { return }
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
