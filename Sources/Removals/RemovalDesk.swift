import FeedModel
import Foundation
import Provenance
import Store

/// Carries out removal requests: the record first, on disk, then the purge.
public struct RemovalDesk {
    public var ledger: RemovalLedger
    public var store: any PurgeableStore

    public init(ledger: RemovalLedger, store: any PurgeableStore) {
        self.ledger = ledger
        self.store = store
    }

    /// What a request in this scope would purge now.
    public func plan(_ scope: RemovalScope) throws -> [PurgeCandidate] {
        try store.purgeCandidates(scope.selector)
    }

    /// Records the request (fsync) and only then purges what it covers. A
    /// ledger that cannot be written stops everything before any purge.
    /// A request that matches nothing stored is refused unless `futureOnly`
    /// (an article not yet seen): a typo must not pass for a removal.
    public func remove(_ scope: RemovalScope, requestedBy: String, reason: String?, reference: String?, futureOnly: Bool = false,
                       at date: Date = Date()) throws -> LedgerRecord {
        _ = try ledger.records()  // a damaged ledger is repaired first, never appended to blindly
        let candidates = try plan(scope)
        if candidates.isEmpty && !futureOnly {
            throw RemovalError("nothing stored matches \(scope.description); nothing was recorded "
                               + "(to keep it out of future syncs only, add --future-only)")
        }
        if futureOnly, case .item(let key) = scope, Int64(key) != nil {
            throw RemovalError("--future-only needs an item URL or id, not a store number: store numbers name items already stored")
        }
        let record = LedgerRecord(
            request: RemovalLedger.newID(at: date), time: date, scope: scope, requestedBy: requestedBy, reason: reason, reference: reference,
            purged: candidates.map { candidate in
                PurgedCopy(feed: candidate.feed, id: candidate.id, url: candidate.link, originURL: candidate.originURL,
                           originSite: candidate.originSite,
                           fingerprint: candidate.fingerprintIsReliable ? candidate.fingerprint.description : nil,
                           sketch: candidate.sketch?.hex)
            })
        try ledger.append(record)
        // Looked for again once recorded: with a shared store, a sync on another machine may have stored a
        // copy since the plan (it could not after the record: it reads the ledger as it stores).
        let since = ledger.shared == nil ? [] : try plan(scope).map(\.storeID)
        try store.purge(Array(Set(candidates.map(\.storeID) + since)).sorted(), request: record.id, at: date)
        return record
    }

    /// Carries out every request on the ledger that this store has not yet:
    /// a `remove` killed between its record and its purge, or a cache deleted
    /// and built anew. The ledger is the source of truth, so every command
    /// that opens the store calls this first. Idempotent: the same purge as
    /// `remove` (the scope, with the copies of what it reaches), plus every
    /// copy the request recorded as purged, found again by feed and guid and
    /// by URL, never by store number (numbers do not survive a new cache; an
    /// `--item` request is carried out by what it recorded only). Returns the
    /// requests carried out now, with how many stored items each purged.
    @discardableResult
    public func carryOutPending(at date: Date = Date()) throws -> [(request: String, purged: Int)] {
        let records = try ledger.records()
        let revoked = Set(records.filter { $0.kind == .revocation }.map(\.id))
        let active = records.filter { $0.kind == .request && !revoked.contains($0.id) }
        guard !active.isEmpty else { return [] }
        let done = try store.carriedOutRequests()
        var carried: [(String, Int)] = []
        var batch: [(storeIDs: [Int64], request: String)] = []
        for record in active where !done.contains(record.id) {
            guard let scope = record.scope else { continue }
            var storeIDs = Set<Int64>()
            if !scope.isItem { storeIDs.formUnion(try plan(scope).map(\.storeID)) }
            for copy in record.purged ?? [] {
                storeIDs.formUnion(try store.purgeCandidates(.feedItem(feed: copy.feed, guid: copy.id)).map(\.storeID))
                for address in [copy.url, copy.originURL].compactMap({ $0 }) where scope.reachesCopies {
                    if let key = SiteAddress.normalize(address) { storeIDs.formUnion(try store.purgeCandidates(.url(key)).map(\.storeID)) }
                }
            }
            batch.append((storeIDs.sorted(), record.id))
            carried.append((record.id, storeIDs.count))
        }
        // One transaction for all of them: a new cache under a ledger of thousands of requests opens in one step.
        try store.purge(batch, at: date)
        return carried
    }

    /// Stops a request's rule from now on; what it purged stays purged, but
    /// the feeds it purged from are fetched in full next time, so a feed that
    /// still carries the article can bring it back.
    public func revoke(_ id: String, requestedBy: String, reason: String?, at date: Date = Date()) throws -> LedgerRecord {
        let records = try ledger.records()
        guard let request = records.first(where: { $0.kind == .request && $0.id == id }) else {
            throw RemovalError("no removal request \(id) in \(ledger.file.path)")
        }
        guard !records.contains(where: { $0.kind == .revocation && $0.id == id }) else { throw RemovalError("request \(id) is already revoked") }
        let record = LedgerRecord(revocationOf: id, time: date, requestedBy: requestedBy, reason: reason)
        try ledger.append(record)
        try store.forgetValidators(ofFeeds: Array(Set((request.purged ?? []).map(\.feed))))
        return record
    }
}

extension RemovalScope {
    /// Whether the request reaches the same article in other feeds; a feed's does not.
    public var reachesCopies: Bool { selector.reachesCopies }

    var isItem: Bool {
        if case .item = self { return true }
        return false
    }

    var selector: PurgeSelector {
        switch self {
        case .origin(let site): return .originSite(site)
        case .url(let url): return .url(url)
        case .author(let name, let site): return .author(name: name, site: site)
        case .feed(let name): return .feed(name)
        case .item(let key): return .item(key)
        }
    }
}
