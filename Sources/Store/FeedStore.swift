import FeedModel
import Provenance
import Foundation

/// What sync and the queries need from storage. SQLite implements it for one
/// machine; a PostgreSQL backend for several would implement the same.
public protocol FeedStore: Sendable {
    /// Makes sure every configured feed has a row; returns every feed's state.
    func registerFeeds(_ feeds: [(name: String, url: String)]) throws -> [FeedState]
    func feedStates() throws -> [FeedState]
    /// One feed's sync result, in one transaction: its state and its items
    /// stand either fully before or fully after.
    func apply(_ update: FeedUpdate) throws -> ItemCounts
    func items(_ query: ItemQuery) throws -> [StoredItem]
    /// How many items match the query's filters (its limit and offset aside).
    func itemCount(_ query: ItemQuery) throws -> Int
    func origins() throws -> [OriginSummary]
    /// The item (by id, item URL or origin URL) and every copy related to it.
    func trace(_ key: String) throws -> ItemTrace?
    /// Stored items (not removed) with the same article's text: fingerprint
    /// within distance 3, or for short texts a similar sketch.
    func copies(of fingerprint: Fingerprint, sketch: ShingleSketch?, limit: Int) throws -> [StoredItem]
    /// Drops a feed that is no longer subscribed, with every item it carried
    /// (text, search index and all); returns how many items went.
    func prune(feed name: String) throws -> Int
    /// Replaces a stored item's provenance (origin, rights, author, method, signals, verification),
    /// as `trace --verify` learns it; the item's own fields stay as they are.
    func updateProvenance(of storeID: Int64, to record: ProvenanceRecord) throws
    /// The page cache of verification: an opaque entry per address.
    func pageCacheEntry(_ url: String) throws -> Data?
    func savePageCacheEntry(_ url: String, _ entry: Data) throws
}

/// A feed as the store keeps it between syncs.
public struct FeedState: Sendable, Equatable {
    public var name: String
    /// The address in feeds.yml.
    public var configuredURL: String
    /// The address in use: differs after a permanent redirect was adopted.
    public var currentURL: String
    public var validators: (etag: String?, lastModified: String?)
    public var lastFetched: Date?
    public var lastStatus: Int?
    /// "fetched", "not modified", "gone", or the failure, in words.
    public var lastResult: String?
    public var nextDue: Date?
    public var consecutiveFailures: Int
    public var isGone: Bool
    /// A permanent redirect seen but not yet adopted, and on how many syncs in a row.
    public var pendingMove: String?
    public var pendingMoveCount: Int
    public var movedFrom: String?
    public var itemCount: Int
    /// Another feed that carries the same items (same guids and texts): a second subscription.
    public var duplicateOf: String?
    /// The sync worker that holds it now (a PostgreSQL store shared by several); nil when none does.
    public var lease: FeedLease?

    public init(name: String, configuredURL: String, currentURL: String, validators: (etag: String?, lastModified: String?) = (nil, nil),
                lastFetched: Date? = nil, lastStatus: Int? = nil, lastResult: String? = nil, nextDue: Date? = nil,
                consecutiveFailures: Int = 0, isGone: Bool = false, pendingMove: String? = nil, pendingMoveCount: Int = 0,
                movedFrom: String? = nil, itemCount: Int = 0, duplicateOf: String? = nil) {
        self.duplicateOf = duplicateOf
        self.name = name
        self.configuredURL = configuredURL
        self.currentURL = currentURL
        self.validators = validators
        self.lastFetched = lastFetched
        self.lastStatus = lastStatus
        self.lastResult = lastResult
        self.nextDue = nextDue
        self.consecutiveFailures = consecutiveFailures
        self.isGone = isGone
        self.pendingMove = pendingMove
        self.pendingMoveCount = pendingMoveCount
        self.movedFrom = movedFrom
        self.itemCount = itemCount
    }

    public static func == (lhs: FeedState, rhs: FeedState) -> Bool {
        lhs.name == rhs.name && lhs.configuredURL == rhs.configuredURL && lhs.currentURL == rhs.currentURL
            && lhs.validators.etag == rhs.validators.etag && lhs.validators.lastModified == rhs.validators.lastModified
            && lhs.lastFetched == rhs.lastFetched && lhs.lastStatus == rhs.lastStatus && lhs.lastResult == rhs.lastResult
            && lhs.nextDue == rhs.nextDue && lhs.consecutiveFailures == rhs.consecutiveFailures && lhs.isGone == rhs.isGone
            && lhs.pendingMove == rhs.pendingMove && lhs.pendingMoveCount == rhs.pendingMoveCount && lhs.movedFrom == rhs.movedFrom
            && lhs.itemCount == rhs.itemCount && lhs.duplicateOf == rhs.duplicateOf && lhs.lease == rhs.lease
    }
}

/// The outcome of syncing one feed: its new state, and its items when it was fetched and parsed.
public struct FeedUpdate: Sendable {
    public var state: FeedState
    /// The carrying feed's own site, for cross-feed matching.
    public var site: String?
    public var items: [(item: ParsedItem, provenance: ProvenanceRecord)]?
    public var seen: Date

