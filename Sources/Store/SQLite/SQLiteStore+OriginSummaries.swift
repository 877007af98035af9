import FeedModel
import Foundation
import GRDB

extension SQLiteStore {
    /// One row per origin site, from the tallies the triggers keep (OriginTallies).
    public func origins() throws -> [OriginSummary] {
        try database.read { db in
            try Row.fetchAll(db, sql: OriginTallies.summaries).map { row in
                let republishers = (row["republishers"] as String?)?.split(separator: ",").map(String.init).sorted() ?? []
                // The origin's own notice (its feed's items) first; else one a republisher's footer names it in.
                let notice = (row["notice"] as String?)?.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
                return OriginSummary(site: row["origin_site"], items: row["live"], firstSeen: Date(timeIntervalSince1970: row["first_seen"]),
                                     lastSeen: Date(timeIntervalSince1970: row["last_seen"]), republishers: republishers,
                                     rightsNotice: notice?.first, rightsSource: notice?.last, removed: row["removed"], articles: row["articles"])
            }
        }
    }
}
