public import ArgumentParser
public import WiredCore

/// Sizes on the command line: "4096", "512K", "100M", "1.5G", "2GiB" (binary units).
extension ByteCount: ExpressibleByArgument {
    public init?(argument: String) {
        var text = argument.trimmingSpaces.uppercased()
        for suffix in ["IB", "B"] where text.hasSuffix(suffix) && text.count > suffix.count {
            text.removeLast(suffix.count)
            break
        }
        var multiplier: Double = 1
        if let last = text.last, let power = ["K": 1, "M": 2, "G": 3, "T": 4][String(last)] {
            multiplier = Double(1 << (10 * power))
            text.removeLast()
        }
        guard let value = Double(text), value >= 0, value * multiplier < 9.2e18 else { return nil }
        self = ByteCount(bytes: Int64((value * multiplier).rounded()))
    }

    public static var defaultCompletionKind: CompletionKind { .default }
}

extension String {
    /// Without leading and trailing spaces.
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
