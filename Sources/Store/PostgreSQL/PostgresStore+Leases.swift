import FeedModel
import Foundation
import GRDB

/// Several `feeds sync` on one database: claims are taken one at a time
/// (a transaction-scoped advisory lock), so that the per-host count each
/// claim reads is exact, and with `FOR UPDATE SKIP LOCKED` on the rows.
extension PostgresStore: LeasedStore {
    /// Serializes claims across every worker; any constant unlikely to clash.
    static let claimLock: Int64 = 0x6665_6564_735F_636C  // "feeds_cl"
    /// Transfers at once per host, counting every worker's live leases.
    public static let transfersPerHost = 2

    public func claimFeeds(_ names: [String], excluding: Set<String>, worker: String, limit: Int, force: Bool, dueBy: Date, now: Date,
                           lease: TimeInterval) throws -> [FeedState] {
        guard !names.isEmpty, limit > 0 else { return [] }
        try refreshStatisticsIfGrown()
        return try write { db in
            try db.execute("SELECT pg_advisory_xact_lock($1)", [Self.claimLock])
            return try db.execute("""
                WITH claimable AS (
                    SELECT id, host FROM feeds
                    WHERE name = ANY($1::text[]) AND NOT (name = ANY($2::text[])) AND gone = 0
                      AND ($3::boolean OR next_due IS NULL OR next_due <= $4)
                      AND (lease_until IS NULL OR lease_until < $5)
                      AND (host IS NULL OR host NOT IN (SELECT host FROM host_backoff WHERE until > $5))
                    ORDER BY next_due NULLS FIRST, id
                    FOR UPDATE SKIP LOCKED
                ), ranked AS (
                    SELECT claimable.id, claimable.host,
                        row_number() OVER (PARTITION BY claimable.host ORDER BY claimable.id) AS place,
                        (SELECT COUNT(*) FROM feeds AS held WHERE held.host = claimable.host AND held.lease_until >= $5) AS held
                    FROM claimable
                )
                UPDATE feeds SET lease_owner = $6, lease_since = $5, lease_until = $7
                WHERE id IN (SELECT id FROM ranked WHERE host IS NULL OR place + held <= $8 ORDER BY id LIMIT $9)
                RETURNING feeds.*, (SELECT COUNT(*) FROM items WHERE items.feed_id = feeds.id) AS item_count
                """, [PostgresConnection.array(names), PostgresConnection.array(Array(excluding)), force, dueBy.timeIntervalSince1970,
                      now.timeIntervalSince1970, worker, now.addingTimeInterval(lease).timeIntervalSince1970, Self.transfersPerHost, limit])
                .map(FeedState.init(row:))
        }
    }

    /// Keeps the planner's statistics of the tables a sync grows current. Autovacuum looks about once
    /// a minute, and a cold sync grows the items several times over in that while: planned on the
    /// statistics of a much smaller table, the copy look-ups scanned every item, and their cost grew
    /// with each item stored until autovacuum's next ANALYZE (4 ms a look-up at 3,000 items instead of
    /// 0.1 ms; a single worker's server spent four times the CPU of two workers'). So before each claim,
    /// when the items have grown by a quarter since the planner last counted them, the columns the
    /// look-ups filter on are analysed again (a worker already at it is not waited for).
    func refreshStatisticsIfGrown() throws {
        try read { db in
            guard let row = try db.execute("""
                SELECT pg_class.reltuples AS planned, pg_stat_user_tables.n_live_tup AS live
                FROM pg_class JOIN pg_stat_user_tables ON pg_stat_user_tables.relid = pg_class.oid WHERE pg_class.oid = 'items'::regclass
                """).first else { return }
            let planned: Double = row["planned"] ?? 0, live: Double = row["live"] ?? 0
            guard live >= 200, live > 1.25 * max(planned, 0) else { return }
            try db.execute("""
                ANALYZE (SKIP_LOCKED) items (id, feed_id, guid, band0, band1, band2, band3, removed_at), sketch_bands
                """)
        }
    }

