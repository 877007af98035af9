import FeedModel
import Foundation
import GRDB
import Provenance

// Stored rows read back as values, the same for both backends (PostgreSQL's
// rows come back as GRDB rows, typed by their columns).

extension FeedState {
    init(row: Row) {
        self.init(
            name: row["name"], configuredURL: row["configured_url"], currentURL: row["current_url"],
            validators: (row["etag"], row["last_modified"]),
            lastFetched: (row["last_fetched"] as Double?).map(Date.init(timeIntervalSince1970:)),
            lastStatus: row["last_status"], lastResult: row["last_result"],
            nextDue: (row["next_due"] as Double?).map(Date.init(timeIntervalSince1970:)),
            consecutiveFailures: row["consecutive_failures"], isGone: row["gone"], pendingMove: row["pending_move"],
            pendingMoveCount: row["pending_move_count"], movedFrom: row["moved_from"], itemCount: row["item_count"] ?? 0,
            duplicateOf: row["duplicate_of"])
        // Only PostgreSQL's feeds have leases.
        if let worker = row["lease_owner"] as String?, let since = row["lease_since"] as Double?, let until = row["lease_until"] as Double? {
            lease = FeedLease(worker: worker, since: Date(timeIntervalSince1970: since), until: Date(timeIntervalSince1970: until))
        }
    }
}

extension CopyCandidate {
    /// What the origin election weighs of a stored row.
    init(row: Row) {
        self.init(site: row["carrier_site"], linkKey: row["link_key"], method: ProvenanceMethod(rawValue: row["method"]) ?? .own,
                  originSite: row["origin_site"], originURLKey: row["origin_url_key"], rightsHolder: row["rights_holder"],
                  time: row["sort_time"])
    }
}

extension PurgeCandidate {
    /// What a purge reaches, each item once, by store number: the rows in scope and, when the scope
    /// reaches copies (a feed's does not: the same article elsewhere is not that feed's to give up),
    /// the copies of each: linked to it or to its original, with the same original, or the same text
    /// (texts long enough to fingerprint). The backends give the three look-ups.
    static func reached(direct: [Row], reachesCopies: Bool, linked: (_ id: Int64, _ matched: Int64?) throws -> [Row],
                        sameOriginal: (_ originKey: String) throws -> [Row], sameText: (Row) throws -> [Row]) rethrows -> [PurgeCandidate] {
        var chosen: [Int64: Row] = [:]
        for row in direct { chosen[row["id"]] = row }
        for row in direct where reachesCopies {
            var copies = try linked(row["id"], row["matched_item_id"])
            if let originKey = row["origin_url_key"] as String? { copies += try sameOriginal(originKey) }
            if (CompressedText.text(row["text"])?.utf8.count ?? 0) >= ItemColumns.minimumMatchableText { copies += try sameText(row) }
            for copy in copies where chosen[copy["id"]] == nil { chosen[copy["id"]] = copy }
        }
        return chosen.values.sorted { ($0["id"] as Int64) < ($1["id"] as Int64) }.map(PurgeCandidate.init(row:))
    }

    /// A stored row a purge will blank, with what the ledger keeps of it.
    init(row: Row) {
        let textLength = CompressedText.text(row["text"])?.utf8.count ?? 0
        self.init(storeID: row["id"], feed: row["feed_name"], id: row["guid"], link: row["link"], originURL: row["origin_url"],
                  originSite: row["origin_site"], sketch: ItemColumns.sketch(row), fingerprint: ItemColumns.fingerprint(row),
                  fingerprintIsReliable: textLength >= ItemColumns.minimumMatchableText)
    }
}

extension OriginSummary {
    /// The `notice` column of a site's summary, in SQL both backends read: the origin's own
    /// notice (its feed's items) first, else one a republisher's footer names it in, each with
    /// where it was read after a U+001F (the two partial notice indexes serve it).
    static func noticeColumn(site: String) -> String {
        """
        coalesce(
            (SELECT own.rights_notice || '\u{1F}origin feed' FROM items AS own
             WHERE own.origin_site = \(site) AND own.method = 'self' AND own.removed_at IS NULL
               AND own.rights_notice IS NOT NULL ORDER BY own.sort_time DESC LIMIT 1),
            (SELECT own.rights_notice || '\u{1F}republisher footer' FROM items AS own
             WHERE own.origin_site = \(site) AND own.method NOT IN ('self', 'fingerprint') AND own.removed_at IS NULL
               AND own.rights_notice IS NOT NULL AND own.rights_inherited = 0 ORDER BY own.sort_time DESC LIMIT 1)
        ) AS notice
        """
    }

    /// A row of per-site tallies (SQLite's `OriginTallies.summaries`, PostgreSQL's aggregate).
    init(tally row: Row) {
        let republishers = (row["republishers"] as String?)?.split(separator: ",").map(String.init).sorted() ?? []
        // The origin's own notice (its feed's items) first; else one a republisher's footer names it in.
        let notice = (row["notice"] as String?)?.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        self.init(site: row["origin_site"], items: row["live"], firstSeen: Date(timeIntervalSince1970: row["first_seen"]),
                  lastSeen: Date(timeIntervalSince1970: row["last_seen"]), republishers: republishers,
                  rightsNotice: notice?.first, rightsSource: notice?.last, removed: row["removed"], articles: row["articles"])
    }
}
