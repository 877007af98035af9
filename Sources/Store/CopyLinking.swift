import FeedModel
import GRDB
import Provenance

/// What linking a newly stored item to the copies of its article changes,
/// decided once for both backends; each runs the steps with its own SQL.
/// The origin is elected by what the copies say before when they were
/// published (`OriginElection`); every other copy that names no origin of its
/// own is marked unattributed and given the origin's. A copy marked so before,
/// that the election now makes the origin (or finds attributed), is restored.
enum CopyLinking {
    enum Step {
        /// An earlier "unattributed copy" verdict undone: the item is its own origin again.
        case restoreOwnOrigin(Int64)
        /// The origin links to no other copy.
        case clearMatch(Int64)
        case match(copy: Int64, origin: Int64)
        /// The copy said nothing of where it came from: the origin's origin is its origin
        /// (`origin` is the origin copy's row), with a signal saying so.
        case markUnattributed(copy: Int64, origin: Row, signalValue: String, evidence: String)
    }

    /// The candidates (stored items with the same text) that are copies of `row`: held from
    /// another feed, and not carried by the same site.
    static func copies(of row: Row, among candidates: [Row]) -> [Row] {
        let itemID: Int64 = row["id"], feedID: Int64 = row["feed_id"]
        let carrier: String? = row["carrier_site"]
        return candidates.filter { candidate in
            let otherCarrier: String? = candidate["carrier_site"]
            return (candidate["feed_id"] as Int64) != feedID && (candidate["id"] as Int64) != itemID && (carrier == nil || otherCarrier != carrier)
        }
    }

    /// The changes to make for the new item `row` and its `copies` (none when it has none).
    static func steps(for row: Row, copies: [Row]) -> [Step] {
        guard !copies.isEmpty else { return [] }
        let group = [row] + copies
        let electorate = group.map(CopyCandidate.init(row:))
        let originIndex = OriginElection.origin(of: electorate)
        let origin = group[originIndex]
        let originID: Int64 = origin["id"]
        func markedByFingerprint(_ row: Row) -> Bool { (row["method"] as String) == ProvenanceMethod.fingerprint.rawValue }
        var steps: [Step] = []
        if markedByFingerprint(origin) { steps.append(.restoreOwnOrigin(originID)) }
        steps.append(.clearMatch(originID))
        for (index, copy) in group.enumerated() where index != originIndex {
            let copyID: Int64 = copy["id"]
            steps.append(.match(copy: copyID, origin: originID))
            guard OriginElection.isUnattributed(electorate[index], of: electorate[originIndex]) else {
                if markedByFingerprint(copy) { steps.append(.restoreOwnOrigin(copyID)) }
                continue
            }
            let distance = ItemColumns.fingerprint(origin).distance(to: ItemColumns.fingerprint(copy))
            steps.append(.markUnattributed(
                copy: copyID, origin: origin, signalValue: (origin["link"] as String?) ?? "item \(originID)",
                evidence: "same text (fingerprint distance \(distance)) as the origin's copy, no attribution in this copy"))
        }
        return steps
    }
}
