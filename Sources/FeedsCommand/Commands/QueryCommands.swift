import ArgumentParser
import FeedModel
import FeedParser
import FeedDocuments
import Foundation
import FeedsConfig
import Fetcher
import Provenance
import Removals
import Store
import Sync
import Verify

/// A stored item as docs/cli.md prints it: the feed-json item shape plus
/// `feed`, `first_seen`, and `unattributed` when it is.
enum StoredItemDocument {
    static func json(_ stored: StoredItem) -> JSONValue {
        guard case .object(let members) = FeedDocument.item(stored.item, provenance: stored.provenance) else { return .null }
        var object = JSONObjectBuilder()
        object.add("store_id", stored.storeID)
        for (key, value) in members { object.add(key, value) }
        object.add("feed", stored.feed)
        object.add("first_seen", ISO8601Formatting.string(from: stored.firstSeen))
        if stored.unattributed { object.add("unattributed", true) }
        if let removal = stored.removal {
            var removed = JSONObjectBuilder()
            removed.add("at", ISO8601Formatting.string(from: removal.at))
            removed.add("request", removal.request)
            object.add("removed", removed.value)
        }
        return object.value
    }

    static let columns = [
        RecordColumn("published", "published", maximumWidth: 16, isTime: true), RecordColumn("feed", "feed", maximumWidth: 20),
        RecordColumn("origin", "provenance", "origin", "site", maximumWidth: 24), RecordColumn("method", "provenance", "method", maximumWidth: 17),
        RecordColumn("title", "title", maximumWidth: 50), RecordColumn("link", "link", maximumWidth: 60),
    ]
}

struct ItemsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "items",
        abstract: "List stored items, newest first.",
        discussion: """
            Filters combine (all must hold). --origin and --republisher take a site: its registrable \
            domain, so www. and subdomains fold in (news.example.co.uk is example.co.uk). --search takes \
            words (all must appear, in titles or text, matched by stem: "fines" finds "fined"), `word*` \
            for a prefix and "quoted phrases". At most --limit items are shown (default 50; --all for \
            every one), from --offset on; on a terminal a line on standard error says when more match.

            Exit status: 0 listed (possibly none); 1 no store yet, or no feed of that name; 64 a bad \
            option value.
            """)

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: ArgumentHelp("Items whose origin is this site.", valueName: "SITE"))
    var origin: SiteArgument?

    @Option(help: ArgumentHelp("Items carried by this site.", valueName: "SITE"))
    var republisher: SiteArgument?

    @Option(help: ArgumentHelp("Items of this feed (its name in feeds.yml, or an unsubscribed one still stored).", valueName: "NAME"),
            completion: .custom(FeedNameCompletion.names))
    var feed: String?

    @Option(help: ArgumentHelp("Items published (or first seen) on or after this date: 2026-11-01 or a full ISO 8601 time.", valueName: "DATE"))
    var since: DateArgument?

    @Option(help: ArgumentHelp("Words to find: all of them, by stem; word* for a prefix; \"a phrase\".", valueName: "WORDS"))
    var search: String?

    @Flag(help: "Only later copies of an article that carry no attribution.")
    var unattributed = false

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("At most this many items (default 50).", valueName: "N"))
    var limit: CountArgument?

    @Flag(help: "Every matching item, however many.")
    var all = false

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Skip this many matching items first.", valueName: "N"))
    var offset: CountArgument?

    @Option(help: "Output format: table, json, jsonl or csv.")
    var format: OutputFormat = .table

    func validate() throws {
        if all && limit != nil { throw ValidationError("give --limit or --all, not both") }
    }

    func run() throws {
        let configuration = try workspace.loadConfiguration()
        let store = try workspace.openExistingStore(configuration)
        if let feed { try FeedNames.require(feed, in: configuration, store: store) }
        let limit = all ? Int.max : (self.limit?.value ?? 50)
        var query = ItemQuery(feed: feed, search: search, unattributedOnly: unattributed, limit: limit == Int.max ? -1 : limit)
        query.originSite = origin?.site
        query.republisherSite = republisher?.site
        query.since = since?.date
        query.offset = offset?.value ?? 0
        let items = try store.items(query)
        RecordOutput(columns: StoredItemDocument.columns, records: items.map(StoredItemDocument.json)).print(as: format)
        if !all, items.count == limit, isatty(STDERR_FILENO) == 1 {
            var counting = query
            counting.limit = -1
            counting.offset = 0
            let total = try store.itemCount(counting)
            if total > limit + query.offset {
                FileHandle.standardError.write(Data("showing \(limit) of \(total) (use --limit, --offset or --all)\n".utf8))
            }
        }
    }
}

