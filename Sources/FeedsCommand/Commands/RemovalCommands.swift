import ArgumentParser
import FeedModel
import FeedParser
import FeedsConfig
import FeedDocuments
import Foundation
import Removals
import Store
import Sync

struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Record a removal request and carry it out, now and in the future.",
        discussion: """
            Give exactly one scope. What each reaches (docs/removals.md):
              --origin SITE   every item whose origin is SITE, in every feed, and its copies; later syncs keep out \
            anything from SITE and those articles anywhere.
              --url URL       the article at URL (an item's link or its original's) and every copy of it.
              --author NAME --origin SITE   that author's articles from SITE, and their copies.
              --feed NAME     what feed NAME carried, nothing of other feeds (the original of a copy stays); later \
            syncs store nothing of NAME. A feed deleted from feeds.yml but still stored can be named.
              --item ID       one stored item (store number, guid or URL, as `trace` takes it) and its article everywhere.

            The request is first appended to the removal ledger (removals.jsonl beside feeds.yml, outside the \
            cache) and synced to disk, with stable identities of what it covers (feed and guid, URLs, \
            fingerprints); then every stored copy in scope loses everything a person wrote (title, summary, \
            content, text, authors, notices, signals). A tombstone keeps ids, URLs, origin, fingerprint and \
            the request id. A request that matches nothing stored is refused unless --future-only. Should the \
            command be interrupted after the record, the next feeds command that opens the store carries out \
            the purge. --dry-run lists what would go, by feed. Waits up to a minute for a running sync. \
            When feeds.yml has a `publish:` block, the site is published again at once, without the items.

            Exit status: 0 done (or shown, with --dry-run); 1 no scope, several scopes, a malformed site \
            or URL, an unknown feed, nothing stored matching (without --future-only), an unwritable or \
            damaged ledger: nothing recorded, nothing purged; or, after the removal was recorded and carried \
            out, a site that could not be published again (error: publish: …).
            """)

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: ArgumentHelp("Everything whose origin is this site, in every feed, and its copies.", valueName: "SITE"))
    var origin: String?

    @Option(help: ArgumentHelp("One article (its URL or its original's) and every copy of it.", valueName: "URL"))
    var url: String?

    @Option(help: ArgumentHelp("One author's articles (with --origin).", valueName: "NAME"))
    var author: String?

    @Option(help: ArgumentHelp("What this feed carried, and nothing of other feeds.", valueName: "NAME"),
            completion: .custom(FeedNameCompletion.names))
    var feed: String?

    @Option(help: ArgumentHelp("One stored item and its article wherever it appears.", valueName: "ID"))
    var item: String?

    @Option(name: .customLong("requested-by"), help: ArgumentHelp("Who asked (required).", valueName: "WHO"))
    var requestedBy: String

    @Option(help: ArgumentHelp("Why, in their words.", valueName: "TEXT"))
    var reason: String?

    @Option(help: ArgumentHelp("Their reference, e.g. a notice number.", valueName: "TEXT"))
    var reference: String?

    @Flag(name: .customLong("dry-run"), help: "Show what would be removed, by feed; record and change nothing.")
    var dryRun = false

    @Flag(name: .customLong("future-only"), help: "Record the request even though nothing stored matches it yet (an article not yet seen).")
    var futureOnly = false

    @Option(help: "Output format of the list of items: table, json, jsonl or csv.")
    var format: OutputFormat = .table

    func run() throws {
        let configuration = try workspace.loadConfiguration()
        let scope: RemovalScope
        do {
            guard !requestedBy.trimmingCharacters(in: .whitespaces).isEmpty else { throw RemovalError("--requested-by is empty") }
            scope = try RemovalScope.parse(origin: origin, url: url, author: author, feed: feed, item: item)
            // A feed deleted from feeds.yml whose items are still stored can be named too.
            if case .feed(let name) = scope, configuration.feed(named: name) == nil,
               (try? workspace.openStore(configuration).feedStates().contains { $0.name == name }) != true {
                throw RemovalError("no feed named \"\(name)\" in \(configuration.file.path) or in the store")
            }
        } catch {
            throw CommandFailure(description: "\(error)")
        }
        // With SQLite, not while a sync writes the cache; a PostgreSQL store orders removals and syncs itself
        // (the ledger's table lock: a request waits for the feeds being stored, and every later one sees it).
        var lock: SyncLock?
        if configuration.store == nil {
            do {
                lock = try SyncLock(cache: configuration.cacheDirectory, wait: 60)
            } catch {
                throw CommandFailure(description: "\(error)")
            }
            guard lock != nil else { throw CommandFailure(description: "a feeds sync has held \(configuration.cacheDirectory.path) for a minute; try again") }
        }
        defer { withExtendedLifetime(lock) {} }
        let store = try workspace.openStore(configuration)
        let desk = RemovalDesk(ledger: WorkspaceOptions.ledger(configuration, store: store), store: store)
        do {
            if dryRun {
                let candidates = try desk.plan(scope)
                let byFeed = Dictionary(grouping: candidates, by: \.feed).map { "\($0.key) \($0.value.count)" }.sorted()
                CommandSupport.printLine("would remove \(candidates.count) stored items for \(scope.description)"
                                         + (byFeed.isEmpty ? "" : " (by feed: \(byFeed.joined(separator: ", ")))")
                                         + " (dry run: nothing recorded or changed)")
                Self.printCopies(candidates.map { PurgedCopy(feed: $0.feed, id: $0.id, url: $0.link, originURL: $0.originURL, originSite: $0.originSite,
                                                             fingerprint: $0.fingerprint.description) }, format: format)
                return
            }
            let record = try desk.remove(scope, requestedBy: requestedBy, reason: reason, reference: reference, futureOnly: futureOnly)
            CommandSupport.printLine("request \(record.id): removed \(record.purged?.count ?? 0) stored items for \(scope.description); "
                                     + "recorded in \(configuration.removalsLedger.path); future syncs keep it out")
        } catch {
            throw CommandFailure(description: "\(error)")
        }
        // The public site drops the items in the same command.
        if configuration.publish != nil { try SitePublishing.publish(configuration, store: desk.store, quiet: false) }
    }

    static func json(_ copy: PurgedCopy) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("feed", copy.feed)
        object.add("id", copy.id)
        object.add("url", copy.url)
        object.add("origin_url", copy.originURL)
        object.add("origin_site", copy.originSite)
        object.add("fingerprint", copy.fingerprint)
        return object.value
    }

    static func printCopies(_ copies: [PurgedCopy], format: OutputFormat, request: String? = nil) {
        guard !copies.isEmpty else { return }
        // By feed, so that what each feed gives up reads at a glance.
        let records = copies.sorted { ($0.feed, $0.id) < ($1.feed, $1.id) }.map { copy -> JSONValue in
            guard let request, case .object(let members) = json(copy) else { return json(copy) }
            return .object([("request", .string(request))] + members)
        }
        var columns = [RecordColumn("feed", "feed", maximumWidth: 20), RecordColumn("id", "id", maximumWidth: 40),
                       RecordColumn("url", "url", maximumWidth: 60), RecordColumn("origin url", "origin_url", maximumWidth: 60)]
        if request != nil { columns.insert(RecordColumn("request", "request", maximumWidth: 30), at: 0) }
        CommandSupport.printLine(RecordOutput(columns: columns, records: records).rendered(as: format))
    }
}

