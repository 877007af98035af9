import ArgumentParser
import FeedModel
import FeedParser
import FeedDocuments
import Foundation
import Provenance
import Removals
import Store
import Verify

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Report, per item of one feed, whether it is original or republished, and whose it is.",
        discussion: """
            Reads one feed from a URL (fetched once, politely: the same user agent, limits and \
            redirect rules as sync), from FILE, or from standard input for -, without storing anything, \
            and prints per item: original or republished, the origin site and article, the rights \
            notice, the author, how feeds decided (method and confidence), and, when a store exists \
            beside the feed list, the copies of the same article we hold (`held`; in JSON `copies_held`, \
            each with its feed and status: original, attributed or unattributed); an item that names no \
            origin, of which we hold the original elsewhere, is a `copy (unattributed)` with that origin. \
            Items a removal request covers are `removed`, with the request id. The table ends with a \
            summary line: items, republished items, origin sites, and items with no rights notice \
            of their own (a republisher's channel notice does not count for what it republished). \
            With --format json, jsonl or csv the records go to standard output and the summary line \
            to standard error.

            With --verify, each item's page and the page of its claimed original are fetched (robots.txt \
            honoured, at most two transfers per host) and read: a canonical link, og: and article: \
            tags, author, copyright and licence metadata, and JSON-LD (Article, NewsArticle, \
            BlogPosting) become signals; a canonical link on the republisher's page to another site \
            names the origin when the feed did not; and the original page's article text is compared \
            with the item's: `verified` is same-text, different-text (the claim is contradicted: a \
            warning line on standard error says so) or unreachable, with the page and why.

            Exit status: 0 when the feed was read; 1 when it cannot be fetched or read, or is not a \
            feed (an HTTP failure is named: the status, or the network, TLS or limit that stopped it).
            """)

    @OptionGroup var document: DocumentOptions

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "Output format: table, json, jsonl or csv.")
    var format: OutputFormat = .table

    @Flag(help: "Fetch each item's page and its claimed original, and check that the original carries the text.")
    var verify = false

    func run() async throws {
        // Removed content is never shown, here either: the ledger's rules apply when there is a feed list.
        var rules: RemovalRules?
        var store: (any PurgeableStore)?
        if let configuration = try workspace.loadConfigurationIfPresent() {
            // Copies we hold are compared only when there is a store; check never creates one.
            if workspace.storeExists(configuration) {
                store = try workspace.openStore(configuration)
            }
            do {
                rules = RemovalRules(records: try WorkspaceOptions.ledger(configuration, store: store).records())
            } catch {
                throw CommandFailure(description: error.description)
            }
        }
        let (feed, address) = try await document.load()
        var records = ProvenanceAnalyzer().analyze(feed, fetchedFrom: address)
        if verify {
            // Removed items are never fetched: their pages are none of our business any more.
            let open = feed.items.indices.filter { rules?.request(covering: feed.items[$0], provenance: records[$0], feed: "") == nil }
            let verified = await Verifier(configuration: try workspace.fetcherConfiguration(), cache: store.map(PageCache.backed),
                                          interval: try workspace.verifyInterval())
                .verify(open.map { feed.items[$0] }, open.map { records[$0] })
            for (index, record) in zip(open, verified) { records[index] = record }
            for (item, record) in zip(feed.items, records) { CommandSupport.warnIfContradicted(record, item: item.link ?? item.id) }
        }
        let report = SyndicationReport(feed: feed, provenance: records, rules: rules, store: store, feedAddress: address, verified: verify)
        report.print(format: format)
    }
}

/// The checker's report on one parsed feed: a record per item and a summary.
struct SyndicationReport {
    var records: [JSONValue] = []
    var summary: String

    static let columns = [
        RecordColumn("status", "status", maximumWidth: 19), RecordColumn("origin", "origin", "site", maximumWidth: 28),
        RecordColumn("origin url", "origin", "url", maximumWidth: 50), RecordColumn("rights", "rights", "notice", maximumWidth: 36),
        RecordColumn("author", "author", maximumWidth: 24), RecordColumn("method", "method", maximumWidth: 17),
        RecordColumn("conf", "confidence", maximumWidth: 4), RecordColumn("held", "copies_held_count", maximumWidth: 4),
        RecordColumn("title", "title", maximumWidth: 48), RecordColumn("request", "removal_request", maximumWidth: 30),
    ]

