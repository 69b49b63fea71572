extension RedactionCorpus {
    /// The capture the corpus processes are added to.
    public static let baseFixture = "vm-6.18-processes"
    /// The pid of the first corpus process; the others follow in file order.
    public static let firstPID = 20_000

    /// The pid the entry at `index` runs as in ``tree()``.
    public static func pid(_ index: Int) -> Int { firstPID + index }

    /// A copy of ``baseFixture`` with one more process per entry, running the entry's command line.
    ///
    /// `/proc/PID/cmdline` holds the arguments, each ended by NUL as the kernel writes them; the other files
    /// are those of pid 4747 with the pid and name changed. The name is `c` and the entry's place (never
    /// taken from the arguments, which may hold a secret), except `qemu-system-x86` for a QEMU, so that
    /// owners sees a virtual machine.
    public func tree() throws -> TemporaryTree {
        let tree = try TemporaryTree(copying: Self.baseFixture)
        let template = "proc/4747"
        let stat = try tree.read("\(template)/stat")
        let status = try tree.read("\(template)/status")
        let others = try ["statm", "smaps_rollup", "cgroup"].map { ($0, try tree.read("\(template)/\($0)")) }
        for (index, entry) in entries.enumerated() {
            let pid = Self.pid(index)
            let folder = "proc/\(pid)"
            let isQEMU = entry.arguments.first?.hasPrefix("qemu-system") == true
            let name = isQEMU ? "qemu-system-x86" : "c\(index)"
            try tree.write("\(folder)/stat", stat.replacing("4747 (ordinary)", with: "\(pid) (\(name))"))
            try tree.write(
                "\(folder)/status",
                status.replacing("Name:\tordinary", with: "Name:\t\(name)").replacing("\t4747", with: "\t\(pid)")
            )
            for (name, text) in others { try tree.write("\(folder)/\(name)", text) }
            try tree.write("\(folder)/cmdline", entry.arguments.flatMap { Array($0.utf8) + [0] })
        }
        return tree
    }
}
