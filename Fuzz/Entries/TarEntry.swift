import WiredCore
import WiredDarwin

/// A macOS capture file, read by `MacCapture` as `--from FILE` reads one (tar, tar.gz, gzip of one output, or
/// one output, told apart by content), then analysed.
///
/// A plain tar is read twice: as it is, and with every header's checksum made right, so that mutations of the
/// header fields (size, type, names) get past the checksum test to the code behind it.
enum TarEntry {
    static func run(_ input: UnsafeBufferPointer<UInt8>) {
        let bytes = Array(input)
        read(bytes, input: input)
        let fixed = withChecksums(bytes)
        if fixed != bytes { read(fixed, input: input) }
    }

    static func read(_ bytes: [UInt8], input: UnsafeBufferPointer<UInt8>) {
        guard let scratch = ScratchDirectory(), let path = scratch.write("capture", bytes) else { return }
        let snapshot: Snapshot
        do {
            snapshot = try MacCapture.read(path, toolVersion: "fuzz")
        } catch {
            return
        }
        Analysis.run(snapshot)
        SnapshotSeeds.emit(snapshot, target: .tar, input: input)
    }

    /// `bytes` with the checksum field of each 512-byte header rewritten to match the header, walking headers
    /// by their octal size fields; stops at a zero block or a size it cannot read.
    static func withChecksums(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        var offset = 0
        while offset + 512 <= out.count {
            let header = offset..<(offset + 512)
            if out[header].allSatisfy({ $0 == 0 }) { break }
            var sum = 0
            for index in header { sum += (offset + 148..<offset + 156).contains(index) ? 32 : Int(out[index]) }
            let digits = Array(String(sum, radix: 8).utf8)
            let field = [UInt8](repeating: UInt8(ascii: "0"), count: max(0, 6 - digits.count)) + digits.suffix(6)
            out.replaceSubrange((offset + 148)..<(offset + 156), with: field + [0, UInt8(ascii: " ")])
            guard let size = octal(out[(offset + 124)..<(offset + 136)]) else { break }
            let (blocks, overflow) = size.addingReportingOverflow(511)
            guard !overflow else { break }
            offset += 512 + blocks / 512 * 512
        }
        return out
    }

    /// An octal field (leading spaces, ending at a space or NUL); `nil` when it holds other bytes or is too large.
    static func octal(_ field: ArraySlice<UInt8>) -> Int? {
        var value = 0
        var digits = 0
        for byte in field {
            if byte == 0 || byte == UInt8(ascii: " ") {
                if digits > 0 { break } else { continue }
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "7"), value < Int.max >> 4 else { return nil }
            value = value * 8 + Int(byte - UInt8(ascii: "0"))
            digits += 1
        }
        return digits > 0 ? value : nil
    }
}
