import FeedModel
import Foundation
import GRDB
import Provenance

/// The store in a PostgreSQL database, for several machines: every command
/// works on it as on the SQLite store (same protocol, same row readers), and
/// several `feeds sync` may share it (`SyncLeases`).
///
/// One connection, used by one caller at a time (the store is called from the
/// sync's one writer and from commands, never from many threads at once for long).
public final class PostgresStore: @unchecked Sendable {
    public let address: PostgresAddress
    private let connection: PostgresConnection
    private let lock = NSLock()

    /// Connects and brings the database's tables up to date.
    public init(_ address: PostgresAddress) throws {
        self.address = address
        connection = try PostgresConnection(address)
        try migrate()
    }

    /// The statements of `body` run on the connection, alone.
    @discardableResult
    func read<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(connection)
    }

    /// The statements of `body` as one transaction.
    @discardableResult
    func write<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try read { connection in try connection.transaction { try body(connection) } }
    }

    private func migrate() throws {
        try write { db in
            try db.execute("SELECT pg_advisory_xact_lock($1)", [PostgresSchema.migrationLock])
            try db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY)")
            let applied = Set(try db.execute("SELECT name FROM schema_migrations").map { $0["name"] as String })
            for migration in PostgresSchema.migrations where !applied.contains(migration.name) {
                try db.execute(migration.sql)
                try db.execute("INSERT INTO schema_migrations (name) VALUES ($1)", [migration.name])
            }
        }
    }
}

extension PostgresStore: FeedStore {
    // MARK: Feeds

    public func registerFeeds(_ feeds: [(name: String, url: String)]) throws -> [FeedState] {
        try write { db in
            for feed in feeds {
                // A changed address in feeds.yml is a new start for that feed.
                try db.execute("""
                    INSERT INTO feeds AS old (name, configured_url, current_url, host) VALUES ($1, $2, $2, $3)
                    ON CONFLICT (name) DO UPDATE SET
                        host = CASE WHEN old.configured_url = excluded.configured_url THEN old.host ELSE excluded.host END,
                        current_url = CASE WHEN old.configured_url = excluded.configured_url THEN old.current_url ELSE excluded.configured_url END,
                        etag = CASE WHEN old.configured_url = excluded.configured_url THEN old.etag END,
                        last_modified = CASE WHEN old.configured_url = excluded.configured_url THEN old.last_modified END,
                        gone = CASE WHEN old.configured_url = excluded.configured_url THEN old.gone ELSE 0 END,
                        configured_url = excluded.configured_url
                    """, [feed.name, feed.url, Self.host(of: feed.url)])
            }
        }
        return try feedStates()
    }

    public func feedStates() throws -> [FeedState] {
        try read { db in
            try db.execute("""
                SELECT feeds.*, (SELECT COUNT(*) FROM items WHERE items.feed_id = feeds.id) AS item_count
                FROM feeds ORDER BY name COLLATE "C"
                """).map(FeedState.init(row:))
        }
    }

    public func prune(feed name: String) throws -> Int {
        try write { db in
            guard let feedID = try db.execute("SELECT id FROM feeds WHERE name = $1", [name]).first?["id"] as Int64? else {
                throw StoreError("no feed named \"\(name)\" in the store")
            }
            let count = try db.execute("SELECT COUNT(*) AS n FROM items WHERE feed_id = $1", [feedID]).first?["n"] as Int? ?? 0
            try db.execute("DELETE FROM feeds WHERE id = $1", [feedID])  // items, signals and bands cascade
            try db.execute("UPDATE feeds SET duplicate_of = NULL WHERE duplicate_of = $1", [name])
            return count
        }
    }

    // MARK: Items

    public func apply(_ update: FeedUpdate) throws -> ItemCounts {
        try write { db in try store(update, db: db) }
    }

