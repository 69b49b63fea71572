import WiredCore
import WiredRender

/// The header's texts, each from the findings alone.
enum WatchHeader {
    static func cells(_ parts: [(MemoryClass, Int64)], width: Int) -> [(MemoryClass, Int)] {
        LedgerBar.cells(parts, width: width)
    }

    static func letter(_ memoryClass: MemoryClass) -> String { String(LedgerBar.letter(memoryClass)) }

    /// A class's name in a narrow legend.
    static func shortName(_ memoryClass: MemoryClass) -> String {
        switch memoryClass {
        case .free: "free"
        case .reclaimable: "recl"
        case .compressed: "cmpr"
        case .unswappable: "unswap"
        case .wired: "wired"
        case .reserved: "resv"
        case .unexplained: "unexpl"
        }
    }

    /// "1.20 GiB = slab 300 MiB + page tables 30.0 MiB + …": the ledger's wired buckets, biggest first.
    static func wiredParts(_ findings: WatchFindings) -> String {
        guard let ledger = findings.ledger else { return "unknown" }
        let parts = findings.wiredParts.map { "\($0.name) \(ByteFormat.compact($0.bytes.bytes))" }
        let total = ByteFormat.human(ledger.wired.total.bytes)
        return parts.isEmpty ? total : "\(total) = " + parts.joined(separator: " + ")
    }

    /// "Avail 5.20 GiB  Swap 0 B of 2.00 GiB": MemAvailable as the ledger translates it, and swap in use from
    /// /proc/meminfo (SwapTotal − SwapFree).
    static func available(_ findings: WatchFindings) -> String {
        let available = findings.ledger.map { ByteFormat.human($0.translation.available.bytes) } ?? "unknown"
        let swap: String
        if let (used, total) = findings.swap {
            swap = total.bytes == 0 ? "none" : "\(ByteFormat.human(used.bytes)) of \(ByteFormat.human(total.bytes))"
        } else {
            swap = "unknown"
        }
        return "Avail \(available)  Swap \(swap)"
    }

    /// The reason that decided the verdict, or the first check that passed, or why it is unknown.
    static func firstReason(_ report: PressureReport) -> String {
        if let because = report.unknownBecause { return because }
        let deciding = report.reasons.filter { $0.level > .ok }.sorted { $0.level > $1.level }
        return (deciding.first ?? report.reasons.first)?.text ?? report.advice
    }

    /// "Rates (1.0 s): swap in 0 B/s, out 0 B/s · refaults 12.0 KiB/s · major faults 3/s" from /proc/vmstat's
    /// differences between two readings (`PressureReport.Rates`); what is missing when there is one reading.
    static func rates(_ findings: WatchFindings, live: Bool) -> String {
        guard let rates = findings.pressure.rates else {
            if findings.snapshot.linux == nil { return "Rates: not read on this system" }
            guard live else { return "Rates: none, the reading holds no earlier sample of /proc/vmstat" }
            return "Rates: swap-in, swap-out, refaults and major faults show from the second reading"
        }
        func rate(_ bytes: Double) -> String { ByteFormat.human(Checked.saturatingInteger(bytes.rounded())) + "/s" }
        let faults = ByteFormat.decimal(rates.majorFaultsPerSecond, places: 0)
        let span = ByteFormat.decimal(rates.intervalSeconds, places: 1)
        return
            "Rates (\(span) s): swap in \(rate(rates.swapInBytesPerSecond)), out \(rate(rates.swapOutBytesPerSecond)) · refaults \(rate(rates.refaultBytesPerSecond)) · major faults \(faults)/s"
    }
}
