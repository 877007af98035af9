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

    public init(file: URL, cacheDirectory: URL, removalsLedger: URL, defaults: FeedDefaults = FeedDefaults(), feeds: [FeedEntry] = []) {
        self.file = file
        self.cacheDirectory = cacheDirectory
        self.removalsLedger = removalsLedger
        self.defaults = defaults
        self.feeds = feeds
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

    public init(url: String, name: String, intervalMinutes: Int? = nil, republisher: Bool = false, tags: [String] = []) {
        self.url = url
        self.name = name
        self.intervalMinutes = intervalMinutes
        self.republisher = republisher
        self.tags = tags
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

/// A bad feeds.yml: names the file, the line and the key.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var message: String

    public var description: String {
        line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}