    /// `apply`'s work inside a transaction the caller holds (a leased sync adds its own statements).
    func store(_ update: FeedUpdate, db: PostgresConnection) throws -> ItemCounts {
        let state = update.state
        guard let feedID = try db.execute("SELECT id FROM feeds WHERE name = $1", [state.name]).first?["id"] as Int64? else {
            throw StoreError("feed \(state.name) is not in the store")
        }
        try db.execute("""
            UPDATE feeds SET current_url = $1, etag = $2, last_modified = $3, last_fetched = $4, last_status = $5, last_result = $6,
                next_due = $7, consecutive_failures = $8, gone = $9, pending_move = $10, pending_move_count = $11, moved_from = $12,
                site = coalesce($13, site), host = $15
            WHERE id = $14
            """, [
                state.currentURL, state.validators.etag, state.validators.lastModified, state.lastFetched?.timeIntervalSince1970,
                state.lastStatus, state.lastResult, state.nextDue?.timeIntervalSince1970, state.consecutiveFailures, state.isGone,
                state.pendingMove, state.pendingMoveCount, state.movedFrom, update.site, feedID, Self.host(of: state.currentURL),
            ])
        var counts = ItemCounts()
        guard let items = update.items else { return counts }
        var existing: [String: (id: Int64, hash: Int64)] = [:]
        for row in try db.execute("SELECT id, guid, content_hash FROM items WHERE feed_id = $1", [feedID]) {
            existing[row["guid"]] = (row["id"], row["content_hash"])
        }
        let seen = update.seen.timeIntervalSince1970
        let names = ItemColumns.names
        for (item, provenance) in items {
            let values = ItemColumns.values(item, provenance)
            let hash = ItemColumns.contentHash(item)
            let itemID: Int64
            var storedRow: Row?
            // The words the search index keeps: title and text, stemmed.
            let words = "to_tsvector('english', coalesce($\(names.count + 1)::text, '') || ' ' || coalesce($\(names.count + 2)::text, ''))"
            // A round trip cost more than the rows it carries: an item is written with its signals and bands
            // in one statement (data-modifying WITH clauses), and its row comes back for linking copies.
            let related = Self.relatedParameters(provenance.signals, bands: provenance.sketch?.bands ?? [])
            if let stored = existing[item.id] {
                if stored.hash == hash {
                    counts.unchanged += 1
                    continue
                }
                let assignments = names.enumerated().map { "\($1) = $\($0 + 1)" }.joined(separator: ", ")
                let next = names.count + 3
                // The old signals and bands go in the same statement; the new ones follow in a second (rows
                // deleted and inserted under one key in one statement would collide).
                storedRow = try db.execute("""
                    WITH old_signals AS (DELETE FROM signals WHERE item_id = $\(next + 2)),
                        old_bands AS (DELETE FROM sketch_bands WHERE item_id = $\(next + 2))
                    UPDATE items SET \(assignments), words = \(words), sort_time = coalesce($\(next), first_seen), last_seen = $\(next + 1),
                        matched_item_id = NULL, unattributed = 0, removed_at = NULL, removal_request = NULL
                    WHERE id = $\(next + 2) RETURNING *
                    """, values + [item.title, item.text, item.published?.timeIntervalSince1970, seen, stored.id]).first
                itemID = stored.id
                try Self.insertRelated(related, of: itemID, db: db)
                counts.updated += 1
            } else {
                let leading = ["feed_id", "guid", "first_seen", "last_seen", "sort_time", "carrier_site"]
                let marks = (1...names.count).map { "$\($0)" } + ["\(words)"] + (0..<leading.count).map { "$\(names.count + 3 + $0)" }
                let columns = names + ["words"] + leading
                storedRow = try db.execute("""
                    WITH item AS (INSERT INTO items (\(columns.joined(separator: ", "))) VALUES (\(marks.joined(separator: ", "))) RETURNING *)
                    \(Self.relatedRows(firstParameter: names.count + 3 + leading.count))
                    SELECT * FROM item
                    """, values + [item.title, item.text, feedID, item.id, seen, seen, item.published?.timeIntervalSince1970 ?? seen, update.site]
                        + related).first
                itemID = storedRow?["id"] ?? 0
                existing[item.id] = (itemID, hash)
                counts.new += 1
            }
            if (item.text?.utf8.count ?? 0) >= ItemColumns.minimumMatchableText, let storedRow {
                try linkCopies(of: storedRow, db: db)
            }
        }
        try noteDuplicateSubscription(feedID, db: db)
        return counts
    }

    public func updateProvenance(of storeID: Int64, to record: ProvenanceRecord) throws {
        try write { db in
            guard let row = try db.execute("""
                SELECT items.*, feeds.name AS feed_name FROM items JOIN feeds ON feeds.id = items.feed_id
                WHERE items.id = $1 AND removed_at IS NULL
                """, [storeID]).first else {
                throw StoreError("item \(storeID) is not in the store")
            }
            let stored = ItemColumns.storedItem(row, signals: [])
            // Every column is written again from the same item, so its words do not change.
            let assignments = ItemColumns.names.enumerated().map { "\($1) = $\($0 + 1)" }.joined(separator: ", ")
            try db.execute("UPDATE items SET \(assignments) WHERE id = $\(ItemColumns.names.count + 1)",
                           ItemColumns.values(stored.item, record) + [storeID])
            try db.execute("DELETE FROM signals WHERE item_id = $1", [storeID])
            try Self.insertRelated(Self.relatedParameters(record.signals, bands: []), of: storeID, db: db)
        }
    }

