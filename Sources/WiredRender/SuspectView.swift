public import WiredCore
public import WiredJSON

/// The likely owners of the unexplained line, as text (under that line of the ledger, and in `wired explain
/// unexplained`) and as JSON.
public enum SuspectView {
    /// Lines under the unexplained row: each suspect, its size where known, its evidence and how to confirm it,
    /// then what is left.
    public static func lines(_ ledger: Ledger, style: Style, indent: String = "    ") -> [String] {
        guard !ledger.suspects.isEmpty else { return [] }
        var out: [String] = []
        for suspect in ledger.suspects {
            let size = suspect.bytes.map { "\(style.size($0)) " } ?? ""
            let how = suspect.sizeSource.map { " (\($0))" } ?? ""
            out.append("\(indent)\(style.bold("likely:")) \(Layout.safe("\(size)\(suspect.owner)\(how)"))")
            out.append("\(indent)  \(style.dim(Layout.safe(suspect.explanation)))")
            for evidence in suspect.evidence {
                out.append("\(indent)  \(style.dim("evidence:")) \(Layout.safe(evidence.description))")
            }
            out.append("\(indent)  \(style.dim("confirm:")) \(Layout.safe(suspect.confirm))")
        }
        if ledger.suspects.contains(where: { $0.bytes != nil }) {
            let rest = UnexplainedSuspects.rest(of: ledger)
            out.append("\(indent)\(style.dim("rest, not attributed:")) \(style.size(rest))")
        }
        return out
    }

    /// The `suspects` array of the status JSON, and `unexplainedAfterSuspectsBytes`.
    public static func write(_ ledger: Ledger, to json: inout JSONWriter) {
        json.key("suspects")
        json.beginArray()
        for suspect in ledger.suspects {
            json.beginObject()
            json.field("id", suspect.id)
            json.field("owner", suspect.owner)
            json.field("explanation", suspect.explanation)
            json.field("bytes", suspect.bytes?.bytes)
            json.field("sizeSource", suspect.sizeSource)
            json.key("evidence")
            json.beginArray()
            for evidence in suspect.evidence {
                json.beginObject()
                json.field("file", evidence.file)
                json.field("line", evidence.line.map { Int64($0) })
                json.field("text", evidence.text)
                json.endObject()
            }
            json.endArray()
            json.field("confirm", suspect.confirm)
            json.endObject()
        }
        json.endArray()
        json.field("unexplainedAfterSuspectsBytes", UnexplainedSuspects.rest(of: ledger).bytes)
    }
}