    public func otherLeasesEnd(_ names: [String], excluding: Set<String>, worker: String, force: Bool, dueBy: Date, now: Date) throws -> Date? {
        guard !names.isEmpty else { return nil }
        return try read { db in
            let row = try db.execute("""
                SELECT min(lease_until) AS ends FROM feeds
                WHERE name = ANY($1::text[]) AND NOT (name = ANY($2::text[])) AND gone = 0
                  AND ($3::boolean OR next_due IS NULL OR next_due <= $4)
                  AND lease_until >= $5 AND lease_owner <> $6
                """, [PostgresConnection.array(names), PostgresConnection.array(Array(excluding)), force, dueBy.timeIntervalSince1970,
                      now.timeIntervalSince1970, worker]).first
            return (row?["ends"] as Double?).map(Date.init(timeIntervalSince1970:))
        }
    }

    public func renewLeases(worker: String, until: Date) throws {
        try write { db in
            try db.execute("UPDATE feeds SET lease_until = $1 WHERE lease_owner = $2", [until.timeIntervalSince1970, worker])
        }
    }

    public func apply(_ update: FeedUpdate, releasingLeaseOf worker: String) throws -> ItemCounts {
        try write { db in
            let counts = try store(update, db: db)
            try db.execute("UPDATE feeds SET lease_owner = NULL, lease_since = NULL, lease_until = NULL WHERE name = $1 AND lease_owner = $2",
                           [update.state.name, worker])
            return counts
        }
    }

    public func releaseLease(feed name: String, worker: String) throws {
        try write { db in
            try db.execute("UPDATE feeds SET lease_owner = NULL, lease_since = NULL, lease_until = NULL WHERE name = $1 AND lease_owner = $2",
                           [name, worker])
        }
    }

    public func backOff(host: String, until: Date) throws {
        try write { db in
            try db.execute("""
                INSERT INTO host_backoff (host, until) VALUES ($1, $2)
                ON CONFLICT (host) DO UPDATE SET until = greatest(host_backoff.until, excluded.until)
                """, [host.lowercased(), until.timeIntervalSince1970])
        }
    }

    /// The host a feed's address is fetched from, lower-cased: what the per-host cap counts.
    static func host(of address: String) -> String? {
        URLComponents(string: address)?.host?.lowercased()
    }
}

extension PostgresStore: SharedLedgerStore {
    public func ledgerLines(after sequence: Int64) throws -> [(sequence: Int64, line: String)] {
        try read { db in try Self.ledgerLines(after: sequence, db: db) }
    }

    private static func ledgerLines(after sequence: Int64, db: PostgresConnection) throws -> [(sequence: Int64, line: String)] {
        try db.execute("SELECT sequence, line FROM removal_ledger WHERE sequence > $1 ORDER BY sequence", [sequence])
            .map { ($0["sequence"], $0["line"]) }
    }

    public func addLedgerLines(_ lines: [(key: String, line: String)]) throws {
        guard !lines.isEmpty else { return }
        try write { db in
            // The lock a storing sync holds in share mode: a new request waits for the syncs storing now,
            // and every sync that stores after it sees it.
            try db.execute("LOCK TABLE removal_ledger IN SHARE ROW EXCLUSIVE MODE")
            for line in lines {
                try db.execute("INSERT INTO removal_ledger (key, line) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING", [line.key, line.line])
            }
        }
    }

    public func apply(_ update: FeedUpdate, releasingLeaseOf worker: String, ledgerAfter sequence: Int64,
                      admitting: ([String]) throws -> FeedUpdate) throws -> ItemCounts {
        try write { db in
            try db.execute("LOCK TABLE removal_ledger IN SHARE MODE")
            let lines = try Self.ledgerLines(after: sequence, db: db).map(\.line)
            let admitted = lines.isEmpty ? update : try admitting(lines)
            let counts = try store(admitted, db: db)
            try db.execute("UPDATE feeds SET lease_owner = NULL, lease_since = NULL, lease_until = NULL WHERE name = $1 AND lease_owner = $2",
                           [update.state.name, worker])
            return counts
        }
    }
}