struct OriginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "origins",
        abstract: "One row per origin site: articles, copies, first and last seen, republishers, rights notice, items removed.",
        discussion: """
            `articles` counts distinct articles (an original and its copies count once), `copies` every stored \
            copy, the original's own included. The rights notice is the origin's own (from its feed) when one \
            was found, else one a republisher's footer names it in; `rights_source` says which. Removed items \
            are never shown; `removed` counts what removal requests purged for the site, from the ledger too, \
            so a deleted cache does not reset it.
            """)

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "Output format: table, json, jsonl or csv.")
    var format: OutputFormat = .table

    func run() throws {
        let configuration = try workspace.loadConfiguration()
        let store = try workspace.openExistingStore(configuration)
        var origins = try store.origins()
        // Removals are counted from the ledger too, so that a deleted cache does not reset them.
        let removedBySite = try RemovalLedgerQueries.purgedArticles(WorkspaceOptions.ledger(configuration, store: store))
        for (site, count) in removedBySite {
            if let index = origins.firstIndex(where: { $0.site == site }) {
                origins[index].removed = max(origins[index].removed, count)
            } else {
                origins.append(OriginSummary(site: site, items: 0, firstSeen: .distantPast, lastSeen: .distantPast, republishers: [],
                                             rightsNotice: nil, removed: count))
            }
        }
        let records = origins.map { origin -> JSONValue in
            var object = JSONObjectBuilder()
            object.add("site", origin.site)
            object.add("articles", origin.articles)
            object.add("copies", origin.items)
            if origin.firstSeen != .distantPast {
                object.add("first_seen", ISO8601Formatting.string(from: origin.firstSeen))
                object.add("last_seen", ISO8601Formatting.string(from: origin.lastSeen))
            }
            object.add("republishers", array: origin.republishers.map { .string($0) }, always: true)
            object.add("rights_notice", origin.rightsNotice)
            object.add("rights_source", origin.rightsSource)
            object.add("removed", origin.removed)
            return object.value
        }
        let columns = [
            RecordColumn("site", "site", maximumWidth: 30), RecordColumn("articles", "articles", maximumWidth: 8),
            RecordColumn("copies", "copies", maximumWidth: 6),
            RecordColumn("first seen", "first_seen", isTime: true), RecordColumn("last seen", "last_seen", isTime: true),
            RecordColumn("republishers", "republishers", maximumWidth: 40), RecordColumn("rights", "rights_notice", maximumWidth: 40),
            RecordColumn("rights from", "rights_source", maximumWidth: 18), RecordColumn("removed", "removed", maximumWidth: 7),
        ]
        RecordOutput(columns: columns, records: records).print(as: format)
    }
}

