import Synchronization
import WiredReading

/// One reader held for the whole run of a long-running command (`watch`, `record`, `serve`).
///
/// Live, it keeps boot-long facts, the previous counters and each process's PSS between readings. Readings
/// never overlap: the lock serialises them.
final class HeldReader: @unchecked Sendable {
    private let reader: any MemoryReader
    private let lock = Mutex(())

    init(_ reader: any MemoryReader) { self.reader = reader }

    /// One reading of what `request` asks for.
    func read(_ request: ReadRequest) throws -> Reading {
        try lock.withLock { _ in try reader.read(request) }
    }
}
