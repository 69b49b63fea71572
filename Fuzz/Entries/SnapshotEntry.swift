import WiredCompression
import WiredCore
import WiredSnapshot

/// The snapshot reader (`--from FILE`, `diff A B`), then the analysis of what it read, then saving it again.
///
/// An input that starts with the header line `wired snapshot format ` is a whole file; any other input is the
/// JSON a file holds, wrapped here into a file (header line and gzip), so that mutations reach the decoder
/// instead of failing the gzip checksum.
enum SnapshotEntry {
    static let magic = Array("wired snapshot format ".utf8)

    static func run(_ input: UnsafeBufferPointer<UInt8>) {
        var file: [UInt8]
        if input.starts(with: magic) {
            file = Array(input)
        } else {
            file = magic + Array("\(SnapshotFile.formatVersion)\n".utf8)
            do {
                file += try Gzip.compress(Array(input), level: 1)
            } catch {
                return
            }
        }
        let snapshot: Snapshot
        do {
            snapshot = try SnapshotFile.decode(file, path: "fuzz.wired")
        } catch {
            return
        }
        Analysis.run(snapshot)
        do {
            _ = try SnapshotFile.decode(SnapshotFile.encode(snapshot), path: "fuzz-again.wired")
        } catch {
            // Saving may refuse a value (the encoder's own checks); it must not trap.
        }
    }
}
