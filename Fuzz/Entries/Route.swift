/// One parser of a family target, chosen by the input's first byte; the rest of the input is the file.
struct Route: Sendable {
    /// The byte seeds put first to reach this parser (a letter, so a seed stays readable).
    let selector: Character
    /// Runs the parser on the file's bytes.
    let run: @Sendable (UnsafeBufferPointer<UInt8>) -> Void

    /// Runs the route whose selector is `input`'s first byte; any other byte picks `routes[byte % count]`, so
    /// every input reaches some parser.
    static func dispatch(_ input: UnsafeBufferPointer<UInt8>, _ routes: [Route]) {
        guard let first = input.first, !routes.isEmpty else { return }
        let route = routes.first { $0.selector.asciiValue == first } ?? routes[Int(first) % routes.count]
        route.run(UnsafeBufferPointer(rebasing: input.dropFirst()))
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The bytes as text (invalid UTF-8 replaced), as the decoders of command outputs take them.
    var text: String { String(decoding: self, as: UTF8.self) }
}
