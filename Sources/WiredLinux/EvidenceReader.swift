import WiredCore

extension ReadSession {
    /// The small files that name who holds memory the kernel counts nowhere; none is an error when absent.
    mutating func evidence() -> EvidenceFacts {
        var evidence = EvidenceFacts()
        evidence.modules = parse("/proc/modules", EvidenceParsers.modules, quietIfMissing: true)
        evidence.crashKernelArgument =
            parse(
                "/proc/cmdline",
                { buffer, _ in Parsed(value: EvidenceParsers.crashKernelArgument(buffer), problems: []) },
                quietIfMissing: true
            ) ?? nil
        evidence.zfsARC =
            parse("/proc/spl/kstat/zfs/arcstats", EvidenceParsers.arcstats, quietIfMissing: true) ?? nil
        if FileSystem.exists(reader.path("/proc/driver/nvidia")) {
            evidence.nvidiaVersion =
                text("/proc/driver/nvidia/version", quietIfMissing: true)?.split(separator: "\n").first.map {
                    clip(String($0), to: 120)
                } ?? "present (no version file)"
        }
        evidence.drmCards = drmCards()
        evidence.procOvermounts = parse(
            "/proc/mounts",
            { buffer, _ in Parsed(value: EvidenceParsers.procOvermounts(buffer), problems: []) },
            quietIfMissing: true
        )
        return evidence
    }

    /// GPUs under `/sys/class/drm`: the driver of each card, and amdgpu's GTT use.
    mutating func drmCards() -> [DRMCard]? {
        guard let names = try? FileSystem.list(reader.path("/sys/class/drm")) else { return nil }
        var cards: [DRMCard] = []
        for card in names.sorted() where card.hasPrefix("card") && card.dropFirst(4).allSatisfy(\.isNumber) {
            let device = "/sys/class/drm/\(card)/device"
            let uevent = parse(device + "/uevent", CaptureRecord.parse, quietIfMissing: true)
            let driver = uevent?["DRIVER"] ?? "unknown"
            let gtt =
                driver == "amdgpu"
                ? number(device + "/mem_info_gtt_used", bound: .bytes, quietIfMissing: true) : nil
            cards.append(DRMCard(card: card, driver: driver, gttUsedBytes: gtt))
        }
        return cards
    }

    /// Σ `pages=` of `/proc/vmallocinfo`, or why it could not be read.
    mutating func vmallocinfoSum(pageSize: Int64) -> (VmallocSum?, String?) {
        let path = reader.path("/proc/vmallocinfo")
        do {
            let parsed = try files.withContents(of: path, displayPath: path) {
                OwnerParsers.vmallocCallers($0.uint8, pageSize: pageSize, path: path)
            }
            problems += parsed.problems
            return (VmallocSum(callers: parsed.value), nil)
        } catch let error as ProcError {
            return (nil, VmallocSum.unreadable(error.isPermission, error.isMissing, live: reader.isLive, "\(error)"))
        } catch {
            return (nil, "/proc/vmallocinfo could not be read: \(error)")
        }
    }
}

extension VmallocSum {
    /// Why vmallocinfo gave no sum, in words.
    static func unreadable(_ permission: Bool, _ missing: Bool, live: Bool, _ error: String) -> String {
        if permission { return "no permission to read /proc/vmallocinfo (root only, mode 0400)" }
        if missing {
            return live
                ? "/proc/vmallocinfo is not present" : "/proc/vmallocinfo is not in the captured tree (not copied)"
        }
        return "/proc/vmallocinfo could not be read: \(error)"
    }
}
