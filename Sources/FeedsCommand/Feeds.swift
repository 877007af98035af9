import ArgumentParser
import Foundation

/// The `feeds` command: subcommands for each job an operator or a checker does.
public struct Feeds: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "Aggregate RSS, Atom and JSON feeds, trace where their articles came from, and honour removal requests.",
        discussion: """
            Reads feeds.yml in the current folder (or --config PATH, or $FEEDS_CONFIG) and keeps its \
            state in cache/ beside it. Every command that prints records takes --format table, json, \
            jsonl or csv.

            Exit status: 0 success; 1 an error, reported as one "error:" line on standard error; \
            2 sync: some feeds failed; 3 sync: another sync holds the lock; 4 sync: every due feed \
            failed; 64 a usage error (a bad option or value, with one line saying what is expected).

            Shell completion: feeds --generate-completion-script bash|zsh|fish (feed names complete too).
            """,
        version: "0.1.0",
        subcommands: [SyncCommand.self, ItemsCommand.self, OriginsCommand.self, TraceCommand.self, CheckCommand.self, ParseCommand.self, PublishCommand.self, StatusCommand.self, ImportCommand.self, ExportOPMLCommand.self, RemoveCommand.self, RemovalsCommand.self, PruneCommand.self, StoreCommand.self])

    public init() {}

    /// Runs the command line, turning failures into one `error:` line and an exit status.
    public static func runMain(_ arguments: [String]? = nil) async -> Never {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch let failure as CommandFailure {
            CommandSupport.printError(failure.description)
            Foundation.exit(failure.exitCode)
        } catch {
            exit(withError: error)
        }
    }
}
