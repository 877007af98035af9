import FeedModel
import Foundation
import GRDB
import Provenance

extension PostgresStore: PurgeableStore {
    public func purgeCandidates(_ selector: PurgeSelector) throws -> [PurgeCandidate] {
        try read { db in
            let select = "SELECT items.*, feeds.name AS feed_name FROM items JOIN feeds ON feeds.id = items.feed_id WHERE items.removed_at IS NULL AND "
            var direct: [Row]
            switch selector {
            case .originSite(let site):
                direct = try db.execute(select + "items.origin_site = $1", [site])
            case .url(let key):
                direct = try db.execute(select + "(items.link_key = $1 OR items.origin_url_key = $1)", [key])
            case .author(let name, let site):
                direct = try db.execute(select + "items.origin_site = $1 AND lower(items.author) = lower($2)", [site, name])
            case .feed(let name):
                direct = try db.execute(select + "feeds.name = $1", [name])
            case .item(let key):
                direct = try Int64(key).map { try db.execute(select + "items.id = $1", [$0]) } ?? []
                if direct.isEmpty { direct = try db.execute(select + "items.guid = $1", [key]) }
                // A URL, as trace takes it: the item's own link, else its original's.
                if direct.isEmpty, let normalized = SiteAddress.normalize(key) {
                    direct = try db.execute(select + "items.link_key = $1", [normalized])
                    if direct.isEmpty { direct = try db.execute(select + "items.origin_url_key = $1", [normalized]) }
                }
            case .feedItem(let feed, let guid):
                direct = try db.execute(select + "feeds.name = $1 AND items.guid = $2", [feed, guid])
            }
            return try PurgeCandidate.reached(
                direct: direct, reachesCopies: selector.reachesCopies,
                linked: { id, matched in
                    try db.execute(select + "(items.matched_item_id = $1 OR items.id = $2 OR items.matched_item_id = $2)", [id, matched])
                },
                sameOriginal: { key in try db.execute(select + "(items.origin_url_key = $1 OR items.link_key = $1)", [key]) },
                sameText: { row in try Self.sameArticleRows(ItemColumns.fingerprint(row), ItemColumns.sketch(row), db: db) })
        }
    }

    public func purge(_ storeIDs: [Int64], request: String, at date: Date) throws {
        try purge([(storeIDs, request)], at: date)
    }

    public func purge(_ requests: [(storeIDs: [Int64], request: String)], at date: Date) throws {
        guard !requests.isEmpty else { return }
        try write { db in
            for (storeIDs, request) in requests {
                try db.execute("INSERT INTO removals_carried_out (request, at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                               [request, date.timeIntervalSince1970])
                for chunk in stride(from: 0, to: storeIDs.count, by: 500).map({ Array(storeIDs[$0..<min($0 + 500, storeIDs.count)]) }) {
                    let marks = (0..<chunk.count).map { "$\($0 + 3)" }.joined(separator: ",")
                    // The words go with the text; content_hash 0: should the request be revoked, the next sync stores it afresh.
                    try db.execute("""
                        UPDATE items SET title = NULL, summary = NULL, content = NULL, text = NULL, words = NULL, authors = NULL,
                            categories = NULL, enclosures = NULL, comments = NULL, author = NULL, rights = NULL, rights_notice = NULL,
                            rights_holder = NULL, removal_contact = NULL, content_hash = 0, removed_at = $1, removal_request = $2
                        WHERE id IN (\(marks))
                        """, [date.timeIntervalSince1970, request] + chunk)
                    let ids = (0..<chunk.count).map { "$\($0 + 1)" }.joined(separator: ",")
                    // Signals quote what people wrote (footers, notices, bylines): their values go with the text.
                    try db.execute("DELETE FROM signals WHERE item_id IN (\(ids))", chunk)
                    // So do the pages read to verify them (their own and their original's).
                    try db.execute("""
                        DELETE FROM page_cache WHERE url IN (SELECT link FROM items WHERE id IN (\(ids)) AND link IS NOT NULL
                                                             UNION SELECT origin_url FROM items WHERE id IN (\(ids)) AND origin_url IS NOT NULL)
                        """, chunk)
                }
            }
        }
        // The blanked rows' old versions are dead now; VACUUM (it cannot run in a transaction) frees them
        // for reuse soon rather than at autovacuum's leisure. docs/postgresql.md says what stays.
        if requests.contains(where: { !$0.storeIDs.isEmpty }) {
            try read { db in try db.execute("VACUUM items, signals") }
        }
    }

    public func carriedOutRequests() throws -> Set<String> {
        try read { db in Set(try db.execute("SELECT request FROM removals_carried_out").map { $0["request"] as String }) }
    }

    public func forgetValidators(ofFeeds names: [String]) throws {
        guard !names.isEmpty else { return }
        try write { db in
            let marks = (1...names.count).map { "$\($0)" }.joined(separator: ",")
            try db.execute("UPDATE feeds SET etag = NULL, last_modified = NULL, next_due = NULL WHERE name IN (\(marks))", names)
        }
    }
}
