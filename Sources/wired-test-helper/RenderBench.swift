import WiredTerminal

#if canImport(Glibc)
import Glibc
#endif

/// Runs `--render-bench ROWSxCOLUMNS [FRAMES]` and exits (see TerminalMode.swift).
func runRenderBench(_ arguments: [String]) -> Never {
    let parts = (arguments.first ?? "").split(separator: "x").compactMap { Int($0) }
    guard parts.count == 2, parts[0] > 0, parts[1] > 0 else { fail("--render-bench needs ROWSxCOLUMNS") }
    let frames = arguments.count > 1 ? Int(arguments[1]) ?? 0 : 2000
    guard frames > 0 else { fail("--render-bench needs a positive number of frames") }
    let size = Size(rows: parts[0], columns: parts[1])
    var random = BenchRandom(seed: 0x5EED)
    let renderer = Renderer(colors: true)
    var shown = benchFrame(size, generation: 0)
    let fullRepaint = renderer.repaint(shown).count
    let cellCount = size.rows * size.columns
    let changed = max(1, cellCount / 20)
    var indices = Array(0..<cellCount)
    var bytes = 0
    var elapsed = 0
    for _ in 0..<frames {
        var next = shown
        // 5% of the cells, each a different one, each given a character it did not have.
        for pick in 0..<changed {
            indices.swapAt(pick, pick + random.below(cellCount - pick))
            let row = indices[pick] / size.columns
            let column = indices[pick] % size.columns
            let old = shown[row, column]
            var character = benchAlphabet[random.below(benchAlphabet.count)]
            if String(character) == old.text { character = character == "x" ? "y" : "x" }
            next.put(String(character), row: row, column: column, style: old.style)
        }
        let start = threadCPUNanoseconds()
        let update = renderer.update(from: shown, to: next)
        elapsed += threadCPUNanoseconds() - start
        bytes += update.count
        shown = next
    }
    let buildStart = threadCPUNanoseconds()
    var built = 0
    for generation in 0..<frames { built &+= benchFrame(size, generation: generation).size.rows }
    let buildElapsed = threadCPUNanoseconds() - buildStart
    if built <= 0 { fail("no frame was built") }  // uses the frames, so that building them is not optimised away
    printLine(
        "size \(size) cells \(cellCount) changed \(changed) per frame, \(frames) frames: "
            + "update \(bytes / frames) bytes, \(microseconds(elapsed / frames)) µs CPU; "
            + "full repaint \(fullRepaint) bytes; building a frame \(microseconds(buildElapsed / frames)) µs CPU"
    )
    exit(0)
}

private let benchAlphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

/// A screen like a process list: a reverse header, then rows of a PID, sizes in colour and a command.
private func benchFrame(_ size: Size, generation: Int) -> Frame {
    var frame = Frame(size: size)
    frame.fill(row: 0, style: CellStyle(reverse: true))
    frame.put(
        "    PID      PSS      USS     SWAP  COMMAND",
        row: 0,
        column: 0,
        style: CellStyle(bold: true, reverse: true)
    )
    for row in 1..<max(1, size.rows) {
        let pid = 1000 + row * 7 + generation % 5
        var column = frame.put(pad("\(pid)", 7), row: row, column: 0)
        column = frame.put(
            pad("\(row * 1337 % 9000) MiB", 9),
            row: row,
            column: column,
            style: CellStyle(foreground: .red)
        )
        column = frame.put(
            pad("\(row * 733 % 900) MiB", 9),
            row: row,
            column: column,
            style: CellStyle(foreground: .cyan)
        )
        column = frame.put(pad("\(row % 3) KiB", 9), row: row, column: column, style: CellStyle(dim: true))
        frame.put("  /usr/bin/process-\(row) --option value --another-option", row: row, column: column)
    }
    return frame
}

private func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}

/// Nanoseconds as microseconds with one decimal.
private func microseconds(_ nanoseconds: Int) -> String {
    let tenths = nanoseconds / 100
    return "\(tenths / 10).\(tenths % 10)"
}

/// CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID): what the work cost, not how long other
/// processes on a shared machine kept it waiting.
private func threadCPUNanoseconds() -> Int {
    var time = timespec()
    _ = clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return time.tv_sec * 1_000_000_000 + time.tv_nsec
}

/// A small deterministic generator (xorshift64), so every run changes the same cells.
private struct BenchRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func below(_ bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }
}