struct TraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "The whole chain for one item: republisher, item, origin, rights, every signal, every other copy.",
        discussion: """
            ITEM is a stored item's number (as `items --format json` shows in `store_id`), its feed id \
            (guid), its URL, or the URL of its original article. Other copies are the items of other \
            feeds with the same text (fingerprint within 3 bits) or pointing at the same original.

            With --verify, the item's page and its original's are fetched and read as `check --verify` \
            does, and what they say is stored with the item; an item verified less than \
            `defaults.verify_interval` ago (a week unless feeds.yml says otherwise) is not fetched again.

            Exit status: 0 found; 1 no stored item matches.
            """)

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: ArgumentHelp("The item: number, id, URL or origin URL.", valueName: "ITEM"))
    var item: String

    @Option(help: "Output format: table, json, jsonl or csv.")
    var format: OutputFormat = .table

    @Flag(help: "Fetch the item's page and its original's, check the text, and store what they say.")
    var verify = false

    func run() async throws {
        let configuration = try workspace.loadConfiguration()
        let storeExists = workspace.storeExists(configuration)
        let store = storeExists ? try workspace.openStore(configuration) : nil
        guard var trace = try store?.trace(item) else {
            // Not stored (a cache deleted since, or never synced again): the ledger still knows what was removed.
            if let (request, copy) = try RemovalLedgerQueries.removal(of: item, WorkspaceOptions.ledger(configuration, store: store)) {
                Self.printRemoved(request: request, copy: copy, format: format)
                return
            }
            throw CommandFailure(description: storeExists ? "no stored item matches \"\(item)\""
                                 : "no store in \(configuration.cacheDirectory.path) yet, and no removal request names \"\(item)\": run `feeds sync` first")
        }
        if verify, let store, trace.item.removal == nil {
            let interval = configuration.defaults.verifyInterval
            if let earlier = trace.item.provenance.verification, Date().timeIntervalSince(earlier.checked) < interval {
                FileHandle.standardError.write(Data("verified \(DisplayDate.short(earlier.checked)) UTC, within verify_interval: not fetched again\n".utf8))
            } else {
                let verified = await Verifier(configuration: FetcherConfiguration(configuration.defaults), cache: .backed(by: store), interval: interval)
                    .verify([trace.item.item], [trace.item.provenance])
                do {
                    try store.updateProvenance(of: trace.item.storeID, to: verified[0])
                } catch {
                    throw CommandFailure(description: "\(error)")
                }
                trace.item.provenance = verified[0]
                CommandSupport.warnIfContradicted(verified[0], item: trace.item.item.link ?? trace.item.item.id)
            }
        }
        switch format {
        case .table:
            CommandSupport.printLine(Self.text(trace))
        case .json, .jsonl, .csv:
            var object = JSONObjectBuilder()
            if case .object(let members) = StoredItemDocument.json(trace.item) { for (key, value) in members { object.add(key, value) } }
            object.add("copies", array: trace.copies.map { copy in
                var entry = JSONObjectBuilder()
                if case .object(let members) = StoredItemDocument.json(copy) { for (key, value) in members { entry.add(key, value) } }
                entry.add("fingerprint_distance", trace.item.provenance.fingerprint.distance(to: copy.provenance.fingerprint))
                return entry.value
            }, always: true)
            let record = object.value
            if format == .csv {
                CommandSupport.printLine(RecordOutput(columns: StoredItemDocument.columns, records: [record] + trace.copies.map(StoredItemDocument.json)).rendered(as: .csv))
            } else {
                CommandSupport.printLine(record.serialized(pretty: format == .json))
            }
        }
    }

    /// What the ledger keeps of a removed article: where it was, never what it said.
    static func printRemoved(request: LedgerRecord, copy: PurgedCopy, format: OutputFormat) {
        var object = JSONObjectBuilder()
        object.add("id", copy.id)
        object.add("feed", copy.feed)
        object.add("link", copy.url)
        object.add("origin_url", copy.originURL)
        object.add("origin_site", copy.originSite)
        object.add("removed_at", ISO8601Formatting.string(from: request.time))
        object.add("removal_request", request.id)
        switch format {
        case .table:
            CommandSupport.printLine("""
                \(copy.url ?? copy.id) (feed \(copy.feed))
                  REMOVED:     \(DisplayDate.short(request.time)) UTC by request \(request.id) (feeds removals show \(request.id)); feeds keeps none of its text
                  origin:      \(copy.originURL ?? "(no article URL)")\(copy.originSite.map { " on \($0)" } ?? "")
                """)
        case .csv:
            CommandSupport.printLine(RecordOutput(columns: StoredItemDocument.columns + [RecordColumn("request", "removal_request")],
                                                  records: [object.value]).rendered(as: .csv))
        case .json, .jsonl:
            CommandSupport.printLine(object.value.serialized(pretty: format == .json))
        }
    }

    static func text(_ trace: ItemTrace) -> String {
        let stored = trace.item
        let record = stored.provenance
        var lines = ["item \(stored.storeID) of feed \(stored.feed): \(stored.item.title ?? (stored.removal == nil ? "(untitled)" : "(removed)"))"]
        if let removal = stored.removal {
            lines.append("  REMOVED:     \(DisplayDate.short(removal.at)) UTC by request \(removal.request) (feeds removals show \(removal.request)); only this tombstone is kept")
        }
        if let link = stored.item.link { lines.append("  link:        \(link)") }
        lines.append("  first seen:  \(DisplayDate.short(stored.firstSeen)) UTC")
        if let republisher = record.republisher {
            var line = "  republisher: \(republisher.site ?? "?")"
            if let feed = republisher.feedURL { line += " (feed \(feed))" }
            if let contact = republisher.removalContact { line += "; removal contact: \(contact)" }
            lines.append(line)
        }
        var origin = "  origin:      \(record.origin.url ?? "(no article URL)")"
        if let site = record.origin.site { origin += " on \(site)" }
        if let name = record.origin.name { origin += " (\(name))" }
        lines.append(origin)
        lines.append("  decided by:  \(record.method.rawValue), confidence \(String(format: "%.2f", record.confidence))"
                     + (stored.unattributed ? "; this copy carries no attribution" : ""))
        if let rights = record.rights {
            var line = "  rights:      \(rights.notice ?? "(no notice)")"
            if let holder = rights.holder { line += "; holder \(holder)" }
            if let license = rights.license { line += "; licence \(license)" }
            if rights.inherited { line += " [inherited from the carrying feed]" }
            lines.append(line)
        } else {
            lines.append("  rights:      (none found)")
        }
        if let author = record.author { lines.append("  author:      \(author)") }
        if let verification = record.verification {
            lines.append("  verified:    \(verification.status.rawValue) at \(verification.url) (\(DisplayDate.short(verification.checked)) UTC): \(verification.detail)")
        }
        lines.append("  fingerprint: \(record.fingerprint)")
        lines.append("  signals (\(record.signals.count)):")
        for signal in record.signals {
            lines.append("    \(signal.kind): \(signal.value)" + (signal.evidence.map { " — \"\($0)\"" } ?? ""))
        }
        lines.append("  other copies (\(trace.copies.count)):")
        for copy in trace.copies {
            let distance = record.fingerprint.distance(to: copy.provenance.fingerprint)
            lines.append("    item \(copy.storeID) of feed \(copy.feed): \(copy.item.link ?? copy.item.id) (fingerprint distance \(distance), "
                         + "\(copy.provenance.method.rawValue)\(copy.unattributed ? ", unattributed" : ""))")
        }
        return lines.joined(separator: "\n")
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Per feed: last fetch, HTTP result, validators held, next due time, consecutive failures, items, and the sync worker holding it.")

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "Output format: table, json, jsonl or csv.")
    var format: OutputFormat = .table

    func run() throws {
        let configuration = try workspace.loadConfiguration()
        // Without a store (never synced, or a mistyped --cache) every feed is simply never fetched: nothing is created.
        let storeExists = workspace.storeExists(configuration)
        let stored = storeExists ? try workspace.openStore(configuration).registerFeeds(configuration.feeds.map { ($0.name, $0.url) }) : []
        let configured = Set(configuration.feeds.map(\.name))
        // In feeds.yml's order, then the unsubscribed ones still stored.
        let byName = Dictionary(stored.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let states = configuration.feeds.map { byName[$0.name] ?? FeedState(name: $0.name, configuredURL: $0.url, currentURL: $0.url) }
            + stored.filter { !configured.contains($0.name) }
        let records = states.map { state -> JSONValue in
            var object = JSONObjectBuilder()
            object.add("feed", state.name)
            if !configured.contains(state.name) {
                // Unsubscribed: its items stay queryable until `feeds prune --feed NAME`.
                object.add("subscription", "removed from feeds.yml")
            }
            object.add("duplicate_of", state.duplicateOf)
            object.add("url", state.currentURL)
            if state.currentURL != state.configuredURL { object.add("configured_url", state.configuredURL) }
            object.add("moved_from", state.movedFrom)
            object.add("last_fetch", state.lastFetched.map(ISO8601Formatting.string(from:)))
            object.add("http_status", state.lastStatus)
            object.add("result", configured.contains(state.name) ? state.lastResult ?? "never fetched"
                                                                  : "removed from feeds.yml; items kept (feeds prune --feed \(state.name))")
            object.add("etag", state.validators.etag)
            object.add("last_modified", state.validators.lastModified)
            object.add("validators", [state.validators.etag == nil ? nil : "etag", state.validators.lastModified == nil ? nil : "last-modified"]
                .compactMap { $0 }.joined(separator: "+"))
            object.add("next_due", state.isGone ? "never (gone)" : state.nextDue.map(ISO8601Formatting.string(from:)) ?? "now")
            object.add("consecutive_failures", state.consecutiveFailures)
            object.add("items", state.itemCount)
            // A PostgreSQL store shared by several syncs: which worker holds the feed now, since when, until when.
            if let lease = state.lease {
                object.add("leased_by", lease.worker)
                object.add("leased_since", ISO8601Formatting.string(from: lease.since))
                object.add("lease_until", ISO8601Formatting.string(from: lease.until))
            }
            return object.value
        }
        var columns = [
            RecordColumn("feed", "feed", maximumWidth: 24), RecordColumn("url", "url", maximumWidth: 48),
            RecordColumn("last fetch", "last_fetch", isTime: true),
            RecordColumn("http", "http_status", maximumWidth: 4), RecordColumn("result", "result", maximumWidth: 36),
            RecordColumn("validators", "validators", maximumWidth: 18), RecordColumn("next due", "next_due", isTime: true),
            RecordColumn("failures", "consecutive_failures", maximumWidth: 8), RecordColumn("items", "items", maximumWidth: 7),
            RecordColumn("duplicate of", "duplicate_of", maximumWidth: 20),
        ]
        if states.contains(where: { $0.lease != nil }) {
            columns += [RecordColumn("leased by", "leased_by", maximumWidth: 32), RecordColumn("since", "leased_since", isTime: true)]
        }
        RecordOutput(columns: columns, records: records).print(as: format)
    }
}
