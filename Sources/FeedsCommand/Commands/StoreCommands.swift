import ArgumentParser
import FeedsConfig
import Foundation
import Removals
import Store

/// `feeds store …`: moving the store between backends.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "The store itself: copy the SQLite store of the cache into PostgreSQL.",
        subcommands: [Migrate.self])

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the SQLite store in the cache into a PostgreSQL store: feeds and their state, items with their provenance and store numbers, tombstones, the page cache; and the removal ledger into its table.",
            discussion: """
                The target is --to, else --store, $FEEDS_STORE or the config's `store:`. The copy is one \
                transaction and can be run again: what an earlier copy brought is left as it is. A database \
                holding items synced on their own is refused. The SQLite store is not changed.
                """)

        @OptionGroup var workspace: WorkspaceOptions

        @Option(help: ArgumentHelp("The PostgreSQL store to copy into (postgresql://user@host:port/db).", valueName: "URL"))
        var to: String?

        func run() throws {
            var configuration = try workspace.loadConfiguration()
            let target = try to.map { given -> PostgresAddress in
                guard let address = PostgresAddress(given) else {
                    throw CommandFailure(description: "--to must be a postgresql:// address (postgresql://user@host:5432/database)")
                }
                return address
            } ?? configuration.store.flatMap(PostgresAddress.init)
            guard let target else {
                throw CommandFailure(description: "no PostgreSQL store to copy into: give --to URL, or set `store:` in \(configuration.file.path)")
            }
            let file = configuration.cacheDirectory.appendingPathComponent("feeds.sqlite")
            guard FileManager.default.fileExists(atPath: file.path) else {
                throw CommandFailure(description: "no SQLite store in \(configuration.cacheDirectory.path) to copy (check --cache)")
            }
            let report: StoreCopy.Report
            do {
                let source = try SQLiteStore(path: file.path)
                let destination = try PostgresStore(target)
                report = try StoreCopy.copy(from: source, to: destination)
                // Every machine on the store must see the requests this cache's ledger holds.
                configuration.store = target.url
                _ = try WorkspaceOptions.ledger(configuration, store: destination).synchronized()
            } catch let error as RemovalError {
                throw CommandFailure(description: error.description)
            } catch {
                throw CommandFailure(description: "\(error)")
            }
            CommandSupport.printLine("copied \(report.feeds) feeds, \(report.items) items and \(report.tombstones) tombstones from \(file.path) "
                                     + "into \(target)" + (report.alreadyThere > 0 ? "; \(report.alreadyThere) were there from an earlier copy" : ""))
        }
    }
}
