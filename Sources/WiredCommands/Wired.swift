public import ArgumentParser
import WiredCore

/// The `wired` command: where every byte of RAM is, and what can never be paged out.
public struct Wired: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "wired",
        abstract: "Where every byte of RAM is, and what can never be paged out (\"wired\").",
        discussion: """
            With no subcommand, wired shows the ledger: installed RAM split into named buckets that add up \
            exactly, each marked free, reclaimable, compressed, wired or reserved, plus what nothing explains.
            """,
        version: WiredVersion.current,
        subcommands: [
            Status.self, Top.self, Watch.self, Owners.self, SnapshotCommand.self, Diff.self, Purge.self, Explain.self,
            Record.self, History.self, Grew.self, Serve.self, Metrics.self,
        ],
        defaultSubcommand: Status.self
    )

    public init() {}
}
