import WiredCore
import WiredHistory
import WiredSnapshot

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A history store's process chain (a keyframe's records and the deltas after it) and figure blobs, as
/// `HistoryDecoders.replayChain` reads them (also as JSON token deltas, alone and chained); whatever decodes
/// must write and read back the same.
///
/// Seeds: when `WIRED_FUZZ_CHAIN_SEEDS` names a folder, each snapshot JSON given (the snapshot target's seeds)
/// is written there as a chain of three samples: as read, with a process gone and one changed, and with a
/// process back; and their JSON as a chain of token deltas.
enum HistoryChainEntry {
    static func run(_ input: UnsafeBufferPointer<UInt8>) {
        let bytes = Array(input)
        if let folder = getenv("WIRED_FUZZ_CHAIN_SEEDS").map({ String(cString: $0) }), !folder.isEmpty {
            seed(bytes, folder)
            return
        }
        do {
            let replayed = try HistoryDecoders.replayChain(bytes)
            precondition(
                replayed.roundTrips,
                "a decoded chain does not encode back to itself, or token deltas disagree"
            )
        } catch {}
    }

    static func seed(_ json: [UInt8], _ folder: String) {
        guard let snapshot = try? SnapshotFile.decode(json: json, name: "seed"),
            var processes = snapshot.processes?.processes, processes.count >= 2
        else { return }
        var second = snapshot
        let gone = processes.removeFirst()
        processes[0].threads &+= 1
        second.processes?.processes = processes
        var third = second
        third.processes?.processes.append(gone)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in json { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let name = String(hash, radix: 16)
        save(HistoryDecoders.chainInput([snapshot, second, third]), "\(folder)/chain-\(name)")
        let jsons = [snapshot, second, third].compactMap { try? SnapshotFile.json($0) }
        save(HistoryDecoders.tokenChainInput(jsons), "\(folder)/tokens-\(name)")
    }

    static func save(_ bytes: [UInt8], _ path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        bytes.withUnsafeBytes { _ = write(fd, $0.baseAddress, $0.count) }
    }
}
