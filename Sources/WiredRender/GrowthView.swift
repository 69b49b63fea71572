public import WiredCore
public import WiredJSON

/// `wired grew`: owners ranked by steady growth, each with its verdict in words.
public enum GrowthView {
    /// The ranking as text: one numbered verdict per owner, and the span it covers.
    public static func render(
        _ ranked: [Growth],
        span: (from: Timestamp, to: Timestamp, samples: Int),
        limit: Int,
        style: Style,
        width: Int
    ) -> String {
        var out = [
            style.bold("What grew")
                + style.dim(
                    " · \(span.from.iso8601) to \(span.to.iso8601) · \(ByteFormat.grouped(Int64(span.samples))) samples"
                )
        ]
        guard !ranked.isEmpty else {
            out.append("Nothing grew steadily by 1 MiB or more in this span.")
            return out.joined(separator: "\n")
        }
        for (index, growth) in ranked.prefix(limit == 0 ? ranked.count : limit).enumerated() {
            let head = "\(index + 1). "
            out += Layout.wrap(head + Layout.safe(growth.verdict), width: width, indent: head.count)
        }
        if limit > 0, ranked.count > limit {
            out.append(style.dim("… and \(ranked.count - limit) more (--limit 0 shows all)"))
        }
        return out.joined(separator: "\n")
    }

    /// The ranking as JSON: `{"from", "to", "samples", "owners": [{kind, name, pid?, growthBytes, seconds,
    /// fit: {slopeBytesPerSecond, slopeBytesPerHour, r2, samples}, runs, firstBytes, lastBytes, verdict}]}`.
    public static func write(
        _ ranked: [Growth],
        span: (from: Timestamp, to: Timestamp, samples: Int),
        to json: inout JSONWriter
    ) {
        json.beginObject()
        json.field("from", span.from.iso8601)
        json.field("to", span.to.iso8601)
        json.field("samples", span.samples)
        json.key("owners")
        json.beginArray()
        for growth in ranked {
            json.beginObject()
            json.field("kind", growth.series.kind)
            json.field("name", growth.series.name)
            json.field("key", growth.series.key)
            if let pid = growth.series.pid { json.field("pid", Int64(pid)) }
            json.field("growthBytes", growth.growthBytes)
            json.field("seconds", growth.seconds)
            json.key("fit")
            json.beginObject()
            json.field("slopeBytesPerSecond", growth.fit.slope)
            json.field("slopeBytesPerHour", growth.fit.slope * 3600)
            json.field("r2", growth.fit.r2)
            json.field("samples", growth.fit.samples)
            json.endObject()
            json.field("runs", growth.runs)
            json.field("firstBytes", growth.series.points.first?.bytes ?? 0)
            json.field("lastBytes", growth.series.points.last?.bytes ?? 0)
            json.field("wired", growth.series.wired)
            json.field("verdict", growth.verdict)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}