    /// The item's record in the light of the copies we hold, by the same
    /// election sync uses: an item that names no origin, of which we hold an
    /// original elsewhere, is an unattributed copy of it.
    static func judgedAgainst(_ copies: [StoredItem], item: ParsedItem, record: ProvenanceRecord, feedAddress: String?) -> ProvenanceRecord {
        guard !copies.isEmpty, record.method == .own else { return record }
        let this = CopyCandidate(site: record.origin.site, linkKey: item.link.flatMap(SiteAddress.normalize), method: .own,
                                 originSite: record.origin.site, originURLKey: record.origin.url.flatMap(SiteAddress.normalize),
                                 rightsHolder: record.rights?.holder, time: (item.published ?? Date()).timeIntervalSince1970)
        let electorate = [this] + copies.map(\.copyCandidate)
        let winner = OriginElection.origin(of: electorate)
        guard winner != 0, OriginElection.isUnattributed(this, of: electorate[winner]) else { return record }
        let origin = copies[winner - 1]
        var judged = record
        judged.origin = origin.provenance.origin
        judged.method = .fingerprint
        judged.confidence = 0.6
        judged.republisher = ProvenanceRepublisher(site: record.origin.site, feedURL: feedAddress)
        if judged.rights?.inherited == true { judged.rights = nil }
        let distance = origin.provenance.fingerprint.distance(to: record.fingerprint)
        judged.signals.append(ProvenanceSignal(kind: "fingerprint.origin-copy", value: origin.item.link ?? origin.item.id,
                                               evidence: "same text (fingerprint distance \(distance)) as the origin's copy in feed \(origin.feed), no attribution in this copy"))
        return judged
    }

    var columns = Self.columns

    init(feed: ParsedFeed, provenance: [ProvenanceRecord], rules: RemovalRules? = nil, store: (any FeedStore)? = nil, feedAddress: String? = nil,
         verified: Bool = false) {
        if verified { columns.insert(RecordColumn("verified", "verified", "status", maximumWidth: 14), at: 1) }
        var verdicts: [ProvenanceVerification.Status: Int] = [:]
        var republished = 0
        var withoutNotice = 0
        var origins: Set<String> = []
        var removed = 0
        for (item, record) in zip(feed.items, provenance) {
            var object = JSONObjectBuilder()
            object.add("id", item.id)
            if let request = rules?.request(covering: item, provenance: record, feed: "") {
                // Only what a tombstone keeps: where it was, never what it said.
                removed += 1
                object.add("link", item.link)
                object.add("status", "removed")
                object.add("removal_request", request)
                records.append(object.value)
                continue
            }
            var record = record
            var heldCopies: [StoredItem] = []
            if let store, (item.text?.utf8.count ?? 0) >= RemovalRules.minimumFingerprintText {
                heldCopies = ((try? store.copies(of: record.fingerprint, sketch: record.sketch, limit: 20)) ?? []).filter { $0.item.link != item.link }
                record = Self.judgedAgainst(heldCopies, item: item, record: record, feedAddress: feedAddress)
            }
            if let status = record.verification?.status { verdicts[status, default: 0] += 1 }
            let isRepublished = record.republisher != nil
            if isRepublished { republished += 1 }
            if let site = record.origin.site ?? record.origin.name { origins.insert(site) }
            if record.rights?.notice == nil || (isRepublished && record.rights?.inherited == true) { withoutNotice += 1 }
            object.add("title", item.title)
            object.add("link", item.link)
            object.add("status", record.method == .fingerprint ? "copy (unattributed)" : isRepublished ? "republished" : "original")
            if case .object(let members) = FeedDocument.provenance(record) {
                for (key, value) in members { object.add(key, value) }
            }
            if store != nil, (item.text?.utf8.count ?? 0) >= RemovalRules.minimumFingerprintText {
                // Copies of this article we hold, and whether each says where it came from.
                let copies = heldCopies
                object.add("copies_held", array: copies.map { copy in
                    var entry = JSONObjectBuilder()
                    entry.add("store_id", copy.storeID)
                    entry.add("feed", copy.feed)
                    entry.add("link", copy.item.link)
                    // The original itself, a copy that says where it came from, or one that does not.
                    entry.add("status", copy.unattributed ? "unattributed" : copy.provenance.method == .own ? "original" : "attributed")
                    return entry.value
                }, always: true)
                object.add("copies_held_count", copies.count)
            }
            records.append(object.value)
        }
        summary = "\(feed.items.count) items, \(republished) republished, \(origins.count) origin sites, \(withoutNotice) without a rights notice of their own"
            + (removed > 0 ? ", \(removed) removed by request" : "")
            + (verified ? "; verified: " + ProvenanceVerification.Status.allCases.map { "\(verdicts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ") : "")
    }

    func print(format: OutputFormat) {
        let output = RecordOutput(columns: columns, records: records).rendered(as: format)
        if format == .table {
            CommandSupport.printLine(output)
            CommandSupport.printLine(summary)
        } else {
            if !output.isEmpty { CommandSupport.printLine(output) }
            FileHandle.standardError.write(Data((summary + "\n").utf8))
        }
    }
}