struct RemovalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "removals",
        abstract: "The removal requests on record: list, show one, revoke one.",
        subcommands: [List.self, Show.self, Revoke.self],
        defaultSubcommand: List.self)

    static func ledger(_ workspace: WorkspaceOptions) throws -> (RemovalLedger, [LedgerRecord]) {
        let configuration = try workspace.loadConfiguration()
        let ledger = try workspace.ledger(configuration)
        do {
            return (ledger, try ledger.records())
        } catch {
            throw CommandFailure(description: error.description)
        }
    }

    static func json(_ record: LedgerRecord, revocation: LedgerRecord?) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("id", record.id)
        object.add("time", ISO8601Formatting.string(from: record.time))
        object.add("scope", record.scope?.description)
        object.add("requested_by", record.requestedBy)
        object.add("reason", record.reason)
        object.add("reference", record.reference)
        object.add("purged", record.purged?.count ?? 0)
        object.add("state", revocation == nil ? "active" : "revoked")
        if let revocation {
            object.add("revoked_at", ISO8601Formatting.string(from: revocation.time))
            object.add("revoked_by", revocation.requestedBy)
        }
        return object.value
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every request: id, time, scope, who asked, items purged, active or revoked.")

        @OptionGroup var workspace: WorkspaceOptions

        @Option(help: "Output format: table, json, jsonl or csv.")
        var format: OutputFormat = .table

        func run() throws {
            let (_, records) = try RemovalsCommand.ledger(workspace)
            let revocations = Dictionary(records.filter { $0.kind == .revocation }.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let rows = records.filter { $0.kind == .request }.map { RemovalsCommand.json($0, revocation: revocations[$0.id]) }
            let columns = [
                RecordColumn("id", "id", maximumWidth: 30), RecordColumn("time", "time", isTime: true), RecordColumn("scope", "scope", maximumWidth: 40),
                RecordColumn("requested by", "requested_by", maximumWidth: 30), RecordColumn("purged", "purged", maximumWidth: 7),
                RecordColumn("state", "state", maximumWidth: 8),
            ]
            RecordOutput(columns: columns, records: rows).print(as: format)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One request and every stored item it removed.")

        @OptionGroup var workspace: WorkspaceOptions

        @Argument(help: ArgumentHelp("The request id.", valueName: "ID"))
        var id: String

        @Option(help: "Output format: table, json, jsonl or csv.")
        var format: OutputFormat = .table

        func run() throws {
            let (_, records) = try RemovalsCommand.ledger(workspace)
            guard let record = records.first(where: { $0.kind == .request && $0.id == id }) else {
                throw CommandFailure(description: "no removal request \(id)")
            }
            let revocation = records.first { $0.kind == .revocation && $0.id == id }
            switch format {
            case .table:
                if case .object(let members) = RemovalsCommand.json(record, revocation: revocation) {
                    for (key, value) in members { CommandSupport.printLine("\(key): \(RecordColumn(key, key).cell(of: .object([(key, value)])))") }
                }
                CommandSupport.printLine("")
                RemoveCommand.printCopies(record.purged ?? [], format: .table)
            case .csv:
                // One row per purged copy, each with the request it belongs to.
                RemoveCommand.printCopies(record.purged ?? [], format: .csv, request: record.id)
            case .json, .jsonl:
                guard case .object(var members) = RemovalsCommand.json(record, revocation: revocation) else { return }
                members.removeAll { $0.0 == "purged" }
                members.append(("purged", .array((record.purged ?? []).map(RemoveCommand.json))))
                CommandSupport.printLine(JSONValue.object(members).serialized(pretty: format == .json))
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop a request's rule from now on.",
            discussion: "Purged content is not restored; a later sync may store the article again if a feed still carries it.")

        @OptionGroup var workspace: WorkspaceOptions

        @Argument(help: ArgumentHelp("The request id.", valueName: "ID"))
        var id: String

        @Option(name: .customLong("requested-by"), help: ArgumentHelp("Who asked to revoke it (required).", valueName: "WHO"))
        var requestedBy: String

        @Option(help: ArgumentHelp("Why.", valueName: "TEXT"))
        var reason: String?

        func run() throws {
            let configuration = try workspace.loadConfiguration()
            let store = try workspace.openStore(configuration)
            let desk = RemovalDesk(ledger: WorkspaceOptions.ledger(configuration, store: store), store: store)
            do {
                let record = try desk.revoke(id, requestedBy: requestedBy, reason: reason)
                CommandSupport.printLine("request \(record.id) revoked: its rule no longer applies; purged content stays purged")
            } catch {
                throw CommandFailure(description: "\(error)")
            }
        }
    }
}
