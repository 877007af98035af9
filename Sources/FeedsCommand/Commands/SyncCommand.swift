import ArgumentParser
import FeedsConfig
import Foundation
import Logging
import Removals
import Store
import Sync

struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch the feeds that are due, record provenance, and store their items.",
        discussion: """
            Only feeds whose interval has passed are fetched (the interval from feeds.yml, lengthened by \
            the feed's ttl, sy:updatePeriod, skipHours/skipDays and the server's Cache-Control, Expires \
            and Retry-After; failures back off exponentially up to a day), so cron can run it every few \
            minutes. Every fetch is a conditional GET; a 304 costs no parsing and no writes but the \
            schedule. Each feed is stored in one transaction: a sync killed at any moment leaves every \
            feed as it was before or after, never half-written. A feed answering 410 Gone is not \
            fetched again; a permanent redirect seen on two syncs in a row moves the feed.

            Output: one line per failed feed on standard error; then a summary line (feeds fetched, not \
            modified, failed; items new, updated, dropped by removal rules) unless --quiet and all is well.

            Items a removal request covers (feeds remove) are dropped before anything is stored: by \
            origin, URL, author, feed, or a fingerprint within 3 bits of a removed article. The rules \
            come from the removal ledger, so deleting the cache brings nothing back; a damaged ledger \
            line stops the sync.

            Exit status: 0 all due feeds synced; 1 an error before syncing (feed list, ledger, store); 2 some \
            feeds failed (the others were synced); 3 another sync holds the cache's lock for longer than --wait; \
            4 every due feed failed (with a summary line: the network, DNS or this machine is the likely cause). \
            With --publish, a site that cannot be written is exit status 1 (error: publish: …), after the sync.
            """)

    @OptionGroup var workspace: WorkspaceOptions

    @Option(name: .customLong("feed"), help: ArgumentHelp("Sync only this feed, due or not (repeatable).", valueName: "NAME"),
            completion: .custom(FeedNameCompletion.names))
    var feeds: [String] = []

    @Flag(help: "Fetch every feed now, whatever its schedule.")
    var force = false

    @Option(help: ArgumentHelp("Seconds to wait for another sync of the same cache to finish.", valueName: "SECONDS"))
    var wait: Double = 0

    @Flag(help: "Print nothing when all is well (failures are still reported on standard error).")
    var quiet = false

    @Flag(help: "Log each feed's result to standard error.")
    var verbose = false

    @Flag(help: "Then write the static site of feeds.yml's `publish:` block (feeds publish).")
    var publish = false

    static let exitFeedsFailed: Int32 = 2
    static let exitLocked: Int32 = 3
    static let exitAllFailed: Int32 = 4

    func validate() throws {
        if publish, let configuration = try? workspace.loadConfiguration(), configuration.publish == nil {
            throw ValidationError("--publish needs a `publish:` block in \(configuration.file.path) (see README, \"Publishing\")")
        }
    }

    func run() async throws {
        let configuration = try workspace.loadConfiguration()
        // With SQLite, one sync at a time per cache; a PostgreSQL store is shared through leases instead,
        // by any number of syncs on any machines.
        var lock: SyncLock?
        if configuration.store == nil {
            do {
                lock = try SyncLock(cache: configuration.cacheDirectory, wait: wait)
            } catch {
                throw CommandFailure(description: "\(error)")
            }
            guard lock != nil else {
                throw CommandFailure(description: "another feeds sync is running on \(configuration.cacheDirectory.path); waited \(Int(wait)) s (use --wait)",
                                     exitCode: Self.exitLocked)
            }
        }
        defer { withExtendedLifetime(lock) {} }
        let store = try workspace.openStore(configuration)
        // Rules come from the ledger, not the cache: a damaged ledger stops the sync before it stores anything.
        // With a shared store, requests recorded later on any machine are read again as each feed is stored.
        let ledger = WorkspaceOptions.ledger(configuration, store: store)
        let rules: RemovalRules
        do {
            let (records, sequence) = try ledger.synchronized()
            rules = RemovalRules(records: records, ledgerSequence: sequence)
        } catch {
            throw CommandFailure(description: error.description)
        }
        var logger = Logger(label: "feeds.sync") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .info : .error
        let runner = SyncRunner(configuration: configuration, store: store, rules: rules, logger: logger)
        let terminal = isatty(STDERR_FILENO) == 1 && !quiet
        let report: SyncReport
        do {
            report = try await runner.run(only: feeds, force: force) { done, total, name in
                guard terminal else { return }
                FileHandle.standardError.write(Data("\r\u{1B}[K[\(done)/\(total)] \(name)".utf8))
            }
        } catch {
            throw CommandFailure(description: "\(error)")
        }
        if terminal && report.due > 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        for failure in report.failures { FileHandle.standardError.write(Data("failed: \(failure)\n".utf8)) }
        let allWell = report.failures.isEmpty
        if !quiet {
            let configured = Set(configuration.feeds.map(\.name))
            for state in (try? store.feedStates()) ?? [] where configured.contains(state.name) {
                guard let original = state.duplicateOf, configured.contains(original) else { continue }
                FileHandle.standardError.write(Data(("warning: feed \(state.name) carries the same items as feed \(original) "
                    + "(the same feed subscribed twice?); every article is stored once per feed: remove one from feeds.yml\n").utf8))
            }
        }
        if !quiet || !allWell {
            for move in report.moved { CommandSupport.printLine("moved: \(move)") }
            CommandSupport.printLine(Self.summary(report))
        }
        // Published whatever some feeds did: the site shows what the store holds.
        if publish { try SitePublishing.publish(configuration, store: store, quiet: quiet) }
        if !allWell {
            let failed = report.failed + report.gone
            if failed == report.due {
                // Nothing got through: more likely the network or this machine than the feeds.
                FileHandle.standardError.write(Data("every due feed failed (\(failed) of \(report.due)): is the network down?\n".utf8))
                throw ExitCode(Self.exitAllFailed)
            }
            throw ExitCode(Self.exitFeedsFailed)
        }
    }

    static func summary(_ report: SyncReport) -> String {
        "\(report.due) due: \(report.fetched) fetched, \(report.notModified) not modified, \(report.failed + report.gone) failed; "
            + "items: \(report.itemsNew) new, \(report.itemsUpdated) updated, \(report.itemsDropped) dropped by removal rules"
    }
}
