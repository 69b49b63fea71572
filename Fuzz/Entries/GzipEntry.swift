import WiredCompression

/// The three gzip decompressors on the input, then a compress–decompress round trip of it.
///
/// Each decompressor is bounded here (1 MiB kept, 4 MiB streamed) so a bomb costs a unit little time; the
/// round trip must give the input back exactly (a failure there traps, as a crash the fuzzer reports).
enum GzipEntry {
    static let keptLimit = 1 << 20
    static let streamedLimit = 4 << 20

    static func run(_ input: UnsafeBufferPointer<UInt8>) {
        let bytes = Array(input)
        do {
            let out = try Gzip.decompress(bytes, limit: keptLimit)
            precondition(out.count <= keptLimit, "decompress returned more than its limit")
        } catch {}
        var streamed = 0
        do {
            try Gzip.decompress(bytes, chunkSize: 4096, limit: streamedLimit) { chunk in
                streamed += chunk.count
                return streamed < streamedLimit
            }
        } catch {}
        readInPieces(bytes)
        roundTrip(bytes)
    }

    /// The reading decompressor, fed pieces of 1 to 64 bytes (the first byte picks the size) so that headers and
    /// member boundaries fall across reads.
    static func readInPieces(_ bytes: [UInt8]) {
        let piece = 1 + Int(bytes.first ?? 0) % 64
        var offset = 0
        var streamed = 0
        do {
            try Gzip.decompress(
                reading: { buffer in
                    let count = min(piece, buffer.count, bytes.count - offset)
                    bytes.withUnsafeBytes { source in
                        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count)]))
                    }
                    offset += count
                    return count
                },
                chunkSize: 512,
                limit: streamedLimit
            ) { chunk in
                streamed += chunk.count
                return streamed < streamedLimit
            }
        } catch {}
    }

    /// Compressing and decompressing gives the input back.
    static func roundTrip(_ bytes: [UInt8]) {
        do {
            let packed = try Gzip.compress(bytes, level: 1)
            let back = try Gzip.decompress(packed, limit: max(bytes.count, 1))
            precondition(back == bytes, "gzip round trip changed \(bytes.count) bytes")
        } catch {
            preconditionFailure("gzip round trip of \(bytes.count) bytes failed: \(error)")
        }
    }
}
