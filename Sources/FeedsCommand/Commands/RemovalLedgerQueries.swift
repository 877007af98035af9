import FeedsConfig
import Foundation
import Provenance
import Removals

/// What the commands read from the removal ledger itself, so that what was
/// removed stays known after the cache is deleted.
enum RemovalLedgerQueries {
    /// The active requests, oldest first.
    static func activeRequests(_ ledger: RemovalLedger) throws -> [LedgerRecord] {
        let records: [LedgerRecord]
        do {
            records = try ledger.records()
        } catch {
            throw CommandFailure(description: error.description)
        }
        let revoked = Set(records.filter { $0.kind == .revocation }.map(\.id))
        return records.filter { $0.kind == .request && !revoked.contains($0.id) }
    }

    /// Articles purged by active requests, by origin site: each copy (feed and id) counted once.
    static func purgedArticles(_ ledger: RemovalLedger) throws -> [String: Int] {
        var copies: [String: Set<String>] = [:]
        for request in try activeRequests(ledger) {
            for copy in request.purged ?? [] {
                guard let site = copy.originSite ?? copy.originURL.flatMap({ SiteAddress.site(of: $0) }) ?? copy.url.flatMap({ SiteAddress.site(of: $0) })
                else { continue }
                copies[site, default: []].insert(copy.feed + "\u{0}" + copy.id)
            }
        }
        return copies.mapValues(\.count)
    }

    /// The request that removed the article a person names (its URL, its original's, or its id).
    static func removal(of key: String, _ ledger: RemovalLedger) throws -> (LedgerRecord, PurgedCopy)? {
        for request in try activeRequests(ledger).reversed() {
            if let copy = request.purged?.first(where: { $0.matches(key) }) { return (request, copy) }
        }
        return nil
    }
}
