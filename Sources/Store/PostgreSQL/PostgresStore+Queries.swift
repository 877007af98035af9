import FeedModel
import Foundation
import GRDB
import Provenance

extension PostgresStore {
    public func items(_ query: ItemQuery) throws -> [StoredItem] {
        try read { db in
            var (filter, arguments) = Self.filter(query)
            let limit = arguments.count + 1
            arguments += [query.limit < 0 ? nil : query.limit, query.offset]
            let rows = try db.execute("""
                SELECT items.*, feeds.name AS feed_name FROM items JOIN feeds ON feeds.id = items.feed_id
                \(filter) ORDER BY items.sort_time DESC, items.id DESC LIMIT $\(limit) OFFSET $\(limit + 1)
                """, arguments)
            return try Self.storedItems(rows, db: db)
        }
    }

    public func itemCount(_ query: ItemQuery) throws -> Int {
        let (filter, arguments) = Self.filter(query)
        return try read { db in
            try db.execute("SELECT COUNT(*) AS n FROM items JOIN feeds ON feeds.id = items.feed_id \(filter)", arguments).first?["n"] ?? 0
        }
    }

    private static func filter(_ query: ItemQuery) -> (String, [(any DatabaseValueConvertible)?]) {
        var conditions = ["items.removed_at IS NULL"]
        var arguments: [(any DatabaseValueConvertible)?] = []
        func next(_ value: (any DatabaseValueConvertible)?) -> String {
            arguments.append(value)
            return "$\(arguments.count)"
        }
        if let site = query.originSite { conditions.append("items.origin_site = \(next(site))") }
        if let site = query.republisherSite { conditions.append("items.republisher_site = \(next(site))") }
        if let feed = query.feed { conditions.append("feeds.name = \(next(feed))") }
        if let feeds = query.feeds { conditions.append("feeds.name IN (\((feeds.isEmpty ? [next(nil)] : feeds.map { next($0) }).joined(separator: ",")))") }
        if let since = query.since { conditions.append("items.sort_time >= \(next(since.timeIntervalSince1970))") }
        if query.unattributedOnly { conditions.append("items.unattributed = 1") }
        if let search = query.search {
            let terms = SearchTerms(search).terms
            if !terms.isEmpty {
                // Every term required: a phrase in order, `word*` as a prefix, each word by its stem.
                let parts = terms.map { term -> String in
                    switch term {
                    case .word(let word): return "plainto_tsquery('english', \(next(word)))"
                    case .prefix(let word): return "to_tsquery('english', quote_literal(\(next(word))::text) || ':*')"
                    case .phrase(let phrase): return "phraseto_tsquery('english', \(next(phrase)))"
                    }
                }
                conditions.append("items.words @@ (\(parts.joined(separator: " && ")))")
            }
        }
        return ("WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    static func storedItems(_ rows: [Row], db: PostgresConnection) throws -> [StoredItem] {
        guard !rows.isEmpty else { return [] }
        let ids = rows.map { $0["id"] as Int64 }
        var signals: [Int64: [ProvenanceSignal]] = [:]
        let marks = (1...ids.count).map { "$\($0)" }.joined(separator: ",")
        for row in try db.execute("SELECT * FROM signals WHERE item_id IN (\(marks)) ORDER BY item_id, position", ids) {
            signals[row["item_id"], default: []].append(ProvenanceSignal(kind: row["kind"], value: row["value"], evidence: row["evidence"]))
        }
        return rows.map { ItemColumns.storedItem($0, signals: signals[$0["id"]] ?? []) }
    }

    /// Tombstones are found too, so that trace can say what was removed and why.
    public func trace(_ key: String) throws -> ItemTrace? {
        try read { db in
            let select = "SELECT items.*, feeds.name AS feed_name FROM items JOIN feeds ON feeds.id = items.feed_id"
            var row: Row?
            if let id = Int64(key) { row = try db.execute("\(select) WHERE items.id = $1", [id]).first }
            if row == nil { row = try db.execute("\(select) WHERE items.guid = $1 ORDER BY items.id LIMIT 1", [key]).first }
            if row == nil, let normalized = SiteAddress.normalize(key) {
                row = try db.execute("\(select) WHERE items.link_key = $1 ORDER BY items.sort_time LIMIT 1", [normalized]).first
                if row == nil { row = try db.execute("\(select) WHERE items.origin_url_key = $1 ORDER BY items.sort_time LIMIT 1", [normalized]).first }
            }
            guard let row else { return nil }
            let id: Int64 = row["id"]
            let matched: Int64? = row["matched_item_id"]
            let originKey: String? = row["origin_url_key"]
            let copies = try db.execute("""
                \(select) WHERE items.id IN (
                    SELECT id FROM items WHERE matched_item_id = $1
                    UNION SELECT id FROM items WHERE id = $2
                    UNION SELECT id FROM items WHERE matched_item_id = $2
                    UNION SELECT id FROM items WHERE origin_url_key = $3
                    UNION SELECT id FROM items WHERE link_key = $3
                ) AND items.id != $1
                ORDER BY items.sort_time, items.id
                """, [id, matched, originKey])
            let all = try Self.storedItems([row] + copies, db: db)
            return ItemTrace(item: all[0], copies: Array(all.dropFirst()))
        }
    }

    public func copies(of fingerprint: Fingerprint, sketch: ShingleSketch?, limit: Int) throws -> [StoredItem] {
        try read { db in try Self.storedItems(Array(try Self.sameArticleRows(fingerprint, sketch, db: db).prefix(limit)), db: db) }
    }

    /// One row per origin site, most items first: what SQLite's tallies keep, counted by the server.
    public func origins() throws -> [OriginSummary] {
        try read { db in
            try db.execute("""
                WITH stats AS (
                    SELECT origin_site, COUNT(*) FILTER (WHERE removed_at IS NULL) AS live, COUNT(removed_at) AS removed,
                        min(first_seen) AS first_seen, max(first_seen) AS last_seen,
                        COUNT(DISTINCT coalesce(origin_url_key, link_key, 'item:' || id)) FILTER (WHERE removed_at IS NULL) AS articles,
                        string_agg(DISTINCT republisher_site, ',') FILTER (WHERE removed_at IS NULL) AS republishers
                    FROM items WHERE origin_site IS NOT NULL GROUP BY origin_site
                )
                SELECT stats.*, \(OriginSummary.noticeColumn(site: "stats.origin_site"))
                FROM stats ORDER BY stats.live DESC, stats.origin_site COLLATE "C"
                """).map(OriginSummary.init(tally:))
        }
    }
}
