import WiredCore
import WiredSnapshot

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Seeds for the ``FuzzTarget/snapshot`` target, made by the tool's own code from the fixtures.
///
/// When `WIRED_FUZZ_SNAPSHOT_SEEDS` names a folder, the tree and tar targets write the JSON of each snapshot
/// they read there (`Fuzz/run.sh` replays the fixture seeds through them with it set). Unset, nothing is written.
enum SnapshotSeeds {
    static func emit(_ snapshot: Snapshot, target: FuzzTarget, input: UnsafeBufferPointer<UInt8>) {
        guard let folder = getenv("WIRED_FUZZ_SNAPSHOT_SEEDS").map({ String(cString: $0) }), !folder.isEmpty else {
            return
        }
        let json: [UInt8]
        do {
            json = try SnapshotFile.json(snapshot)
        } catch {
            return
        }
        // FNV-1a of the input names the seed, so replaying the same seeds twice writes the same files.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in input { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let path = "\(folder)/\(target.rawValue)-\(String(hash, radix: 16)).json"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        json.withUnsafeBytes { _ = write(fd, $0.baseAddress, $0.count) }
    }
}
