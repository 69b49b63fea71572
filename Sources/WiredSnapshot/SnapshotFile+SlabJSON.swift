public import WiredCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The JSON of a snapshot's slab caches, kept from one sample to the next while they stay the same.
public struct SlabCachesJSON: Sendable {
    var caches: [SlabCache]
    var bytes: [UInt8]
}

extension SnapshotFile {
    /// ``json(_:)`` of `snapshot`, byte for byte, with its slab caches' part taken from `kept` when they are the
    /// same caches (and kept there otherwise).
    ///
    /// A recorder writes the snapshot without its processes every second while the owners are carried for ten:
    /// the two hundred slab caches were three fifths of that JSON and of the time to encode it. The snapshot is
    /// encoded with no caches, and their array goes where `"slabCaches":[]` stands; when that text is not there
    /// exactly once (a key of that name elsewhere), the whole snapshot is encoded as usual.
    public static func json(_ snapshot: Snapshot, keeping kept: inout SlabCachesJSON?) throws -> [UInt8] {
        guard let caches = snapshot.owners?.slabCaches, !caches.isEmpty else { return try json(snapshot) }
        var hollow = snapshot
        hollow.owners?.slabCaches = []
        let whole = try json(hollow)
        guard let at = onlyOccurrence(of: slabMarker, in: whole) else {
            kept = nil
            return try json(snapshot)
        }
        if kept?.caches != caches {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            kept = SlabCachesJSON(caches: caches, bytes: Array(try encoder.encode(caches)))
        }
        let value = at + slabMarker.count - 2
        var out: [UInt8] = []
        out.reserveCapacity(whole.count + (kept?.bytes.count ?? 0))
        out += whole[..<value]
        out += kept?.bytes ?? []
        out += whole[(value + 2)...]
        return out
    }

    /// Where the empty slab-cache array stands in a snapshot's JSON: `[]` is its last two bytes.
    static let slabMarker = Array(#""slabCaches":[]"#.utf8)

    /// The offset of `needle` in `haystack` when it occurs there exactly once.
    static func onlyOccurrence(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var found: Int?
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) {
                if found != nil { return nil }
                found = index
                index += needle.count
            } else {
                index += 1
            }
        }
        return found
    }
}
