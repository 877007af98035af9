/// The per-site tallies behind `origins`, kept exact by triggers on `items`
/// (whoever writes: sync, purge, prune, the copy linker): live and removed
/// items, first and last seen, the distinct articles and republishers with how
/// many live items each. Every trigger takes a row's share out (`old`) and
/// puts the new one in (`new`), so an update that moves an item to another
/// origin, or a purge that makes it a tombstone, is a subtraction and an
/// addition. First and last seen only grow on insert; when a row that held
/// one leaves its site they are read again from the site's items.
enum OriginTallies {
    /// An article: its original's address when known, else its own, else the item.
    private static func article(_ row: String) -> String {
        "coalesce(\(row).origin_url_key, \(row).link_key, 'item:' || \(row).id)"
    }

    private static func add(_ row: String) -> String {
        """
        INSERT INTO origin_stats (origin_site, live, removed, first_seen, last_seen)
            SELECT \(row).origin_site, \(row).removed_at IS NULL, \(row).removed_at IS NOT NULL, \(row).first_seen, \(row).first_seen
            WHERE \(row).origin_site IS NOT NULL
            ON CONFLICT (origin_site) DO UPDATE SET live = live + excluded.live, removed = removed + excluded.removed,
                first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen);
        INSERT INTO origin_articles (origin_site, article, live)
            SELECT \(row).origin_site, \(article(row)), 1 WHERE \(row).origin_site IS NOT NULL AND \(row).removed_at IS NULL
            ON CONFLICT (origin_site, article) DO UPDATE SET live = live + 1;
        INSERT INTO origin_republishers (origin_site, republisher_site, live)
            SELECT \(row).origin_site, \(row).republisher_site, 1
            WHERE \(row).origin_site IS NOT NULL AND \(row).republisher_site IS NOT NULL AND \(row).removed_at IS NULL
            ON CONFLICT (origin_site, republisher_site) DO UPDATE SET live = live + 1;
        """
    }

    /// `leavesSite`: whether the row is gone from its site (deleted, or moved
    /// to another origin), so that its first/last seen may no longer hold.
    private static func subtract(_ row: String, leavesSite: String) -> String {
        """
        UPDATE origin_stats SET live = live - (\(row).removed_at IS NULL), removed = removed - (\(row).removed_at IS NOT NULL)
            WHERE origin_site = \(row).origin_site;
        DELETE FROM origin_stats WHERE origin_site = \(row).origin_site AND live = 0 AND removed = 0;
        UPDATE origin_stats SET
                first_seen = (SELECT min(first_seen) FROM items WHERE origin_site = \(row).origin_site),
                last_seen = (SELECT max(first_seen) FROM items WHERE origin_site = \(row).origin_site)
            WHERE origin_site = \(row).origin_site AND (\(leavesSite)) AND (first_seen = \(row).first_seen OR last_seen = \(row).first_seen);
        UPDATE origin_articles SET live = live - 1
            WHERE \(row).removed_at IS NULL AND origin_site = \(row).origin_site AND article = \(article(row));
        DELETE FROM origin_articles WHERE origin_site = \(row).origin_site AND article = \(article(row)) AND live <= 0;
        UPDATE origin_republishers SET live = live - 1
            WHERE \(row).removed_at IS NULL AND origin_site = \(row).origin_site AND republisher_site = \(row).republisher_site;
        DELETE FROM origin_republishers WHERE origin_site = \(row).origin_site AND republisher_site = \(row).republisher_site AND live <= 0;
        """
    }

    /// The columns the tallies read; an update that changes none leaves them alone.
    private static let changed = ["origin_site", "removed_at", "republisher_site", "origin_url_key", "link_key"]
        .map { "old.\($0) IS NOT new.\($0)" }.joined(separator: " OR ")

    static let schema = """
        CREATE TABLE origin_stats (
            origin_site TEXT PRIMARY KEY,
            live INTEGER NOT NULL,
            removed INTEGER NOT NULL,
            first_seen REAL NOT NULL,
            last_seen REAL NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE origin_articles (
            origin_site TEXT NOT NULL,
            article TEXT NOT NULL,
            live INTEGER NOT NULL,
            PRIMARY KEY (origin_site, article)
        ) WITHOUT ROWID;
        CREATE TABLE origin_republishers (
            origin_site TEXT NOT NULL,
            republisher_site TEXT NOT NULL,
            live INTEGER NOT NULL,
            PRIMARY KEY (origin_site, republisher_site)
        ) WITHOUT ROWID;
        -- The newest notice of a site's own feed, and of a republisher's footer: one seek each.
        CREATE INDEX items_own_notices ON items (origin_site, sort_time)
            WHERE method = 'self' AND removed_at IS NULL AND rights_notice IS NOT NULL;
        CREATE INDEX items_footer_notices ON items (origin_site, sort_time)
            WHERE method NOT IN ('self', 'fingerprint') AND removed_at IS NULL AND rights_notice IS NOT NULL AND rights_inherited = 0;

        CREATE TRIGGER origin_tallies_insert AFTER INSERT ON items BEGIN
        \(add("new"))
        END;
        CREATE TRIGGER origin_tallies_delete AFTER DELETE ON items WHEN old.origin_site IS NOT NULL BEGIN
        \(subtract("old", leavesSite: "1"))
        END;
        CREATE TRIGGER origin_tallies_update AFTER UPDATE ON items WHEN \(changed) BEGIN
        \(subtract("old", leavesSite: "old.origin_site IS NOT new.origin_site"))
        \(add("new"))
        END;

        INSERT INTO origin_stats (origin_site, live, removed, first_seen, last_seen)
            SELECT origin_site, COUNT(*) - COUNT(removed_at), COUNT(removed_at), min(first_seen), max(first_seen)
            FROM items WHERE origin_site IS NOT NULL GROUP BY origin_site;
        INSERT INTO origin_articles (origin_site, article, live)
            SELECT origin_site, \(article("items")), COUNT(*) FROM items
            WHERE origin_site IS NOT NULL AND removed_at IS NULL GROUP BY 1, 2;
        INSERT INTO origin_republishers (origin_site, republisher_site, live)
            SELECT origin_site, republisher_site, COUNT(*) FROM items
            WHERE origin_site IS NOT NULL AND republisher_site IS NOT NULL AND removed_at IS NULL GROUP BY 1, 2;
        """

    /// One row per origin site, most items first.
    static let summaries = """
        SELECT stats.origin_site, stats.live, stats.removed, stats.first_seen, stats.last_seen,
            (SELECT COUNT(*) FROM origin_articles AS articles WHERE articles.origin_site = stats.origin_site) AS articles,
            (SELECT GROUP_CONCAT(republisher_site) FROM origin_republishers AS republishers
             WHERE republishers.origin_site = stats.origin_site) AS republishers,
            -- The origin's own notice, else one from a republisher's footer (the two partial indexes).
            \(OriginSummary.noticeColumn(site: "stats.origin_site"))
        FROM origin_stats AS stats ORDER BY stats.live DESC, stats.origin_site
        """
}