    public init(state: FeedState, site: String? = nil, items: [(item: ParsedItem, provenance: ProvenanceRecord)]? = nil, seen: Date = Date()) {
        self.state = state
        self.site = site
        self.items = items
        self.seen = seen
    }
}

public struct ItemCounts: Sendable, Equatable {
    public var new = 0
    public var updated = 0
    public var unchanged = 0

    public init(new: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.new = new
        self.updated = updated
        self.unchanged = unchanged
    }
}

public struct ItemQuery: Sendable {
    /// Registrable domain: subdomains and `www.` fold in.
    public var originSite: String?
    public var republisherSite: String?
    public var feed: String?
    /// Items of any of these feeds; nil for every feed.
    public var feeds: [String]?
    public var since: Date?
    /// FTS5 words over title and text.
    public var search: String?
    public var unattributedOnly = false
    /// At most this many; -1 for no limit.
    public var limit = 50
    public var offset = 0

    public init(originSite: String? = nil, republisherSite: String? = nil, feed: String? = nil, since: Date? = nil,
                search: String? = nil, unattributedOnly: Bool = false, limit: Int = 50) {
        self.originSite = originSite
        self.republisherSite = republisherSite
        self.feed = feed
        self.since = since
        self.search = search
        self.unattributedOnly = unattributedOnly
        self.limit = limit
    }
}

/// An item as stored: what was parsed, its provenance, and where it stands.
public struct StoredItem: Sendable {
    public var storeID: Int64
    public var feed: String
    public var item: ParsedItem
    public var provenance: ProvenanceRecord
    public var firstSeen: Date
    /// A copy of the same article in another feed (fingerprint within distance 3).
    public var matchedItemID: Int64?
    /// A later copy that says nothing of where it came from.
    public var unattributed: Bool
    /// Set when a removal request purged it: only a tombstone is left.
    public var removal: RemovalMark?
    /// The site of the feed that carries it.
    public var carrierSite: String?

    public init(storeID: Int64, feed: String, item: ParsedItem, provenance: ProvenanceRecord, firstSeen: Date,
                matchedItemID: Int64?, unattributed: Bool, removal: RemovalMark? = nil, carrierSite: String? = nil) {
        self.carrierSite = carrierSite
        self.storeID = storeID
        self.feed = feed
        self.item = item
        self.provenance = provenance
        self.firstSeen = firstSeen
        self.matchedItemID = matchedItemID
        self.unattributed = unattributed
        self.removal = removal
    }
}

extension StoredItem {
    /// What the origin election weighs of this stored copy.
    public var copyCandidate: CopyCandidate {
        CopyCandidate(site: carrierSite, linkKey: item.link.flatMap(SiteAddress.normalize),
                      method: provenance.method, originSite: provenance.origin.site,
                      originURLKey: provenance.origin.url.flatMap(SiteAddress.normalize), rightsHolder: provenance.rights?.holder,
                      time: (item.published ?? firstSeen).timeIntervalSince1970)
    }
}

public struct OriginSummary: Sendable, Equatable {
    public var site: String
    public var items: Int
    public var firstSeen: Date
    public var lastSeen: Date
    public var republishers: [String]
    public var rightsNotice: String?
    /// Where the notice was read: "origin feed" (its own items) or "republisher footer".
    public var rightsSource: String?
    /// Tombstones: items of this origin purged by removal requests.
    public var removed: Int
    /// Distinct articles (originals) among `items`, which counts every copy held.
    public var articles: Int

    public init(site: String, items: Int, firstSeen: Date, lastSeen: Date, republishers: [String], rightsNotice: String?,
                rightsSource: String? = nil, removed: Int = 0, articles: Int? = nil) {
        self.articles = articles ?? items
        self.rightsSource = rightsSource
        self.site = site
        self.items = items
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.republishers = republishers
        self.rightsNotice = rightsNotice
        self.removed = removed
    }
}

/// One item and every other copy we hold of the same article.
public struct ItemTrace: Sendable {
    public var item: StoredItem
    public var copies: [StoredItem]

    public init(item: StoredItem, copies: [StoredItem]) {
        self.item = item
        self.copies = copies
    }
}

public struct StoreError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Which stored items a removal request reaches directly; copies of them
/// (same original, matched, or fingerprint within distance 3) are added.
public enum PurgeSelector: Sendable, Equatable {
    case originSite(String)
    /// A normalized URL: an item's own or its origin's.
    case url(String)
    case author(name: String, site: String)
    case feed(String)
    /// A store number or an item id (guid).
    case item(String)
    /// One feed's item by its guid: how the ledger names what a request purged,
    /// since store numbers do not survive a deleted cache.
    case feedItem(feed: String, guid: String)

    /// Whether the copies of what it selects (the same article in other feeds) are purged too.
    public var reachesCopies: Bool {
        switch self {
        case .feed, .feedItem: return false
        case .originSite, .url, .author, .item: return true
        }
    }
}

