import Testing
import WiredCore

/// The leak finder on hand-made series: every expected number is worked out in the comments.
@Suite("Growth analysis (wired grew)")
struct GrowthTests {
    static let mib: Int64 = 1 << 20

    /// `count` points every `step` seconds from t = 1,000,000, bytes from `bytes(index)`.
    static func points(_ count: Int, step: Double = 10, _ bytes: (Int) -> Int64) -> [OwnerSeries.Point] {
        (0..<count).map { OwnerSeries.Point(time: 1_000_000 + Double($0) * step, bytes: bytes($0)) }
    }

    @Test("A straight line fits exactly: slope in bytes per second, R² 1")
    func straightLine() throws {
        // 1 MiB more every 10 s: 104,857.6 B/s.
        let fit = try #require(GrowthFit.of(Self.points(7) { 50 * Self.mib + Int64($0) * Self.mib }))
        #expect(abs(fit.slope - 104_857.6) < 1e-6)
        #expect(abs(fit.r2 - 1) < 1e-12)
        #expect(fit.samples == 7)
    }

    @Test("Noise lowers R² by the share of variance the line does not explain")
    func noisyFit() throws {
        // y = 0, 2, 1, 3 at t = 0, 1, 2, 3: t̄ = 1.5, ȳ = 1.5; Stt = 5, Sty = 4, Syy = 5 ⇒ slope 0.8, R² = 16/25.
        let points = [0, 2, 1, 3].enumerated().map {
            OwnerSeries.Point(time: Double($0.offset), bytes: Int64($0.element))
        }
        let fit = try #require(GrowthFit.of(points))
        #expect(abs(fit.slope - 0.8) < 1e-12)
        #expect(abs(fit.r2 - 0.64) < 1e-12)
    }

    @Test("No fit from one moment, or from moments at the same time")
    func noFit() {
        #expect(GrowthFit.of([OwnerSeries.Point(time: 5, bytes: 1)]) == nil)
        #expect(GrowthFit.of([OwnerSeries.Point(time: 5, bytes: 1), OwnerSeries.Point(time: 5, bytes: 9)]) == nil)
    }

