public import WiredCore

/// The store's blob decoders on bytes from anywhere, for the `history-chain` fuzz target (Fuzz/README.md).
public enum HistoryDecoders {
    /// What ``replayChain(_:)`` found.
    public struct Replayed: Sendable {
        /// The processes at the end of the chain.
        public var processes: [ProcessFacts]
        /// Whether writing each sample's records again against the one before and applying that gives them
        /// back (false only for a bug in the codec).
        public var roundTrips: Bool
    }

    /// Reads `input` as a chain; throws ``HistoryError`` on damage.
    ///
    /// Each part is led by its varint byte count and not deflated: a keyframe's process blob, then sample
    /// deltas; every part is also read as a sample's figures, as a token delta against the first and as the
    /// next link of a chain of token deltas.
    public static func replayChain(_ input: [UInt8]) throws -> Replayed {
        do {
            var reader = Varint.Reader(input)
            var parts: [[UInt8]] = []
            while !reader.atEnd {
                let count = try reader.next()
                guard count <= UInt64(input.count) else { throw Varint.Damaged("a part is longer than the input") }
                parts.append(Array(try reader.bytes(Int(count))))
            }
            var figures = FigureCodec.Chain()
            for part in parts { try? figures.decode(part, maxOwner: 1 << 16) { _, _ in } }
            guard let first = parts.first else { return Replayed(processes: [], roundTrips: true) }
            var roundTrips = tokenDeltasAgree(first, parts.dropFirst())
            let start = try ProcessChain.readKeyframe(first)
            var records = start.records
            for part in parts.dropFirst() {
                let next = try ProcessChain.apply(part, to: records, columns: start.columns)
                let again = ProcessChain.encode(next, after: records, columns: start.columns)
                if try ProcessChain.apply(again, to: records, columns: start.columns) != next { roundTrips = false }
                records = next
            }
            let layout = ProcessChain.layout(of: start.columns)
            let processes = try records.map { try ProcessChain.process($0, layout: layout, at: 1 << 40) }
            return Replayed(processes: processes, roundTrips: roundTrips)
        } catch let damage as Varint.Damaged {
            throw HistoryError("chain: \(damage.reason)")
        }
    }

    /// The JSON's token deltas too: each part against the first as its keyframe, and all of them as a chain
    /// (each against the one before); whether applying in token space gives what applying to bytes does.
    static func tokenDeltasAgree(_ first: [UInt8], _ parts: ArraySlice<[UInt8]>) -> Bool {
        let json = TokenDelta.Base(first)
        let keyTokens = TokenDelta.Tokens(first)
        var chain = keyTokens
        var agree = true
        for part in parts {
            var alone = keyTokens
            let applied = try? TokenDelta.apply(part, to: json)
            if (try? alone.apply(part)) != nil, alone.bytes != applied { agree = false }
            if (try? chain.apply(part)) == nil { chain = keyTokens }
        }
        _ = chain.bytes
        return agree
    }

    /// An input for ``replayChain(_:)`` that reaches the token deltas: the first JSON whole, each later one
    /// as a chained token delta against the one before (a seed for the fuzzer).
    public static func tokenChainInput(_ jsons: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        var previous: [UInt8]?
        for json in jsons {
            let part = previous.map { TokenDelta.encode(json, against: TokenDelta.Base($0), chained: true) } ?? json
            Varint.append(UInt64(part.count), to: &out)
            out += part
            previous = json
        }
        return out
    }

    /// An input for ``replayChain(_:)``: the first snapshot's processes as a keyframe, each later one's as a
    /// delta against the one before (a seed for the fuzzer).
    public static func chainInput(_ snapshots: [Snapshot]) -> [UInt8] {
        var out: [UInt8] = []
        var previous: [ProcessChain.Record]?
        for snapshot in snapshots {
            let timeMs = ProcessChain.milliseconds(snapshot.meta.takenAt)
            let records = (snapshot.processes?.processes ?? []).map { ProcessChain.record($0, at: timeMs) }
            let part =
                previous.map { ProcessChain.encode(records, after: $0, columns: ProcessChain.columns) }
                ?? ProcessChain.keyframe(records, columns: ProcessChain.columns)
            Varint.append(UInt64(part.count), to: &out)
            out += part
            previous = records
        }
        return out
    }
}
