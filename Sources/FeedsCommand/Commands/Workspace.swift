import ArgumentParser
import FeedParser
import FeedsConfig
import Fetcher
import Foundation
import Removals
import Store
import Sync

/// Where a command finds feeds.yml and the cache (docs/cli.md).
struct WorkspaceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The feed list (default: $FEEDS_CONFIG, else feeds.yml in the current folder).", valueName: "PATH"))
    var config: String?

    @Option(help: ArgumentHelp("The state folder (default: the config's `cache:`, else cache/ beside it).", valueName: "DIR"))
    var cache: String?

    @Option(help: ArgumentHelp("A PostgreSQL store several machines share, as postgresql://user@host:port/db (default: $FEEDS_STORE, else the config's `store:`, else SQLite in the cache).",
                               valueName: "URL"))
    var store: String?

    var configPath: String {
        config ?? ProcessInfo.processInfo.environment["FEEDS_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? "feeds.yml"
    }

    func loadConfiguration() throws -> FeedsConfiguration {
        let url = URL(fileURLWithPath: configPath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CommandFailure(description: "no feed list at \(url.path); create one (see README, \"Configuration\") or pass --config PATH")
        }
        var configuration: FeedsConfiguration
        do {
            configuration = try ConfigurationReader.read(contentsOf: url)
        } catch {
            throw CommandFailure(description: error.description)
        }
        if let cache { configuration.cacheDirectory = URL(fileURLWithPath: cache) }
        if let address = try storeOverride() { configuration.store = address.url }
        return configuration
    }

    /// `--store`, else `$FEEDS_STORE`: a PostgreSQL address that overrides the config's `store:`.
    private func storeOverride() throws -> PostgresAddress? {
        let given = store ?? ProcessInfo.processInfo.environment["FEEDS_STORE"].flatMap { $0.isEmpty ? nil : $0 }
        guard let given else { return nil }
        guard let address = PostgresAddress(given) else {
            throw CommandFailure(description: "\(store != nil ? "--store" : "FEEDS_STORE") must be a postgresql:// address (postgresql://user@host:5432/database)")
        }
        return address
    }

    /// The fetcher's settings from feeds.yml's `defaults:` when there is a feed list, else the built-in ones.
    func fetcherConfiguration() throws -> FetcherConfiguration {
        try loadConfigurationIfPresent().map { FetcherConfiguration($0.defaults) } ?? FetcherConfiguration()
    }

    /// How long a verified page is not fetched again: feeds.yml's `defaults.verify_interval`, else a week.
    func verifyInterval() throws -> TimeInterval {
        try loadConfigurationIfPresent()?.defaults.verifyInterval ?? FeedDefaults().verifyInterval
    }

    /// The configuration when there is a feed list to read, else nil.
    func loadConfigurationIfPresent() throws -> FeedsConfiguration? {
        FileManager.default.fileExists(atPath: configPath) ? try loadConfiguration() : nil
    }

    /// The store for a command that only reads: it must exist already, so that a
    /// mistyped --cache or a feed list never synced is an error, not an empty
    /// result, and no folder or store is created for it.
    func openExistingStore(_ configuration: FeedsConfiguration) throws -> any PurgeableStore {
        guard storeExists(configuration) else {
            throw CommandFailure(description: "no store in \(configuration.cacheDirectory.path) yet: run `feeds sync` first (or check --cache)")
        }
        return try openStore(configuration)
    }

    /// Whether a sync has made a store in the cache folder yet (a PostgreSQL store is always there: its server holds it).
    func storeExists(_ configuration: FeedsConfiguration) -> Bool {
        configuration.store != nil || FileManager.default.fileExists(atPath: configuration.cacheDirectory.appendingPathComponent("feeds.sqlite").path)
    }

    /// Opens the store and first carries out every removal request on the
    /// ledger that it has not carried out yet (an interrupted `remove`, a
    /// deleted cache): nothing a request covers is ever shown or kept.
    func openStore(_ configuration: FeedsConfiguration) throws -> any PurgeableStore {
        let store: any PurgeableStore
        do {
            if let address = configuration.store.flatMap(PostgresAddress.init) {
                store = try PostgresStore(address)
            } else {
                store = try SQLiteStore.open(inCache: configuration.cacheDirectory)
            }
        } catch {
            throw CommandFailure(description: "\(error)")
        }
        do {
            let desk = RemovalDesk(ledger: Self.ledger(configuration, store: store), store: store)
            for (request, purged) in try desk.carryOutPending() where purged > 0 {
                FileHandle.standardError.write(Data("feeds: carried out removal request \(request), which had not been: \(purged) stored items purged\n".utf8))
            }
        } catch {
            throw CommandFailure(description: "\(error)")
        }
        return store
    }
}

extension WorkspaceOptions {
    /// The removal ledger: the file, and with a PostgreSQL store the store's table too (every machine's requests).
    static func ledger(_ configuration: FeedsConfiguration, store: (any FeedStore)?) -> RemovalLedger {
        RemovalLedger(file: configuration.removalsLedger, shared: store as? any SharedLedgerStore)
    }

    /// The ledger for a command that has not opened the store: a PostgreSQL store is opened for its table.
    func ledger(_ configuration: FeedsConfiguration) throws -> RemovalLedger {
        guard configuration.store != nil else { return Self.ledger(configuration, store: nil) }
        return Self.ledger(configuration, store: try openStore(configuration))
    }
}

enum DisplayDate {
    /// Tables show minutes in UTC; machine formats carry full ISO 8601.
    static func short(_ date: Date?) -> String {
        date.map { minutes(ISO8601Formatting.string(from: $0)) } ?? ""
    }

    /// `2026-11-28T14:00:00Z` → `2026-11-28 14:00`; anything else unchanged.
    static func minutes(_ iso: String) -> String {
        guard iso.count >= 16, iso.dropFirst(10).first == "T" else { return iso }
        return iso.prefix(10) + " " + iso.dropFirst(11).prefix(5)
    }
}