    @Test("A steady leak ranks above a larger owner that rose and fell; falls, flat lines and buckets are left out")
    func ranking() throws {
        let leak = OwnerSeries(
            key: "slab/kmalloc-2k",
            kind: "slab",
            name: "slab cache kmalloc-2k",
            wired: true,
            points: Self.points(37, step: 600) { 100 * Self.mib + Int64($0) * 11 * Self.mib }
        )
        // Ends 400 MiB up, but up and down by 300 MiB on the way: a poor fit.
        let jumpy = OwnerSeries(
            key: "process/9@1",
            kind: "process",
            name: "java (pid 9)",
            lineage: "java",
            pid: 9,
            points: Self.points(37, step: 600) { $0 == 36 ? 900 * Self.mib : ($0 % 2 == 0 ? 500 : 800) * Self.mib }
        )
        let falling = OwnerSeries(
            key: "mount//run",
            kind: "mount",
            name: "tmpfs /run",
            points: Self.points(37, step: 600) { 900 * Self.mib - Int64($0) * Self.mib }
        )
        let flat = OwnerSeries(
            key: "sysv/0x1",
            kind: "sysv",
            name: "SysV segment 0x1",
            points: Self.points(37, step: 600) { _ in Self.mib }
        )
        let bucket = OwnerSeries(
            key: "ledger/app",
            kind: "bucket",
            name: "App",
            points: Self.points(37, step: 600) { Int64($0) << 30 }
        )
        let ranked = GrowthAnalysis.rank([jumpy, falling, flat, bucket, leak])
        #expect(ranked.map(\.series.key) == ["slab/kmalloc-2k", "process/9@1"])
        let first = try #require(ranked.first)
        // 36 steps of 11 MiB over 36 × 600 s = 6 h: 396 MiB at 66 MiB/h.
        #expect(first.growthBytes == 396 * Self.mib)
        #expect(first.seconds == 21_600)
        #expect(
            first.verdict
                == "slab cache kmalloc-2k grew 396 MiB in 6 h at a steady 66.0 MiB/h; unreclaimable: likely a kernel or driver leak; `wired owners --at` shows it at each moment"
        )
        let second = try #require(ranked.last)
        #expect(second.fit.r2 < 0.6)
        #expect(second.verdict.contains("unevenly (fit R² 0."))
        #expect(second.verdict.contains("`wired top --at` shows it"))
    }

    @Test("A process that restarts keeps its history by command and service; overlapping copies stay apart")
    func restarts() throws {
        // Run 1 (pid 10) from 10 to 50 MiB over t 0…40 s, run 2 (pid 11) from 50 to 90 MiB over t 50…90 s.
        let first = OwnerSeries(
            key: "process/10@100",
            kind: "process",
            name: "leaky (pid 10)",
            lineage: "leaky in a.service",
            pid: 10,
            points: Self.points(5) { 10 * Self.mib + Int64($0) * 10 * Self.mib }
        )
        let second = OwnerSeries(
            key: "process/11@900",
            kind: "process",
            name: "leaky (pid 11)",
            lineage: "leaky in a.service",
            pid: 11,
            points: (0..<5).map {
                OwnerSeries.Point(time: 1_000_050 + Double($0) * 10, bytes: 50 * Self.mib + Int64($0) * 10 * Self.mib)
            }
        )
        // Same command and service, alive at the same time as run 1: another process.
        let twin = OwnerSeries(
            key: "process/12@100",
            kind: "process",
            name: "leaky (pid 12)",
            lineage: "leaky in a.service",
            pid: 12,
            points: Self.points(5) { _ in 5 * Self.mib }
        )
        let joined = GrowthAnalysis.joinRestarts([second, twin, first])
        #expect(joined.count == 2)
        let chain = try #require(joined.first { $0.1 == 2 })
        #expect(chain.0.points.count == 10)
        #expect(chain.0.pid == 11)
        let ranked = GrowthAnalysis.rank([first, second, twin])
        #expect(ranked.count == 1)
        #expect(ranked.first?.growthBytes == 80 * Self.mib)
        #expect(ranked.first?.runs == 2)
        #expect(ranked.first?.verdict.contains("across 2 runs of the same command") == true)
    }

    @Test("A short burst weighs by the share of the span it lasted")
    func coverage() throws {
        // A compiler: +60 MiB in 20 s of a 100 s span (score 60 × 0.2 = 12 MiB); the leak: +40 MiB over 100 s.
        let burst = OwnerSeries(
            key: "process/5@1",
            kind: "process",
            name: "clang (pid 5)",
            lineage: "clang",
            pid: 5,
            points: (0..<3).map {
                OwnerSeries.Point(time: 40 + Double($0) * 10, bytes: 10 * Self.mib + Int64($0) * 30 * Self.mib)
            }
        )
        let leak = OwnerSeries(
            key: "process/6@1",
            kind: "process",
            name: "leaker (pid 6)",
            lineage: "leaker",
            pid: 6,
            points: (0..<11).map { OwnerSeries.Point(time: Double($0) * 10, bytes: Int64($0) * 4 * Self.mib) }
        )
        let ranked = GrowthAnalysis.rank([burst, leak])
        #expect(ranked.map(\.series.pid) == [6, 5])
        #expect(abs((ranked.last?.coverage ?? 0) - 0.2) < 1e-12)
    }

    @Test("Durations and fit quality in words")
    func words() {
        #expect(GrowthWords.duration(45) == "45 s")
        #expect(GrowthWords.duration(3000) == "50 min")
        #expect(GrowthWords.duration(21_600) == "6 h")
        #expect(GrowthWords.duration(3 * 86_400) == "3 d")
        #expect(GrowthWords.twoDigits(1) == "1.00")
        #expect(GrowthWords.twoDigits(0.071) == "0.07")
    }
}
