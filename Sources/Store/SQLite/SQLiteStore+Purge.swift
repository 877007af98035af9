import FeedModel
import Foundation
import GRDB
import Provenance

extension SQLiteStore: PurgeableStore {
    public func purgeCandidates(_ selector: PurgeSelector) throws -> [PurgeCandidate] {
        try database.read { db in
            let select = "SELECT items.*, feeds.name AS feed_name FROM items JOIN feeds ON feeds.id = items.feed_id WHERE items.removed_at IS NULL AND "
            var direct: [Row]
            switch selector {
            case .originSite(let site):
                direct = try Row.fetchAll(db, sql: select + "items.origin_site = ?", arguments: [site])
            case .url(let key):
                direct = try Row.fetchAll(db, sql: select + "(items.link_key = ? OR items.origin_url_key = ?)", arguments: [key, key])
            case .author(let name, let site):
                direct = try Row.fetchAll(db, sql: select + "items.origin_site = ? AND lower(items.author) = lower(?)", arguments: [site, name])
            case .feed(let name):
                direct = try Row.fetchAll(db, sql: select + "feeds.name = ?", arguments: [name])
            case .item(let key):
                direct = try Int64(key).map { try Row.fetchAll(db, sql: select + "items.id = ?", arguments: [$0]) } ?? []
                if direct.isEmpty { direct = try Row.fetchAll(db, sql: select + "items.guid = ?", arguments: [key]) }
                // A URL, as trace takes it: the item's own link, else its original's.
                if direct.isEmpty, let normalized = SiteAddress.normalize(key) {
                    direct = try Row.fetchAll(db, sql: select + "items.link_key = ?", arguments: [normalized])
                    if direct.isEmpty { direct = try Row.fetchAll(db, sql: select + "items.origin_url_key = ?", arguments: [normalized]) }
                }
            case .feedItem(let feed, let guid):
                direct = try Row.fetchAll(db, sql: select + "feeds.name = ? AND items.guid = ?", arguments: [feed, guid])
            }
            return try PurgeCandidate.reached(
                direct: direct, reachesCopies: selector.reachesCopies,
                linked: { id, matched in
                    try Row.fetchAll(db, sql: select + "(items.matched_item_id = ? OR items.id = ? OR (? IS NOT NULL AND items.matched_item_id = ?))",
                                     arguments: [id, matched, matched, matched])
                },
                sameOriginal: { key in
                    try Row.fetchAll(db, sql: select + "(items.origin_url_key = ? OR items.link_key = ?)", arguments: [key, key])
                },
                sameText: { row in try Self.sameArticleRows(ItemColumns.fingerprint(row), ItemColumns.sketch(row), db: db) })
        }
    }

    public func purge(_ storeIDs: [Int64], request: String, at date: Date) throws {
        try purge([(storeIDs, request)], at: date)
    }

    public func purge(_ requests: [(storeIDs: [Int64], request: String)], at date: Date) throws {
        guard !requests.isEmpty else { return }
        let anyPurged = requests.contains { !$0.storeIDs.isEmpty }
        try database.write { db in
            for (storeIDs, request) in requests {
                try db.execute(sql: "INSERT INTO removals_carried_out (request, at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                               arguments: [request, date.timeIntervalSince1970])
                for chunk in stride(from: 0, to: storeIDs.count, by: 500).map({ Array(storeIDs[$0..<min($0 + 500, storeIDs.count)]) }) {
                    let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                    let ids = StatementArguments(chunk)
                    // The search index forgets the words while the rows still hold them (external content).
                    try db.execute(sql: """
                        INSERT INTO items_fts (items_fts, rowid, title, text)
                        SELECT 'delete', id, title, feeds_text(text) FROM items WHERE id IN (\(marks)) AND removed_at IS NULL
                        """, arguments: ids)
                    // content_hash 0: should the request be revoked, the next sync stores the article afresh.
                    try db.execute(sql: """
                        UPDATE items SET title = NULL, summary = NULL, content = NULL, text = NULL, authors = NULL, categories = NULL,
                            enclosures = NULL, comments = NULL, author = NULL, rights = NULL, rights_notice = NULL, rights_holder = NULL,
                            removal_contact = NULL, content_hash = 0, removed_at = ?, removal_request = ?
                        WHERE id IN (\(marks))
                        """, arguments: [date.timeIntervalSince1970, request] + ids)
                    // Signals quote what people wrote (footers, notices, bylines): their values go with the text.
                    try db.execute(sql: "DELETE FROM signals WHERE item_id IN (\(marks))", arguments: ids)
                    // So do the pages read to verify them (their own and their original's).
                    try db.execute(sql: """
                        DELETE FROM page_cache WHERE url IN (SELECT link FROM items WHERE id IN (\(marks)) AND link IS NOT NULL
                                                             UNION SELECT origin_url FROM items WHERE id IN (\(marks)) AND origin_url IS NOT NULL)
                        """, arguments: ids + ids)
                }
            }
            // FTS5 keeps deleted rows' terms in old segments until they merge: merge them all now.
            if anyPurged { try db.execute(sql: "INSERT INTO items_fts (items_fts) VALUES ('optimize')") }
        }
        guard anyPurged else { return }
        // secure_delete zeroed the freed space in the database file; the log still holds old page images.
        _ = try database.writeWithoutTransaction { db in
            try db.checkpoint(.truncate)
        }
    }

    public func carriedOutRequests() throws -> Set<String> {
        try database.read { db in Set(try String.fetchAll(db, sql: "SELECT request FROM removals_carried_out")) }
    }

    public func forgetValidators(ofFeeds names: [String]) throws {
        guard !names.isEmpty else { return }
        try database.write { db in
            let marks = Array(repeating: "?", count: names.count).joined(separator: ",")
            try db.execute(sql: "UPDATE feeds SET etag = NULL, last_modified = NULL, next_due = NULL WHERE name IN (\(marks))",
                           arguments: StatementArguments(names))
        }
    }
}
