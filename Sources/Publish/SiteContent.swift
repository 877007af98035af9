import FeedModel
import FeedsConfig
import Foundation
import Removals
import Store

/// What the site shows: the newest articles of the chosen feeds, one copy of
/// each (the original's own when we hold it), none that a removal request
/// covers; and, per origin site among them, what we hold from it.
struct SiteContent: Sendable {
    var items: [PublishedItem]
    var origins: [OriginPage]

    struct OriginPage: Sendable {
        var site: String
        var items: [PublishedItem]
        /// The store's tally for the site, when it has one.
        var summary: OriginSummary?
    }

    static func collect(_ configuration: FeedsConfiguration, _ publish: PublishConfiguration, store: any FeedStore,
                        rules: RemovalRules) throws -> SiteContent {
        let feeds = configuration.feeds.filter(publish.includes)
        let show = Dictionary(feeds.map { ($0.name, $0.show) }, uniquingKeysWith: { first, _ in first })
        var query = ItemQuery(limit: max(publish.itemCount * 2, 100))
        query.feeds = feeds.map(\.name)
        var groups: [String: [PublishedItem]] = [:]
        var order: [String] = []
        // Newest first, a page at a time, until enough distinct articles are found.
        while order.count < publish.itemCount {
            let page = try store.items(query)
            for stored in page where rules.request(covering: stored.item, provenance: stored.provenance, feed: stored.feed) == nil {
                let item = PublishedItem(stored, show: show[stored.feed] ?? .excerpt)
                if groups[item.articleKey] == nil { order.append(item.articleKey) }
                groups[item.articleKey, default: []].append(item)
            }
            if page.count < query.limit { break }
            query.offset += page.count
        }
        let items = order.prefix(publish.itemCount).compactMap { groups[$0].map(representative) }
            .sorted { ($0.published, $0.id) > ($1.published, $1.id) }
        let summaries = Dictionary(try store.origins().map { ($0.site, $0) }, uniquingKeysWith: { first, _ in first })
        let bySite = Dictionary(grouping: items, by: \.originSite)
        let origins = bySite.keys.sorted().map { site in
            OriginPage(site: site, items: bySite[site] ?? [], summary: summaries[site])
        }
        return SiteContent(items: items, origins: origins)
    }

    /// Of the copies of one article: the original's own, else one that says
    /// where it came from, else the earliest.
    static func representative(_ copies: [PublishedItem]) -> PublishedItem {
        func rank(_ item: PublishedItem) -> Int {
            if item.republisherSite == nil { return 0 }
            return item.unattributed ? 2 : 1
        }
        return copies.min { (rank($0), $0.published, $0.id) < (rank($1), $1.published, $1.id) }!
    }
}
