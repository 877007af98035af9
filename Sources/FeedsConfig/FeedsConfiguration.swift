import Foundation

/// feeds.yml, read and checked: every path resolved against the file's folder.
public struct FeedsConfiguration: Sendable {
    /// The file this came from.
    public var file: URL
    /// State (the store, the sync lock); `cache:`, default `cache` beside the file.
    public var cacheDirectory: URL
    /// The removal ledger; `removals:`, default `removals.jsonl` beside the file, never inside the cache.
    public var removalsLedger: URL
    public var defaults: FeedDefaults
    public var feeds: [FeedEntry]
    /// `publish:`: the static site `feeds publish` writes; nil when absent.
    public var publish: PublishConfiguration?
    /// `store:`: a `postgresql://` address when several machines share the store; nil for SQLite in the cache.
    public var store: String?

    public init(file: URL, cacheDirectory: URL, removalsLedger: URL, defaults: FeedDefaults = FeedDefaults(), feeds: [FeedEntry] = [],
                publish: PublishConfiguration? = nil) {
        self.file = file
        self.cacheDirectory = cacheDirectory
        self.removalsLedger = removalsLedger
        self.defaults = defaults
        self.feeds = feeds
        self.publish = publish
    }

    public func feed(named name: String) -> FeedEntry? {
        feeds.first { $0.name == name }
    }
}

/// `defaults:`: what applies to every feed that does not say otherwise.
public struct FeedDefaults: Sendable, Equatable {
    /// Minutes between fetches of one feed.
    public var intervalMinutes = 60
    public var userAgent: String?
    public var connectTimeoutSeconds = 15
    /// Per transfer, redirects included.
    public var timeoutSeconds = 60
    public var maximumBodyBytes = 10 * 1024 * 1024
    /// Transfers at once, over all hosts (at most 2 per host whatever this says).
    public var jobs = 16
    /// Minutes before a verified item's pages are fetched again (`verify_interval:`, default a week).
    public var verifyIntervalMinutes = 7 * 24 * 60
    public var verifyInterval: TimeInterval { TimeInterval(verifyIntervalMinutes * 60) }
    /// With a PostgreSQL store: how long a sync worker holds the feeds it claimed without renewing
    /// (`lease:`, default 60 s; renewed every third of it while the worker lives).
    public var leaseSeconds = 60

    public init() {}
}

/// One entry of `feeds:`.
public struct FeedEntry: Sendable, Equatable {
    public var url: String
    /// Unique; default derived from the URL.
    public var name: String
    public var intervalMinutes: Int?
    /// A hint that this feed carries other sites' articles.
    public var republisher: Bool
    public var tags: [String]
    /// `show:`: how `feeds publish` shows this feed's items.
    public var show: PublishedText
    /// `verify:`: sync checks new and changed items against their pages (off by default).
    public var verify = false

    public init(url: String, name: String, intervalMinutes: Int? = nil, republisher: Bool = false, tags: [String] = [],
                show: PublishedText = .excerpt) {
        self.url = url
        self.name = name
        self.intervalMinutes = intervalMinutes
        self.republisher = republisher
        self.tags = tags
        self.show = show
    }

    /// A name from the URL: host without `www.` and the path's words, e.g.
    /// `https://www.example.org/blog/feed.xml` → `example.org-blog-feed`.
    public static func derivedName(from url: String) -> String {
        guard let components = URLComponents(string: url), var host = components.host?.lowercased() else { return url }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        let words = components.path.split(separator: "/").map { word -> String in
            let text = String(word)
            if let dot = text.lastIndex(of: "."), ["xml", "rss", "atom", "json", "rdf", "php"].contains(text[text.index(after: dot)...].lowercased()) {
                return String(text[..<dot])
            }
            return text
        }.filter { !$0.isEmpty }
        return ([host] + words).joined(separator: "-")
    }
}

/// How much of an item's text the published site shows.
public enum PublishedText: String, Sendable, Equatable, CaseIterable {
    /// A short plain-text excerpt and a link to the original.
    case excerpt
    /// The whole sanitized content, unchanged.
    case full
}

/// `publish:`: where and how `feeds publish` writes the aggregate.
public struct PublishConfiguration: Sendable, Equatable {
    /// `out:`: the folder the site is written into (resolved against feeds.yml's folder).
    public var outputDirectory: URL
    /// `title:`: the site's and its feeds' title.
    public var title: String
    /// `url:`: where the folder will be served, an absolute http(s) address ending in `/`.
    public var siteURL: String
    /// `items:`: how many items the pages and feeds show, newest first.
    public var itemCount: Int
    /// `feeds:`: only these feeds (names in feeds.yml); nil for all.
    public var feeds: [String]?
    /// `tags:`: only feeds with one of these tags; nil for all.
    public var tags: [String]?
    /// `removal_contact:`: a mailto: or http(s) address where rights holders ask for removal.
    public var removalContact: String
    /// `templates:`: a folder whose `NAME.mustache` files replace the built-in ones.
    public var templatesDirectory: URL?

    public init(outputDirectory: URL, title: String, siteURL: String, itemCount: Int = 50, feeds: [String]? = nil, tags: [String]? = nil,
                removalContact: String, templatesDirectory: URL? = nil) {
        self.outputDirectory = outputDirectory
        self.title = title
        self.siteURL = siteURL
        self.itemCount = itemCount
        self.feeds = feeds
        self.tags = tags
        self.removalContact = removalContact
        self.templatesDirectory = templatesDirectory
    }

    /// The feeds of `configuration` this site shows.
    public func includes(_ feed: FeedEntry) -> Bool {
        (feeds.map { $0.contains(feed.name) } ?? true) && (tags.map { !Set($0).isDisjoint(with: feed.tags) } ?? true)
    }
}

/// A bad feeds.yml: names the file, the line and the key.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var message: String

    public var description: String {
        line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}
