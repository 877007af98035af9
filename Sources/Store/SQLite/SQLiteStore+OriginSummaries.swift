import FeedModel
import Foundation
import GRDB

extension SQLiteStore {
    /// One row per origin site, from the tallies the triggers keep (OriginTallies).
    public func origins() throws -> [OriginSummary] {
        try database.read { db in
            try Row.fetchAll(db, sql: OriginTallies.summaries).map(OriginSummary.init(tally:))
        }
    }
}