    public func pageCacheEntry(_ url: String) throws -> Data? {
        try read { db in try db.execute("SELECT entry FROM page_cache WHERE url = $1", [url]).first?["entry"] }
    }

    public func savePageCacheEntry(_ url: String, _ entry: Data) throws {
        try write { db in
            try db.execute("INSERT INTO page_cache (url, entry) VALUES ($1, $2) ON CONFLICT (url) DO UPDATE SET entry = excluded.entry", [url, entry])
        }
    }

    /// The WITH clauses that write the signals (kinds, values, evidence: three text[] parameters from
    /// `firstParameter`) and sketch bands (a bigint[] after them) of the `item` clause's row.
    private static func relatedRows(firstParameter first: Int) -> String {
        """
        , item_signals AS (
            INSERT INTO signals (item_id, position, kind, value, evidence)
            SELECT item.id, signal.position - 1, signal.kind, signal.value, signal.evidence
            FROM item, unnest($\(first)::text[], $\(first + 1)::text[], $\(first + 2)::text[]) WITH ORDINALITY AS signal (kind, value, evidence, position))
        , item_bands AS (
            INSERT INTO sketch_bands (band, item_id) SELECT band, item.id FROM item, unnest($\(first + 3)::bigint[]) AS band ON CONFLICT DO NOTHING)
        """
    }

    /// The parameters `relatedRows` reads: the signals' kinds, values and evidence, then the sketch bands.
    private static func relatedParameters(_ signals: [ProvenanceSignal], bands: [Int64]) -> [(any DatabaseValueConvertible)?] {
        [PostgresConnection.array(signals.map(\.kind)), PostgresConnection.array(signals.map(\.value)),
         PostgresConnection.array(signals.map(\.evidence)), PostgresConnection.array(bands)]
    }

    /// The signals and sketch bands of a stored item whose old ones are gone, in one statement.
    private static func insertRelated(_ related: [(any DatabaseValueConvertible)?], of itemID: Int64, db: PostgresConnection) throws {
        try db.execute("""
            WITH item AS (SELECT $1::bigint AS id)
            \(relatedRows(firstParameter: 2))
            SELECT 1
            """, [itemID] + related)
    }

    /// Links an item (its row as stored) to the copies of the same article held from other sites, as `CopyLinking` decides.
    private func linkCopies(of row: Row, db: PostgresConnection) throws {
        // The item itself is among the rows with its text: left out before its copies are read whole.
        let copies = CopyLinking.copies(of: row, among: try Self.sameArticleRows(ItemColumns.fingerprint(row), ItemColumns.sketch(row),
                                                                                 excluding: row["id"], db: db))
        for step in CopyLinking.steps(for: row, copies: copies) {
            switch step {
            case .restoreOwnOrigin(let id):
                try restoreOwnOrigin(id, db: db)
            case .clearMatch(let id):
                try db.execute("UPDATE items SET matched_item_id = NULL WHERE id = $1", [id])
            case .match(let copyID, let originID):
                try db.execute("UPDATE items SET matched_item_id = $1 WHERE id = $2", [originID, copyID])
            case .markUnattributed(let copyID, let origin, let value, let evidence):
                try db.execute("""
                    UPDATE items SET method = $1, confidence = 0.6, unattributed = 1, origin_url = $2, origin_url_key = $3, origin_site = $4,
                        origin_name = $5, republisher_site = carrier_site,
                        republisher_feed_url = (SELECT current_url FROM feeds WHERE feeds.id = items.feed_id)
                    WHERE id = $6
                    """, [ProvenanceMethod.fingerprint.rawValue, origin["origin_url"] as String?, origin["origin_url_key"] as String?,
                          origin["origin_site"] as String?, origin["origin_name"] as String?, copyID])
                try db.execute("DELETE FROM signals WHERE item_id = $1 AND kind = 'fingerprint.origin-copy'", [copyID])
                let position = try db.execute("SELECT coalesce(max(position) + 1, 0) AS next FROM signals WHERE item_id = $1", [copyID])
                    .first?["next"] as Int? ?? 0
                try db.execute("INSERT INTO signals (item_id, position, kind, value, evidence) VALUES ($1, $2, 'fingerprint.origin-copy', $3, $4)",
                               [copyID, position, value, evidence])
            }
        }
    }

