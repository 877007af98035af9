import FeedModel
import Foundation
import GRDB
@testable import Store
import Testing

/// `origins` reads tallies the triggers keep; these tests hold them to the
/// definition (an aggregate over every stored item) through the changes a
/// store lives through: new items, changed items that move to another origin
/// or republisher, copies linked across feeds, purges and prunes.
@Suite("Origin tallies")
struct OriginTalliesTests {
    /// What `origins` means, computed the slow way over every item.
    static func definition(_ store: SQLiteStore) throws -> [OriginSummary] {
        try store.database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT origin_site, COUNT(*) - COUNT(removed_at) AS live, COUNT(removed_at) AS removed,
                    COUNT(DISTINCT CASE WHEN removed_at IS NULL THEN coalesce(origin_url_key, link_key, 'item:' || id) END) AS articles,
                    MIN(first_seen) AS first, MAX(first_seen) AS last,
                    GROUP_CONCAT(DISTINCT CASE WHEN removed_at IS NULL THEN republisher_site END) AS republishers
                FROM items WHERE origin_site IS NOT NULL GROUP BY origin_site ORDER BY live DESC, origin_site
                """).map { row in
                OriginSummary(site: row["origin_site"], items: row["live"], firstSeen: Date(timeIntervalSince1970: row["first"]),
                              lastSeen: Date(timeIntervalSince1970: row["last"]),
                              republishers: (row["republishers"] as String?)?.split(separator: ",").map(String.init).sorted() ?? [],
                              rightsNotice: nil, removed: row["removed"], articles: row["articles"])
            }
        }
    }

    static func withoutNotices(_ summaries: [OriginSummary]) -> [OriginSummary] {
        summaries.map { summary in
            var summary = summary
            summary.rightsNotice = nil
            summary.rightsSource = nil
            return summary
        }
    }

    static func item(_ feed: Int, _ index: Int, origin: Int, republisher: Int?, version: Int, when: Double)
        -> (item: ParsedItem, provenance: ProvenanceRecord) {
        let site = "origin\(origin).example.org"
        // Every third article is one the origin published under a shared address, so copies share an article key.
        let link = index % 3 == 0 ? "https://\(site)/shared/\(index)" : "https://carrier\(feed).example.com/\(index)"
        let text = "Version \(version) of article \(index) from feed \(feed): the council met about the harbor."
        let item = ParsedItem(id: "urn:\(feed):\(index)", link: link, title: "Item \(index)", summary: "<p>\(text)</p>", text: text,
                              published: Date(timeIntervalSince1970: when))
        let record = ProvenanceRecord(
            origin: ProvenanceOrigin(url: link, site: site),
            republisher: republisher.map { ProvenanceRepublisher(site: "republisher\($0).example.net") },
            rights: ProvenanceRights(notice: "© \(site)", holder: site), author: nil,
            method: republisher == nil ? .own : .foreignPermalink, confidence: 0.7,
            signals: [], fingerprint: Fingerprint(UInt64(feed * 1000 + index) &* 0x9E37_79B9_7F4A_7C15))
        return (item, record)
    }

    @Test("Tallies equal the aggregate over every item after writes, changes, purges and prunes")
    func talliesFollowEveryChange() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tallies-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore.open(inCache: folder)
        let feeds = (0..<6).map { (name: "feed-\($0)", url: "https://carrier\($0).example.com/feed") }
        _ = try store.registerFeeds(feeds)
        var random = SplitMix(seed: 7)
        func sync(_ feed: Int, round: Int) throws {
            let items = (0..<12).map { index in
                Self.item(feed, index, origin: Int(random.next() % 5), republisher: random.next() % 3 == 0 ? nil : Int(random.next() % 3),
                          version: round, when: Double(1_780_000_000 + round * 100 + index))
            }
            var state = FeedState(name: "feed-\(feed)", configuredURL: feeds[feed].url, currentURL: feeds[feed].url)
            state.lastResult = "fetched"
            _ = try store.apply(FeedUpdate(state: state, site: "carrier\(feed).example.com", items: items,
                                           seen: Date(timeIntervalSince1970: Double(1_780_000_000 + round * 1000 + feed))))
        }
        for round in 0..<4 {
            for feed in 0..<6 { try sync(feed, round: round) }
            #expect(Self.withoutNotices(try store.origins()) == (try Self.definition(store)), "after sync round \(round)")
        }
        let purged = try store.purgeCandidates(.originSite("origin2.example.org")).map(\.storeID)
        #expect(!purged.isEmpty)
        try store.purge(purged, request: "r-1", at: Date(timeIntervalSince1970: 1_790_000_000))
        #expect(Self.withoutNotices(try store.origins()) == (try Self.definition(store)), "after a purge")
        #expect(try store.origins().first { $0.site == "origin2.example.org" }.map { $0.items == 0 && $0.removed == purged.count } == true)
        try sync(1, round: 9)
        #expect(Self.withoutNotices(try store.origins()) == (try Self.definition(store)), "after a sync that follows a purge")
        _ = try store.prune(feed: "feed-3")
        _ = try store.prune(feed: "feed-0")
        #expect(Self.withoutNotices(try store.origins()) == (try Self.definition(store)), "after prunes")
        for feed in [1, 2, 4, 5] { _ = try store.prune(feed: "feed-\(feed)") }
        #expect(try store.origins().isEmpty, "a store without items has no origins")
    }

    @Test("A search for common words walks the newest items and finds the same page as one for rare words would")
    func broadAndNarrowSearchesAgree() throws {
        let (store, folder) = try OneFeedStore.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        // 400 items, all about the council; every 40th one also about the ferry.
        let items = (0..<400).map { index -> (item: ParsedItem, provenance: ProvenanceRecord) in
            var entry = Self.item(0, index, origin: 0, republisher: nil, version: 0, when: Double(1_780_000_000 + (index * 37) % 400))
            if index % 40 == 0 { entry.item.text! += " The ferry was late." }
            return entry
        }
        try OneFeedStore.apply(items, to: store)
        func newest(_ matching: (ParsedItem) -> Bool, limit: Int, offset: Int = 0) -> [String] {
            Array(items.map(\.item).filter(matching).sorted { ($0.published!, $0.id) > ($1.published!, $1.id) }
                .dropFirst(offset).prefix(limit).map(\.id))
        }
        // Common: 400 matches of 400 items, well past the break-even of a 5-item page.
        #expect(try store.items(ItemQuery(search: "council", limit: 5)).map(\.item.id) == newest({ _ in true }, limit: 5))
        #expect(try store.items({ var query = ItemQuery(search: "harbor council", limit: 5); query.offset = 7; return query }()).map(\.item.id)
                == newest({ _ in true }, limit: 5, offset: 7))
        // Rare: 10 matches, fetched and sorted.
        #expect(try store.items(ItemQuery(search: "ferry", limit: 5)).map(\.item.id) == newest({ $0.text!.contains("ferry") }, limit: 5))
        #expect(try store.items(ItemQuery(search: "ferry", limit: -1)).count == 10)
    }
}

/// A store in a temporary folder with one feed, `feed-0` of carrier0.example.com.
enum OneFeedStore {
    static func make() throws -> (SQLiteStore, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        let store = try SQLiteStore.open(inCache: folder)
        _ = try store.registerFeeds([(name: "feed-0", url: "https://carrier0.example.com/feed")])
        return (store, folder)
    }

    static func apply(_ items: [(item: ParsedItem, provenance: ProvenanceRecord)], to store: SQLiteStore) throws {
        var state = FeedState(name: "feed-0", configuredURL: "https://carrier0.example.com/feed", currentURL: "https://carrier0.example.com/feed")
        state.lastResult = "fetched"
        _ = try store.apply(FeedUpdate(state: state, site: "carrier0.example.com", items: items))
    }
}

/// A small seeded generator, so a failure replays.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
