import Foundation

/// A scratch copy of a fixture tree that a test may change; deleted when released.
public final class TemporaryTree: @unchecked Sendable {
    /// The folder holding the copy.
    public let path: String

    /// Copies the Linux fixture `fixture` (or starts empty when `nil`).
    public init(copying fixture: String? = nil) throws {
        path = NSTemporaryDirectory() + "wired-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        if let fixture {
            // Copy contents only: copyItem also copies ownership, which fails for a user who is not the owner.
            let source = Fixtures.linux(fixture)
            let files = FileManager.default.enumerator(atPath: source)
            while let relative = files?.nextObject() as? String {
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: "\(source)/\(relative)", isDirectory: &isDirectory)
                if !isDirectory.boolValue {
                    try write(relative, Array(try Data(contentsOf: URL(fileURLWithPath: "\(source)/\(relative)"))))
                }
            }
        }
    }

    /// Writes `text` to `relative` (such as "proc/meminfo"), creating folders.
    public func write(_ relative: String, _ text: String) throws {
        try write(relative, Array(text.utf8))
    }

    /// Writes `bytes` to `relative`, creating folders.
    public func write(_ relative: String, _ bytes: [UInt8]) throws {
        let full = "\(path)/\(relative)"
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        try Data(bytes).write(to: URL(fileURLWithPath: full))
    }

    /// The contents of `relative`.
    public func read(_ relative: String) throws -> String {
        try String(contentsOfFile: "\(path)/\(relative)", encoding: .utf8)
    }

    /// Replaces the first line starting with `prefix` in `relative` by `replacement`.
    public func replaceLine(in relative: String, startingWith prefix: String, with replacement: String) throws {
        let lines = try read(relative).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        try write(relative, lines.map { $0.hasPrefix(prefix) ? replacement : $0 }.joined(separator: "\n"))
    }

    /// Deletes `relative`.
    public func remove(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: "\(path)/\(relative)")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
