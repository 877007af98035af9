import FeedModel
import Foundation
import GRDB
import Provenance

extension SQLiteStore {
    public func items(_ query: ItemQuery) throws -> [StoredItem] {
        try database.read { db in
            let walk = try Self.searchWalksTimeIndex(query, db: db)
            let (filter, arguments) = Self.filter(query)
            let rows = try Row.fetchAll(db, sql: """
                SELECT items.*, feeds.name AS feed_name FROM \(walk ? "items INDEXED BY items_by_time" : "items")
                JOIN feeds ON feeds.id = items.feed_id
                \(filter) ORDER BY items.sort_time DESC, items.id DESC LIMIT ? OFFSET ?
                """, arguments: StatementArguments(arguments + [query.limit, query.offset]))
            return try storedItems(rows, db: db)
        }
    }

    /// Whether a search is better answered by walking the items newest first
    /// (the time index) and keeping those in the set of matches, which SQLite
    /// builds once from the search index, than by fetching and sorting every
    /// match: so when the words are common (3.8 s for 420,000 matches of a
    /// million items; 0.2 s walking), the page is small, and no narrower filter
    /// selects the items. Walking visits about page × items ÷ matches rows;
    /// fetching, one per match. (Asking the index about each row instead of
    /// building the set cost half a millisecond a row: 6.8 s at offset 5,000.)
    private static func searchWalksTimeIndex(_ query: ItemQuery, db: Database) throws -> Bool {
        guard let words = query.search.map(ftsQuery), !words.isEmpty, query.limit >= 0,
              query.originSite == nil, query.republisherSite == nil, query.feed == nil, query.feeds == nil else { return false }
        let stored = try Int.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM items") ?? 0
        let breakEven = Int((Double(query.limit + query.offset) * Double(stored)).squareRoot()) + 1
        let matches = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT rowid FROM items_fts WHERE items_fts MATCH ? LIMIT ?)",
                                       arguments: [words, breakEven + 1]) ?? 0
        return matches > breakEven
    }

    public func itemCount(_ query: ItemQuery) throws -> Int {
        let (filter, arguments) = Self.filter(query)
        return try database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM items JOIN feeds ON feeds.id = items.feed_id \(filter)",
                             arguments: StatementArguments(arguments)) ?? 0
        }
    }

    private static func filter(_ query: ItemQuery) -> (String, [(any DatabaseValueConvertible)?]) {
        var conditions = ["items.removed_at IS NULL"]
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let site = query.originSite { conditions.append("items.origin_site = ?"); arguments.append(site) }
        if let site = query.republisherSite { conditions.append("items.republisher_site = ?"); arguments.append(site) }
        if let feed = query.feed { conditions.append("feeds.name = ?"); arguments.append(feed) }
        if let feeds = query.feeds {
            conditions.append("feeds.name IN (\(Array(repeating: "?", count: feeds.count).joined(separator: ",")))")
            arguments += feeds.map { $0 }
        }
        if let since = query.since { conditions.append("items.sort_time >= ?"); arguments.append(since.timeIntervalSince1970) }
        if query.unattributedOnly { conditions.append("items.unattributed = 1") }
        if let words = query.search.map(Self.ftsQuery), !words.isEmpty {
            conditions.append("items.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)")
            arguments.append(words)
        }
        return ("WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    /// The user's words as an FTS5 query: every word required, each matched
    /// by its stem (the porter tokenizer); `word*` a prefix; "…" a phrase.
    /// Punctuation is text to find, never query syntax.
    static func ftsQuery(_ words: String) -> String {
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        return SearchTerms(words).terms.map { term in
            switch term {
            case .word(let word): return quoted(word)
            case .prefix(let word): return quoted(word) + "*"
            case .phrase(let phrase): return quoted(phrase)
            }
        }.joined(separator: " ")
    }

    private func storedItems(_ rows: [Row], db: Database) throws -> [StoredItem] {
        guard !rows.isEmpty else { return [] }
        let ids = rows.map { $0["id"] as Int64 }
        var signals: [Int64: [ProvenanceSignal]] = [:]
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
        for row in try Row.fetchAll(db, sql: "SELECT * FROM signals WHERE item_id IN (\(marks)) ORDER BY item_id, position",
                                    arguments: StatementArguments(ids)) {
            signals[row["item_id"], default: []].append(ProvenanceSignal(kind: row["kind"], value: row["value"], evidence: row["evidence"]))
        }
        return rows.map { ItemColumns.storedItem($0, signals: signals[$0["id"]] ?? []) }
    }

    /// Tombstones are found too, so that trace can say what was removed and why.
    public func trace(_ key: String) throws -> ItemTrace? {
        try database.read { db in
            let select = "SELECT items.*, feeds.name AS feed_name FROM items JOIN feeds ON feeds.id = items.feed_id"
            let normalized = SiteAddress.normalize(key)
            var row: Row?
            if let id = Int64(key) { row = try Row.fetchOne(db, sql: "\(select) WHERE items.id = ?", arguments: [id]) }
            if row == nil { row = try Row.fetchOne(db, sql: "\(select) WHERE items.guid = ? ORDER BY items.id LIMIT 1", arguments: [key]) }
            if row == nil, let normalized {
                row = try Row.fetchOne(db, sql: "\(select) WHERE items.link_key = ? ORDER BY items.sort_time LIMIT 1", arguments: [normalized])
                    ?? Row.fetchOne(db, sql: "\(select) WHERE items.origin_url_key = ? ORDER BY items.sort_time LIMIT 1", arguments: [normalized])
            }
            guard let row else { return nil }
            let id: Int64 = row["id"]
            let matched: Int64? = row["matched_item_id"]
            let originKey: String? = row["origin_url_key"]
            // One indexed look-up per relation (a single WHERE of ORs scanned the whole table).
            let copies = try Row.fetchAll(db, sql: """
                \(select) WHERE items.id IN (
                    SELECT id FROM items WHERE matched_item_id = ?1
                    UNION SELECT id FROM items WHERE id = ?2
                    UNION SELECT id FROM items WHERE matched_item_id = ?2
                    UNION SELECT id FROM items WHERE origin_url_key = ?3
                    UNION SELECT id FROM items WHERE link_key = ?3
                ) AND items.id != ?1
                ORDER BY items.sort_time, items.id
                """, arguments: [id, matched, originKey])
            let all = try storedItems([row] + copies, db: db)
            return ItemTrace(item: all[0], copies: Array(all.dropFirst()))
        }
    }

    public func copies(of fingerprint: Fingerprint, sketch: ShingleSketch?, limit: Int) throws -> [StoredItem] {
        try database.read { db in
            try storedItems(Array(try Self.sameArticleRows(fingerprint, sketch, db: db).prefix(limit)), db: db)
        }
    }
}
