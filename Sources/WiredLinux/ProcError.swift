public import WiredCore

/// A failure to open, read or understand one kernel file; it names the file and keeps the errno.
public struct ProcError: Error, Sendable, CustomStringConvertible {
    /// What was being done.
    public enum Operation: String, Sendable {
        case open
        case read
        case parse
    }

    /// What was being done.
    public var operation: Operation
    /// The file, with its root.
    public var path: String
    /// The errno, or `nil` when the bytes were read but made no sense.
    public var errno: Errno?
    /// What made no sense.
    public var detail: String

    /// Creates an error.
    public init(operation: Operation, path: String, errno: Errno?, detail: String = "") {
        self.operation = operation
        self.path = path
        self.errno = errno
        self.detail = detail
    }

    public var description: String {
        var text = "cannot \(operation.rawValue) \(path)"
        if let errno { text += ": \(errno)" }
        if !detail.isEmpty { text += ": \(detail)" }
        return text
    }

    /// True when a process vanished between listing and reading (ENOENT or ESRCH).
    public var isProcessGone: Bool {
        errno == .noSuchFile || errno == .noSuchProcess
    }

    /// True when the file does not exist.
    public var isMissing: Bool { errno == .noSuchFile }

    /// True when permission was refused.
    public var isPermission: Bool { errno == .permissionDenied || errno == .notPermitted }

    /// The error as a problem record for the snapshot.
    public var problem: SourceProblem {
        let kind: SourceProblem.Kind =
            isMissing ? .missing : isPermission ? .permission : errno == nil ? .malformed : .unreadable
        var message: String
        switch kind {
        case .missing: message = "not present"
        case .permission: message = "permission denied (run as root to read it)"
        default: message = description
        }
        if kind == .missing || kind == .permission, !detail.isEmpty { message += ": \(detail)" }
        return SourceProblem(source: path, kind: kind, message: message)
    }
}
