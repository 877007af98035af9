import Foundation
import GRDB

/// `feeds store migrate`: the SQLite store of a cache copied into a PostgreSQL
/// store, row for row: feeds and their state, items with their provenance and
/// store numbers, tombstones, signals, sketch bands, the requests carried out
/// and the page cache. In one transaction, and idempotent: a second copy of the
/// same cache changes nothing; a database holding other feeds' items is refused.
public enum StoreCopy {
    public struct Report: Sendable, Equatable {
        public var feeds = 0
        public var items = 0
        public var tombstones = 0
        /// Rows already there from an earlier copy, left as they were.
        public var alreadyThere = 0
    }

    public static func copy(from source: SQLiteStore, to target: PostgresStore) throws -> Report {
        var report = Report()
        let (feeds, items, signals, bands, carried, pages) = try source.database.read { db in
            (try Row.fetchAll(db, sql: "SELECT * FROM feeds ORDER BY id"),
             try Row.fetchAll(db, sql: "SELECT * FROM items ORDER BY id"),
             try Row.fetchAll(db, sql: "SELECT * FROM signals ORDER BY item_id, position"),
             try Row.fetchAll(db, sql: "SELECT * FROM sketch_bands"),
             try Row.fetchAll(db, sql: "SELECT * FROM removals_carried_out"),
             try Row.fetchAll(db, sql: "SELECT * FROM page_cache"))
        }
        try target.write { pg in
            // Store numbers are kept: an item's number, its copies' links and the ledger's words stay true.
            let sourceFeedIDs = Dictionary(feeds.map { ($0["name"] as String, $0["id"] as Int64) }, uniquingKeysWith: { first, _ in first })
            let existing = try pg.execute("SELECT id, name FROM feeds")
            for row in existing where sourceFeedIDs[row["name"] as String] != row["id"] as Int64 {
                throw StoreError("the PostgreSQL store already holds feed \"\(row["name"] as String)\" under another number: "
                                 + "it was not copied from this cache (migrate into an empty database)")
            }
            let feedColumns = ["id", "name", "configured_url", "current_url", "etag", "last_modified", "last_fetched", "last_status",
                               "last_result", "next_due", "consecutive_failures", "gone", "pending_move", "pending_move_count",
                               "moved_from", "site", "duplicate_of"]
            for row in feeds {
                let values: [(any DatabaseValueConvertible)?] = feedColumns.map { row[$0] as DatabaseValue } + [PostgresStore.host(of: row["current_url"])]
                let inserted = try pg.execute("""
                    INSERT INTO feeds (\(feedColumns.joined(separator: ", ")), host)
                    VALUES (\((1...feedColumns.count + 1).map { "$\($0)" }.joined(separator: ", "))) ON CONFLICT (id) DO NOTHING RETURNING id
                    """, values)
                if inserted.isEmpty { report.alreadyThere += 1 } else { report.feeds += 1 }
            }

            let sourceItems = Dictionary(items.map { ($0["id"] as Int64, "\($0["feed_id"] as Int64) \($0["guid"] as String)") },
                                         uniquingKeysWith: { first, _ in first })
            for row in try pg.execute("SELECT id, feed_id, guid FROM items") where sourceItems[row["id"]] != "\(row["feed_id"] as Int64) \(row["guid"] as String)" {
                throw StoreError("the PostgreSQL store already holds item \(row["id"] as Int64), which is not this cache's: "
                                 + "it was synced on its own (migrate into an empty database)")
            }
            let itemColumns = ["id", "feed_id", "guid", "first_seen", "last_seen", "sort_time", "carrier_site", "matched_item_id",
                               "unattributed", "removed_at", "removal_request"] + ItemColumns.names
            let textColumns: Set<String> = ["summary", "content", "text"]
            let marks = (1...itemColumns.count).map { "$\($0)" }
            let wordsMark = "to_tsvector('english', coalesce($\(itemColumns.count + 1)::text, '') || ' ' || coalesce($\(itemColumns.count + 2)::text, ''))"
            // Links between items (matched_item_id) point forwards and back: set once every row is in.
            var matches: [(Int64, Int64)] = []
            for row in items {
                let values: [(any DatabaseValueConvertible)?] = itemColumns.map { column -> (any DatabaseValueConvertible)? in
                    if column == "matched_item_id" { return nil as Int64? }
                    let value: DatabaseValue = row[column]
                    // bytea: plain text goes in as its UTF-8 bytes, a zstd frame as it is.
                    if textColumns.contains(column), case .string(let text) = value.storage { return Data(text.utf8) }
                    return value
                }
                let removed = (row["removed_at"] as Double?) != nil
                let words: [(any DatabaseValueConvertible)?] = removed ? [nil as String?, nil as String?]
                    : [row["title"] as String?, CompressedText.text(row["text"])]
                let inserted = try pg.execute("""
                    INSERT INTO items (\(itemColumns.joined(separator: ", ")), words) VALUES (\(marks.joined(separator: ", ")), \(removed ? "NULL" : wordsMark))
                    ON CONFLICT (id) DO NOTHING RETURNING id
                    """, values + (removed ? [] : words))
                if inserted.isEmpty {
                    report.alreadyThere += 1
                    continue
                }
                if removed { report.tombstones += 1 } else { report.items += 1 }
                if let matched = row["matched_item_id"] as Int64? { matches.append((row["id"], matched)) }
            }
            for (id, matched) in matches {
                try pg.execute("UPDATE items SET matched_item_id = $1 WHERE id = $2", [matched, id])
            }
            for row in signals {
                try pg.execute("""
                    INSERT INTO signals (item_id, position, kind, value, evidence) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING
                    """, [row["item_id"] as Int64, row["position"] as Int64, row["kind"] as String, row["value"] as String, row["evidence"] as String?])
            }
            for row in bands {
                try pg.execute("INSERT INTO sketch_bands (band, item_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", [row["band"] as Int64, row["item_id"] as Int64])
            }
            for row in carried {
                try pg.execute("INSERT INTO removals_carried_out (request, at) VALUES ($1, $2) ON CONFLICT DO NOTHING", [row["request"] as String, row["at"] as Double])
            }
            for row in pages {
                try pg.execute("INSERT INTO page_cache (url, entry) VALUES ($1, $2) ON CONFLICT DO NOTHING", [row["url"] as String, row["entry"] as Data])
            }
            // The next feed or item a sync adds is numbered after the copied ones.
            try pg.execute("SELECT setval(pg_get_serial_sequence('feeds', 'id'), coalesce((SELECT max(id) FROM feeds), 0) + 1, false)")
            try pg.execute("SELECT setval(pg_get_serial_sequence('items', 'id'), coalesce((SELECT max(id) FROM items), 0) + 1, false)")
        }
        return report
    }
}
