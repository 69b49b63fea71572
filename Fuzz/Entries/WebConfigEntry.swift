import WiredWebConfig

/// `wired serve --web-config`'s parsers, chosen by the first byte: `c` the web config YAML
/// (``WebConfigFile/parse(_:file:)``), `a` an `Authorization` header (``BasicCredentials/parse(_:)``), `h` a
/// bcrypt hash's shape (``BcryptHash``); the rest of the input is the text.
///
/// What parses must be what it claims: users with a bcrypt-shaped hash and a name without `:`, TLS files in
/// pairs; a header's user and password, encoded again, parse back to themselves.
enum WebConfigEntry {
    static func run(_ input: UnsafeBufferPointer<UInt8>) {
        guard let selector = input.first else { return }
        let text = String(decoding: input.dropFirst(), as: UTF8.self)
        switch selector {
        case UInt8(ascii: "c"): config(text)
        case UInt8(ascii: "a"): header(text)
        case UInt8(ascii: "h"): hash(text)
        default: return
        }
    }

    static func config(_ text: String) {
        guard let file = try? WebConfigFile.parse(text, file: "/etc/wired/web.yml") else { return }
        precondition((file.certFile == nil) == (file.keyFile == nil), "a TLS file without its pair")
        for (name, hash) in file.users {
            precondition(!name.isEmpty && !name.contains(":"), "a user name that basic auth cannot carry")
            precondition(BcryptHash.problem(hash) == nil, "a user whose hash is not bcrypt")
        }
    }

    static func header(_ text: String) {
        guard let (user, password) = BasicCredentials.parse(text) else { return }
        precondition(!user.contains(":"), "a user name with a colon: the password was split wrongly")
        let again = BasicCredentials.parse("Basic " + encode(Array(user.utf8) + [UInt8(ascii: ":")] + password))
        precondition(again?.0 == user && again?.1 == password, "credentials do not read back")
    }

    static func hash(_ text: String) {
        guard BcryptHash.problem(text) == nil else { return }
        precondition((4...16).contains(BcryptHash.cost(text)), "a hash accepted with a cost out of range")
        precondition(BcryptHash.checkable(text).utf8.count == 60, "a checkable hash of another length")
    }

    /// Standard base64 with padding (RFC 4648), to write credentials back.
    static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value: UInt32 = 0
            for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << UInt32(16 - 8 * offset) }
            for position in 0..<4 {
                let sextet = Int((value >> UInt32(18 - 6 * position)) & 63)
                out.append(position <= chunk.count ? alphabet[sextet] : UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
