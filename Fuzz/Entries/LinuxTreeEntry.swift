import WiredCore
import WiredLinux

/// A captured tree (`--root`): the input's files are written into a scratch folder, read as `wired snapshot`
/// reads a tree (system, every process with command lines, cgroups and open files, owners), then analysed.
///
/// This reaches what the per-file targets cannot: `wired-capture.txt`, hugepage folder names, memory blocks,
/// the firmware memory map, zram, zswap, `config.gz`, `wired-statfs.txt`, `/etc/passwd`, and the sums the reader
/// makes across files.
///
/// The input is a list of files, each a header line `@@ relative/path` followed by the file's bytes up to the
/// newline before the next header line (``TreeInput``).
enum LinuxTreeEntry {
    static func run(_ input: UnsafeBufferPointer<UInt8>) {
        guard let scratch = ScratchDirectory() else { return }
        write(input, into: scratch)
        let snapshot = read(LinuxReader(root: scratch.path))
        Analysis.run(snapshot)
        SnapshotSeeds.emit(snapshot, target: .linuxTree, input: input)
    }

    /// Makes the input's files in `scratch` (those whose path is not plain are left out).
    static func write(_ input: UnsafeBufferPointer<UInt8>, into scratch: ScratchDirectory) {
        for file in TreeInput.files(input) {
            scratch.write(file.components, UnsafeBufferPointer(rebasing: input[file.contents]))
        }
    }

    /// Everything a snapshot file holds, read as the `snapshot` command reads a tree.
    static func read(_ reader: LinuxReader) -> Snapshot {
        var snapshot = reader.readSystem()
        let options = ProcessReadOptions(commandLines: .eager, cgroups: true, openFiles: true, workers: 1)
        let result = reader.readProcesses(options, keepingHandles: false)
        snapshot.processes = result.scan
        snapshot.processes?.problems = result.problems
        var (owners, problems) = reader.readOwners(openFiles: result.openFiles, pageSize: snapshot.meta.pageSize)
        owners.problems = problems
        snapshot.owners = owners
        return snapshot
    }
}

/// The files of a ``LinuxTreeEntry`` input.
enum TreeInput {
    /// Most files one input may make.
    static let fileLimit = 512
    /// Most folders deep a path may be.
    static let depthLimit = 16

    /// One file: its path components and where its bytes lie in the input.
    struct File {
        var components: [String]
        var contents: Range<Int>
    }

    /// The files in `input`; bytes before the first header are ignored, and a header whose path is empty has
    /// no file.
    static func files(_ input: UnsafeBufferPointer<UInt8>) -> [File] {
        var files: [File] = []
        var header: (components: [String], contentStart: Int)?
        var lineStart = 0
        while lineStart <= input.count, files.count < fileLimit {
            let lineEnd = input[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? input.count
            if isHeader(input, at: lineStart) {
                if let open = header {
                    files.append(File(components: open.components, contents: open.contentStart..<lineStart))
                }
                let path = String(decoding: input[(lineStart + 3)..<lineEnd], as: UTF8.self)
                header = (path.split(separator: "/").map(String.init), min(lineEnd + 1, input.count))
            }
            lineStart = lineEnd + 1
        }
        if let open = header, files.count < fileLimit {
            files.append(File(components: open.components, contents: open.contentStart..<input.count))
        }
        return files.filter { !$0.components.isEmpty && $0.components.count <= depthLimit }
    }

    /// True when a header line (`@@ `) starts at `offset`.
    static func isHeader(_ input: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        offset + 3 <= input.count && input[offset] == UInt8(ascii: "@") && input[offset + 1] == UInt8(ascii: "@")
            && input[offset + 2] == UInt8(ascii: " ")
    }
}