/// A stored item a purge will blank, and what the ledger keeps of it.
public struct PurgeCandidate: Sendable, Equatable {
    public var storeID: Int64
    public var feed: String
    public var id: String
    public var link: String?
    public var originURL: String?
    public var originSite: String?
    public var fingerprint: Fingerprint
    /// Long enough a text for its fingerprint to keep the article out later.
    public var fingerprintIsReliable: Bool

    /// The short text's sketch, when it has one.
    public var sketch: ShingleSketch?

    public init(storeID: Int64, feed: String, id: String, link: String?, originURL: String?, originSite: String? = nil,
                sketch: ShingleSketch? = nil, fingerprint: Fingerprint, fingerprintIsReliable: Bool) {
        self.sketch = sketch
        self.storeID = storeID
        self.feed = feed
        self.id = id
        self.link = link
        self.originURL = originURL
        self.originSite = originSite
        self.fingerprint = fingerprint
        self.fingerprintIsReliable = fingerprintIsReliable
    }
}

/// How a purged item stands: when, and by which request.
public struct RemovalMark: Sendable, Equatable {
    public var at: Date
    public var request: String

    public init(at: Date, request: String) {
        self.at = at
        self.request = request
    }
}

/// What removal requests need from storage.
public protocol PurgeableStore: FeedStore {
    func purgeCandidates(_ selector: PurgeSelector) throws -> [PurgeCandidate]
    /// Blanks the items' text everywhere it is kept (rows, search index,
    /// signal evidence, freed pages, the write-ahead log), keeping tombstones.
    /// Records, in the same transaction, that `request` has been carried out.
    func purge(_ storeIDs: [Int64], request: String, at: Date) throws
    /// Several requests' purges in one transaction (and one checkpoint), each recorded as carried out.
    func purge(_ requests: [(storeIDs: [Int64], request: String)], at: Date) throws
    /// The requests whose purge this store has carried out (`purge` records them).
    func carriedOutRequests() throws -> Set<String>
    /// Makes the next sync of these feeds fetch in full (no conditional GET),
    /// so content a revoked request purged can come back.
    func forgetValidators(ofFeeds names: [String]) throws
}

/// A store several `feeds sync` share, on one machine or many (PostgreSQL):
/// each worker claims due feeds in small batches under a lease, so that no two
/// fetch one feed, at most two transfers run per host counting every worker,
/// and a host's backoff seen by one holds for all. A worker that dies loses
/// its leases when they expire; another then takes the feeds.
public protocol LeasedStore: FeedStore {
    /// Claims up to `limit` of the named feeds that are due by `dueBy` (all of them with `force`, but
    /// for `excluding`), not gone, held by no live lease, on no host in backoff, and at most two per host
    /// counting every worker's live leases. Their leases run until `now + lease`.
    func claimFeeds(_ names: [String], excluding: Set<String>, worker: String, limit: Int, force: Bool, dueBy: Date, now: Date,
                    lease: TimeInterval) throws -> [FeedState]
    /// When the earliest live lease another worker holds on one of these feeds ends, if one
    /// does on a feed still to be done this round: worth waiting for (it finishes, or it expires).
    func otherLeasesEnd(_ names: [String], excluding: Set<String>, worker: String, force: Bool, dueBy: Date, now: Date) throws -> Date?
    /// Extends every lease the worker holds to `until`.
    func renewLeases(worker: String, until: Date) throws
    /// `apply`, with the feed's lease released in the same transaction.
    func apply(_ update: FeedUpdate, releasingLeaseOf worker: String) throws -> ItemCounts
    /// Gives a claimed feed back without storing anything (its result could not be stored).
    func releaseLease(feed name: String, worker: String) throws
    /// No worker fetches from this host before `until` (429 or 503 with Retry-After).
    func backOff(host: String, until: Date) throws
}

/// Who holds a feed's lease, and since when (`feeds status`).
public struct FeedLease: Sendable, Equatable {
    public var worker: String
    public var since: Date
    public var until: Date

    public init(worker: String, since: Date, until: Date) {
        self.worker = worker
        self.since = since
        self.until = until
    }
}

/// The removal ledger kept in the store as well as in each machine's ledger
/// file, so that every machine sharing the store sees every request (the
/// records are the ledger file's JSON lines, opaque here). Each has a sequence
/// number: a sync asks, inside each feed's storing transaction, for the lines
/// after the last it knows, and a new request waits for those transactions.
public protocol SharedLedgerStore: Sendable {
    /// The ledger's lines after `sequence`, in the order they were added.
    func ledgerLines(after sequence: Int64) throws -> [(sequence: Int64, line: String)]
    /// Adds the lines whose keys (kind and request id) it does not hold yet, in order.
    func addLedgerLines(_ lines: [(key: String, line: String)]) throws
    /// `LeasedStore.apply`, but with the ledger's lines after `sequence` read first in the same
    /// transaction (no request can be added until it ends): `admitting` gets them, when there are
    /// any, and returns the update without what they cover.
    func apply(_ update: FeedUpdate, releasingLeaseOf worker: String, ledgerAfter sequence: Int64,
               admitting: ([String]) throws -> FeedUpdate) throws -> ItemCounts
}