    /// Marks the feed as a second subscription of an earlier one (four fifths of its items the same).
    private func noteDuplicateSubscription(_ feedID: Int64, db: PostgresConnection) throws {
        let total = try db.execute("SELECT COUNT(*) AS n FROM items WHERE feed_id = $1 AND removed_at IS NULL", [feedID]).first?["n"] as Int? ?? 0
        var duplicateOf: String?
        if total > 0, let shared = try db.execute("""
            SELECT other.name AS name, COUNT(*) AS shared FROM items AS mine
            JOIN items AS theirs ON theirs.guid = mine.guid AND theirs.feed_id < mine.feed_id AND theirs.content_hash = mine.content_hash
            JOIN feeds AS other ON other.id = theirs.feed_id
            WHERE mine.feed_id = $1 AND mine.removed_at IS NULL GROUP BY theirs.feed_id, other.name, other.id
            ORDER BY shared DESC, other.id LIMIT 1
            """, [feedID]).first, (shared["shared"] as Int) * 5 >= total * 4 {
            duplicateOf = shared["name"]
        }
        try db.execute("UPDATE feeds SET duplicate_of = $1 WHERE id = $2", [duplicateOf, feedID])
    }

    /// Stored items (not removed) with the same article's text, read whole with their feed's name.
    static func sameArticleRows(_ fingerprint: Fingerprint, _ sketch: ShingleSketch?, excluding itemID: Int64? = nil,
                                db: PostgresConnection) throws -> [Row] {
        let bands: [(any DatabaseValueConvertible)?] = fingerprint.bands.map { Int64($0) }
        // One statement, planned for its values: a bitmap of the four band indexes and an index look-up
        // of the sketch's bands (none without a sketch). Planned once for any values, the OR of the bands
        // became a scan of every item as the store grew (90 % of a sync's server time); as one index
        // look-up per band under UNION it cost twice the planning of this form, the most of a stored item.
        let candidates = try db.execute("""
            SELECT id, fingerprint, sketch FROM items
            WHERE (band0 = $1 OR band1 = $2 OR band2 = $3 OR band3 = $4) AND removed_at IS NULL
            UNION ALL SELECT items.id, items.fingerprint, items.sketch FROM sketch_bands JOIN items ON items.id = sketch_bands.item_id
                WHERE sketch_bands.band = ANY($5::bigint[]) AND items.removed_at IS NULL
            """, bands + [PostgresConnection.array(sketch?.bands ?? [])], planned: .forTheValues)
        var seen: Set<Int64> = itemID.map { [$0] } ?? []
        var copies: [Int64] = []
        for row in candidates where seen.insert(row["id"]).inserted {
            if SameArticle.test(fingerprint, sketch, ItemColumns.fingerprint(row), ItemColumns.sketch(row)) { copies.append(row["id"]) }
        }
        guard !copies.isEmpty else { return [] }
        // The copies read whole in one statement, in the order they were found.
        let rows = try db.execute("""
            SELECT items.*, feeds.name AS feed_name FROM items JOIN feeds ON feeds.id = items.feed_id WHERE items.id = ANY($1::bigint[])
            """, [PostgresConnection.array(copies)])
        let byID = Dictionary(rows.map { ($0["id"] as Int64, $0) }, uniquingKeysWith: { first, _ in first })
        return copies.compactMap { byID[$0] }
    }

    /// Undoes an earlier "unattributed copy" verdict on an item that turned out to be the original.
    private func restoreOwnOrigin(_ id: Int64, db: PostgresConnection) throws {
        try db.execute("""
            UPDATE items SET method = $1, confidence = 0.7, unattributed = 0, origin_url = link, origin_url_key = link_key,
                origin_site = coalesce(carrier_site, origin_site), origin_name = NULL, republisher_site = NULL,
                republisher_feed_url = NULL, removal_contact = NULL
            WHERE id = $2
            """, [ProvenanceMethod.own.rawValue, id])
        try db.execute("DELETE FROM signals WHERE item_id = $1 AND kind = 'fingerprint.origin-copy'", [id])
    }
}
