/// Chooses the best measure of installed RAM (§4.1 of `docs/linux.md`).
///
/// Best first: DMI memory devices (the DIMMs; root only), memory blocks × block size (rounds up over
/// holes; an estimate), Σ firmware "System RAM" ranges (a lower bound), Σ zoneinfo present pages (a
/// lower bound). A source that reports less than MemTotal cannot be right (VMs often carry a fictional
/// DMI table) and is skipped.
public enum InstalledEstimate {
    /// The first plausible measure, or `nil` when none was readable.
    public static func choose(_ facts: LinuxFacts, memTotal: ByteCount, pageSize: Int64) -> InstalledRAM? {
        let info = facts.installed
        var candidates: [InstalledRAM] = []
        if let dmi = info.dmiBytes, dmi > 0 {
            let devices = info.dmiDevices.map { " (\($0) memory device\($0 == 1 ? "" : "s"))" } ?? ""
            candidates.append(
                InstalledRAM(
                    bytes: ByteCount(bytes: dmi),
                    method: .dmi,
                    isEstimate: false,
                    source: "Σ SMBIOS type 17 sizes in /sys/firmware/dmi/tables/DMI\(devices)"
                )
            )
        }
        if let blockBytes = info.memoryBlockBytes, let online = info.memoryBlocksOnline {
            let blocks = online + (info.memoryBlocksOffline ?? 0)
            if blocks > 0 {
                candidates.append(
                    InstalledRAM(
                        bytes: ByteCount(bytes: blockBytes) * Int64(blocks),
                        method: .memoryBlocks,
                        isEstimate: true,
                        source:
                            "estimate: \(blocks) memory blocks × \(ByteCount(bytes: blockBytes)) in /sys/devices/system/memory"
                    )
                )
            }
        }
        if let firmware = info.firmwareRAMBytes, firmware > 0 {
            candidates.append(
                InstalledRAM(
                    bytes: ByteCount(bytes: firmware),
                    method: .firmwareMap,
                    isEstimate: true,
                    source: "lower bound: Σ System RAM ranges in /sys/firmware/memmap"
                )
            )
        }
        if let zones = facts.zones {
            let present = Checked.saturatingSum(zones.map(\.present))
            // Before 3.8 (no `managed` line) `present` already leaves out the struct page array.
            let old = zones.contains { $0.managed == nil }
            if present > 0 {
                candidates.append(
                    InstalledRAM(
                        bytes: ByteCount.pages(present, pageSize: pageSize),
                        method: .zonePresent,
                        isEstimate: true,
                        source: "lower bound: Σ present pages in /proc/zoneinfo"
                            + (old ? " (before 3.8 present leaves out the struct page array)" : "")
                    )
                )
            }
        }
        // A measure that overflowed is no measure.
        return candidates.first { $0.bytes >= memTotal && !$0.bytes.isOverflow }
    }
}
