import FeedModel
import Foundation
import GRDB
import Provenance

extension SQLiteStore {
    public func apply(_ update: FeedUpdate) throws -> ItemCounts {
        try database.write { db in
            let state = update.state
            guard let feedID = try db.int64( "SELECT id FROM feeds WHERE name = ?", arguments: [state.name]) else {
                throw StoreError("feed \(state.name) is not in the store")
            }
            try db.run( """
                UPDATE feeds SET current_url = ?, etag = ?, last_modified = ?, last_fetched = ?, last_status = ?, last_result = ?,
                    next_due = ?, consecutive_failures = ?, gone = ?, pending_move = ?, pending_move_count = ?, moved_from = ?,
                    site = coalesce(?, site)
                WHERE id = ?
                """, arguments: [
                    state.currentURL, state.validators.etag, state.validators.lastModified, state.lastFetched?.timeIntervalSince1970,
                    state.lastStatus, state.lastResult, state.nextDue?.timeIntervalSince1970, state.consecutiveFailures, state.isGone,
                    state.pendingMove, state.pendingMoveCount, state.movedFrom, update.site, feedID,
                ])
            var counts = ItemCounts()
            guard let items = update.items else { return counts }
            var existing: [String: (id: Int64, hash: Int64)] = [:]
            for row in try db.rows( "SELECT id, guid, content_hash FROM items WHERE feed_id = ?", arguments: [feedID]) {
                existing[row["guid"]] = (row["id"], row["content_hash"])
            }
            let seen = update.seen.timeIntervalSince1970
            for (item, provenance) in items {
                let values = ItemColumns.values(item, provenance)
                let hash = ItemColumns.contentHash(item)
                let itemID: Int64
                if let stored = existing[item.id] {
                    if stored.hash == hash {
                        counts.unchanged += 1
                        continue
                    }
                    // The index forgets the old words first, while the row still holds them. A tombstone's
                    // words went at its purge (a revoked request brings it back): a second 'delete' would
                    // corrupt the index.
                    try db.run( "INSERT INTO items_fts (items_fts, rowid, title, text) SELECT 'delete', id, title, feeds_text(text) FROM items WHERE id = ? AND removed_at IS NULL",
                                arguments: [stored.id])
                    let assignments = ItemColumns.names.map { "\($0) = ?" }.joined(separator: ", ")
                    try db.run( "UPDATE items SET \(assignments), sort_time = coalesce(?, first_seen), last_seen = ?, matched_item_id = NULL, unattributed = 0, removed_at = NULL, removal_request = NULL WHERE id = ?",
                                   arguments: StatementArguments(values + [item.published?.timeIntervalSince1970, seen, stored.id]))
                    itemID = stored.id
                    try db.run( "DELETE FROM signals WHERE item_id = ?", arguments: [itemID])
                    try db.run( "DELETE FROM sketch_bands WHERE item_id = ?", arguments: [itemID])
                    counts.updated += 1
                } else {
                    let columns = (["feed_id", "guid", "first_seen", "last_seen", "sort_time", "carrier_site"] + ItemColumns.names).joined(separator: ", ")
                    let marks = Array(repeating: "?", count: 6 + ItemColumns.names.count).joined(separator: ", ")
                    let leading: [(any DatabaseValueConvertible)?] = [feedID, item.id, seen, seen, item.published?.timeIntervalSince1970 ?? seen, update.site]
                    try db.run( "INSERT INTO items (\(columns)) VALUES (\(marks))", arguments: StatementArguments(leading + values))
                    itemID = db.lastInsertedRowID
                    existing[item.id] = (itemID, hash)
                    counts.new += 1
                }
                for (position, signal) in provenance.signals.enumerated() {
                    try db.run( "INSERT INTO signals (item_id, position, kind, value, evidence) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [itemID, position, signal.kind, signal.value, signal.evidence])
                }
                try db.run( "INSERT INTO items_fts (rowid, title, text) VALUES (?, ?, ?)", arguments: [itemID, item.title, item.text])
                for band in provenance.sketch?.bands ?? [] {
                    try db.run( "INSERT OR IGNORE INTO sketch_bands (band, item_id) VALUES (?, ?)", arguments: [band, itemID])
                }
                if (item.text?.utf8.count ?? 0) >= ItemColumns.minimumMatchableText {
                    try linkCopies(of: itemID, db: db)
                }
            }
            try noteDuplicateSubscription(feedID, db: db)
            return counts
        }
    }

    public func updateProvenance(of storeID: Int64, to record: ProvenanceRecord) throws {
        try database.write { db in
            guard let row = try db.row("SELECT items.*, feeds.name AS feed_name FROM items JOIN feeds ON feeds.id = items.feed_id WHERE items.id = ? AND removed_at IS NULL",
                                       arguments: [storeID]) else {
                throw StoreError("item \(storeID) is not in the store")
            }
            let stored = ItemColumns.storedItem(row, signals: [])
            // Every column is written again from the same item, so its words (and the search index) do not change.
            let assignments = ItemColumns.names.map { "\($0) = ?" }.joined(separator: ", ")
            try db.run("UPDATE items SET \(assignments) WHERE id = ?", arguments: StatementArguments(ItemColumns.values(stored.item, record) + [storeID]))
            try db.run("DELETE FROM signals WHERE item_id = ?", arguments: [storeID])
            for (position, signal) in record.signals.enumerated() {
                try db.run("INSERT INTO signals (item_id, position, kind, value, evidence) VALUES (?, ?, ?, ?, ?)",
                           arguments: [storeID, position, signal.kind, signal.value, signal.evidence])
            }
        }
    }

    public func pageCacheEntry(_ url: String) throws -> Data? {
        try database.read { db in try Data.fetchOne(db, sql: "SELECT entry FROM page_cache WHERE url = ?", arguments: [url]) }
    }

    public func savePageCacheEntry(_ url: String, _ entry: Data) throws {
        try database.write { db in
            try db.run("INSERT INTO page_cache (url, entry) VALUES (?, ?) ON CONFLICT (url) DO UPDATE SET entry = excluded.entry", arguments: [url, entry])
        }
    }

    /// Links an item to the copies of the same article held from other sites (fingerprints within
    /// distance 3, found through the band indexes), as `CopyLinking` decides.
    private func linkCopies(of itemID: Int64, db: Database) throws {
        guard let row = try db.row( "SELECT * FROM items WHERE id = ?", arguments: [itemID]) else { return }
        let copies = CopyLinking.copies(of: row, among: try Self.sameArticleRows(ItemColumns.fingerprint(row), ItemColumns.sketch(row), db: db))
        for step in CopyLinking.steps(for: row, copies: copies) {
            switch step {
            case .restoreOwnOrigin(let id):
                try restoreOwnOrigin(id, db: db)
            case .clearMatch(let id):
                try db.run( "UPDATE items SET matched_item_id = NULL WHERE id = ?", arguments: [id])
            case .match(let copyID, let originID):
                try db.run( "UPDATE items SET matched_item_id = ? WHERE id = ?", arguments: [originID, copyID])
            case .markUnattributed(let copyID, let origin, let value, let evidence):
                try db.run( """
                    UPDATE items SET method = ?, confidence = 0.6, unattributed = 1, origin_url = ?, origin_url_key = ?, origin_site = ?,
                        origin_name = ?, republisher_site = carrier_site,
                        republisher_feed_url = (SELECT current_url FROM feeds WHERE feeds.id = items.feed_id)
                    WHERE id = ?
                    """, arguments: [ProvenanceMethod.fingerprint.rawValue, origin["origin_url"], origin["origin_url_key"],
                                     origin["origin_site"], origin["origin_name"], copyID])
                try db.run( "DELETE FROM signals WHERE item_id = ? AND kind = 'fingerprint.origin-copy'", arguments: [copyID])
                let position = try db.int( "SELECT coalesce(max(position) + 1, 0) FROM signals WHERE item_id = ?", arguments: [copyID]) ?? 0
                try db.run( "INSERT INTO signals (item_id, position, kind, value, evidence) VALUES (?, ?, 'fingerprint.origin-copy', ?, ?)",
                            arguments: [copyID, position, value, evidence])
            }
        }
    }

    /// Marks the feed as a second subscription of an earlier one when at least
    /// four fifths of its items are that feed's too (same guid and same content).
    private func noteDuplicateSubscription(_ feedID: Int64, db: Database) throws {
        let total = try db.int( "SELECT COUNT(*) FROM items WHERE feed_id = ? AND removed_at IS NULL", arguments: [feedID]) ?? 0
        var duplicateOf: String?
        if total > 0, let shared = try db.row( """
            SELECT other.name AS name, COUNT(*) AS shared FROM items AS mine
            JOIN items AS theirs ON theirs.guid = mine.guid AND theirs.feed_id < mine.feed_id AND theirs.content_hash = mine.content_hash
            JOIN feeds AS other ON other.id = theirs.feed_id
            WHERE mine.feed_id = ? AND mine.removed_at IS NULL GROUP BY theirs.feed_id ORDER BY shared DESC, other.id LIMIT 1
            """, arguments: [feedID]), (shared["shared"] as Int) * 5 >= total * 4 {
            duplicateOf = shared["name"]
        }
        try db.run( "UPDATE feeds SET duplicate_of = ? WHERE id = ?", arguments: [duplicateOf, feedID])
    }

    /// The stored items (not removed) with the same article's text: fingerprint
    /// within distance 3 (through the four band indexes), or, for short texts,
    /// a similar sketch (through the LSH band table). With the feed's name.
    ///
    /// Candidates are judged on their id, fingerprint and sketch alone, read by
    /// column index; only the copies that pass are read whole. Reading every
    /// candidate whole (a dozen a lookup in a large store, each with its HTML)
    /// was most of the cost of storing an item.
    static func sameArticleRows(_ fingerprint: Fingerprint, _ sketch: ShingleSketch?, db: Database) throws -> [Row] {
        let bands = fingerprint.bands.map { Int64($0) }
        var candidates = try db.rows( """
            SELECT id, fingerprint, sketch FROM items
            WHERE (band0 = ? OR band1 = ? OR band2 = ? OR band3 = ?) AND removed_at IS NULL
            """, arguments: StatementArguments(bands))
        if let sketch {
            let marks = Array(repeating: "?", count: ShingleSketch.bandCount).joined(separator: ",")
            candidates += try db.rows( """
                SELECT id, fingerprint, sketch FROM items
                WHERE id IN (SELECT item_id FROM sketch_bands WHERE band IN (\(marks))) AND removed_at IS NULL
                """, arguments: StatementArguments(sketch.bands))
        }
        var seen = Set<Int64>()
        var copies: [Int64] = []
        for row in candidates {
            let id: Int64 = row[0]
            guard seen.insert(id).inserted else { continue }
            let other = Fingerprint(UInt64(bitPattern: row[1]))
            let otherSketch = (row[2] as Data?).flatMap { ShingleSketch(bytes: Array($0)) }
            if SameArticle.test(fingerprint, sketch, other, otherSketch) { copies.append(id) }
        }
        // One compiled statement, run per copy: compiling a statement of `items.*` costs more than running it.
        return try copies.compactMap { id in
            try db.row("SELECT items.*, feeds.name AS feed_name FROM items JOIN feeds ON feeds.id = items.feed_id WHERE items.id = ?", arguments: [id])
        }
    }

    /// Undoes an earlier "unattributed copy" verdict on an item that turned out
    /// to be the original: its provenance is its own again, as the analyzer
    /// gives an item that names no other origin.
    private func restoreOwnOrigin(_ id: Int64, db: Database) throws {
        try db.run( """
            UPDATE items SET method = ?, confidence = 0.7, unattributed = 0, origin_url = link, origin_url_key = link_key,
                origin_site = coalesce(carrier_site, origin_site), origin_name = NULL, republisher_site = NULL,
                republisher_feed_url = NULL, removal_contact = NULL
            WHERE id = ?
            """, arguments: [ProvenanceMethod.own.rawValue, id])
        try db.run( "DELETE FROM signals WHERE item_id = ? AND kind = 'fingerprint.origin-copy'", arguments: [id])
    }
}

/// Statements of the write path, compiled once per connection: compiling
/// (and GRDB's authorizer) would otherwise cost more than the writes.
extension Database {
    func run(_ sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }

    func rows(_ sql: String, arguments: StatementArguments = StatementArguments()) throws -> [Row] {
        try Row.fetchAll(cachedStatement(sql: sql), arguments: arguments)
    }

    func row(_ sql: String, arguments: StatementArguments = StatementArguments()) throws -> Row? {
        try Row.fetchOne(cachedStatement(sql: sql), arguments: arguments)
    }

    func int64(_ sql: String, arguments: StatementArguments = StatementArguments()) throws -> Int64? {
        try Int64.fetchOne(cachedStatement(sql: sql), arguments: arguments)
    }

    func int(_ sql: String, arguments: StatementArguments = StatementArguments()) throws -> Int? {
        try Int.fetchOne(cachedStatement(sql: sql), arguments: arguments)
    }
}
