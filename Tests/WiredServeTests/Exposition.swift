/// A parsed Prometheus text exposition, for checking what `/metrics` says.
struct Exposition {
    struct Series {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    var series: [Series] = []
    var types: [String: String] = [:]
    var helps: [String: String] = [:]

    /// Parses `text` (format 0.0.4: `# HELP`, `# TYPE`, then `name{label="value",…} number` lines).
    init(_ text: String) {
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                if parts.count >= 4 { types[String(parts[2])] = String(parts[3]) }
                continue
            }
            if line.hasPrefix("# HELP ") {
                let parts = line.split(separator: " ", maxSplits: 3)
                if parts.count >= 4 { helps[String(parts[2])] = String(parts[3]) }
                continue
            }
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            let head = line[..<space]
            var labels: [String: String] = [:]
            var name = String(head)
            if let brace = head.firstIndex(of: "{") {
                name = String(head[..<brace])
                labels = Self.labels(head[head.index(after: brace)..<head.index(before: head.endIndex)])
            }
            series.append(Series(name: name, labels: labels, value: value))
        }
    }

    /// `a="x",b="y"` into a dictionary, undoing `\"`, `\\` and `\n`.
    static func labels(_ text: Substring) -> [String: String] {
        var result: [String: String] = [:]
        var index = text.startIndex
        while index < text.endIndex {
            guard let equals = text[index...].firstIndex(of: "=") else { break }
            let name = String(text[index..<equals]).trimmingPrefix(",")
            var value = ""
            var cursor = text.index(equals, offsetBy: 2)
            while cursor < text.endIndex, text[cursor] != "\"" {
                if text[cursor] == "\\", text.index(after: cursor) < text.endIndex {
                    cursor = text.index(after: cursor)
                    value.append(text[cursor] == "n" ? "\n" : text[cursor])
                } else {
                    value.append(text[cursor])
                }
                cursor = text.index(after: cursor)
            }
            result[String(name)] = value
            index = cursor < text.endIndex ? text.index(after: cursor) : cursor
        }
        return result
    }

    func named(_ name: String) -> [Series] { series.filter { $0.name == name } }

    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        series.first { $0.name == name && $0.labels == labels }?.value
    }
}
