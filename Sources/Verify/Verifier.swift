import FeedModel
import Fetcher
import Foundation
import Provenance
import Store

/// Asks the web what the feed did not say: fetches each item's own page and
/// the page of its claimed original (through the fetcher, so with its limits
/// and at most two transfers per host; robots.txt honoured for pages), reads
/// what each page says of itself (PageFacts), adds it to the record as
/// signals, lets a republisher's canonical link name the origin, fills the
/// rights and author the feed left out, and checks that the origin's page
/// carries the item's text (docs/provenance.md, "Verification").
public struct Verifier: Sendable {
    let fetcher: Fetcher
    let productToken: String
    let cache: PageCache?
    let interval: TimeInterval

    /// `cache`: pages (and robots.txt) read before, fetched again only when older than
    /// `interval`, then with conditional requests.
    public init(configuration: FetcherConfiguration = FetcherConfiguration(), cache: PageCache? = nil, interval: TimeInterval = 7 * 86_400) {
        fetcher = Fetcher(configuration: configuration)
        productToken = configuration.userAgent.split(separator: "/").first.map(String.init) ?? "feeds"
        self.cache = cache
        self.interval = interval
    }

    public func verify(_ items: [ParsedItem], _ records: [ProvenanceRecord], now: Date = Date()) async -> [ProvenanceRecord] {
        var pages = PageBook(fetcher: fetcher, productToken: productToken, cache: cache, interval: interval, now: now)
        // First each item's own page; then the originals they name.
        await pages.load(items.compactMap { $0.link }.filter(URLSafety.isWebBase))
        var originals: [String] = []
        var updated = records
        for index in items.indices {
            updated[index] = Self.withItemPage(items[index], records[index], pages)
            if let original = Self.originalPage(items[index], updated[index]) { originals.append(original) }
        }
        await pages.load(originals)
        for index in items.indices {
            updated[index] = Self.withOriginPage(items[index], updated[index], pages, now: now)
        }
        return updated
    }

    /// The item's own page: its statements as `page.*` signals; a canonical address on another
    /// site than the carrier's names the origin when the feed named none (or only its own link).
    static func withItemPage(_ item: ParsedItem, _ record: ProvenanceRecord, _ pages: PageBook) -> ProvenanceRecord {
        guard let link = item.link, case .read(let facts, _)? = pages[link] else { return record }
        var record = record
        for statement in facts.statements {
            record.signals.append(ProvenanceSignal(kind: "page.\(statement.kind)", value: statement.value, evidence: "on \(link)"))
        }
        let carrier = SiteAddress.site(of: link)
        let canonical = ["canonical", "og:url", "jsonld.url", "jsonld.main-entity-of-page", "jsonld.is-based-on"].lazy
            .compactMap(facts.first).first { address in
                guard let site = SiteAddress.site(of: address) else { return false }
                return site != carrier
            }
        guard let canonical, let site = SiteAddress.site(of: canonical) else { return record }
        if record.method == .own || record.method == .foreignPermalink && record.origin.site == carrier {
            // The feed named no other origin; the republisher's own page does.
            record.origin = ProvenanceOrigin(url: canonical, site: site, name: facts.first("og:site-name"))
            record.republisher = ProvenanceRepublisher(site: carrier, feedURL: record.republisher?.feedURL)
            record.method = .pageCanonical
            record.confidence = 0.9
        } else if record.origin.site == site {
            record.confidence = min(0.99, record.confidence + 0.1)
        }
        return record
    }

    /// The page whose text should be the item's: the origin's article, else the item's own page.
    static func originalPage(_ item: ParsedItem, _ record: ProvenanceRecord) -> String? {
        if let origin = record.origin.url, URLSafety.isWebBase(origin), !SiteAddress.isHomePage(origin) { return origin }
        return item.link.flatMap { URLSafety.isWebBase($0) ? $0 : nil }
    }

    static func withOriginPage(_ item: ParsedItem, _ record: ProvenanceRecord, _ pages: PageBook, now: Date) -> ProvenanceRecord {
        guard let address = originalPage(item, record), let page = pages[address] else { return record }
        var record = record
        switch page {
        case .unreadable(let reason):
            record.verification = ProvenanceVerification(status: .unreachable, url: address, checked: now, detail: reason)
        case .read(let facts, let finalURL):
            if address != item.link {
                for statement in facts.statements {
                    record.signals.append(ProvenanceSignal(kind: "origin-page.\(statement.kind)", value: statement.value, evidence: "on \(finalURL)"))
                }
            }
            // What the origin's page says of the rights and the author, where the feed said nothing.
            var rights = record.rights ?? ProvenanceRights()
            if rights.holder == nil { rights.holder = facts.first("jsonld.copyright-holder") }
            if rights.notice == nil { rights.notice = facts.first("jsonld.copyright-notice") ?? facts.first("copyright") }
            if rights.license == nil { rights.license = facts.first("jsonld.license") ?? facts.first("license") }
            if rights != ProvenanceRights() { record.rights = rights }
            if record.author == nil { record.author = facts.first("jsonld.author") ?? facts.first("author") ?? facts.first("article:author") }
            record.verification = verdict(item, facts, url: finalURL, now: now)
            if record.verification?.status == .sameText { record.confidence = min(0.99, record.confidence + 0.05) }
        }
        return record
    }

    static func verdict(_ item: ParsedItem, _ facts: PageFacts, url: String, now: Date) -> ProvenanceVerification {
        let pageWords = facts.articleWords
        guard pageWords >= TextMatch.minimumPageWords else {
            return ProvenanceVerification(status: .unreachable, url: url, checked: now,
                                          detail: "no article text on the page (\(pageWords) words; written by a script?)")
        }
        let (share, shingles) = TextMatch.share(of: item.text ?? item.title ?? "", inShingles: Set(facts.articleShingles))
        let percent = Int((share * 100).rounded())
        let detail = "\(percent) % of the item's \(shingles) word runs are in the page's article"
        return ProvenanceVerification(status: share >= TextMatch.sameTextShare ? .sameText : .differentText, url: url, checked: now, detail: detail)
    }
}

/// Where pages read before are kept between runs (the store's page cache):
/// an entry per address, as the verifier encodes it.
public struct PageCache: Sendable {
    public var load: @Sendable (String) -> Data?
    public var save: @Sendable (String, Data) -> Void

    public init(load: @escaping @Sendable (String) -> Data?, save: @escaping @Sendable (String, Data) -> Void) {
        self.load = load
        self.save = save
    }
}

extension PageCache {
    /// The cache a store keeps (its `page_cache` table); a failing read or write is a miss, never an error.
    public static func backed(by store: any FeedStore) -> PageCache {
        PageCache(load: { try? store.pageCacheEntry($0) }, save: { try? store.savePageCacheEntry($0, $1) })
    }
}

/// A page (or robots.txt) as the cache keeps it: its validators, when it was
/// fetched, and what was read from it; never its words.
struct CachedPage: Codable {
    var finalURL: String
    var etag: String?
    var lastModified: String?
    var fetched: Date
    var facts: PageFacts?
    var failure: String?
    var robots: String?
}

/// Pages fetched in this run, by the address asked for, with the robots.txt of their hosts.
struct PageBook: Sendable {
    enum Page: Sendable {
        case read(PageFacts, finalURL: String)
        case unreadable(String)
    }

    let fetcher: Fetcher
    let productToken: String
    let cache: PageCache?
    let interval: TimeInterval
    let now: Date
    private var pages: [String: Page] = [:]
    private var robots: [String: Robots] = [:]
    /// robots.txt is read again after a day, whatever the interval for pages.
    static let robotsInterval: TimeInterval = 86_400

    init(fetcher: Fetcher, productToken: String, cache: PageCache? = nil, interval: TimeInterval = 7 * 86_400, now: Date = Date()) {
        self.fetcher = fetcher
        self.productToken = productToken
        self.cache = cache
        self.interval = interval
        self.now = now
    }

    private func cached(_ address: String) -> CachedPage? {
        cache?.load(address).flatMap { try? JSONDecoder().decode(CachedPage.self, from: $0) }
    }

    private func remember(_ address: String, _ page: CachedPage) {
        guard let cache, let data = try? JSONEncoder().encode(page) else { return }
        cache.save(address, data)
    }

    subscript(address: String) -> Page? { pages[address] }

    mutating func load(_ addresses: [String]) async {
        let wanted = Array(Set(addresses.filter { pages[$0] == nil })).sorted()
        guard !wanted.isEmpty else { return }
        // robots.txt once per host, before any page of it.
        var hosts: [String] = []
        for host in Set(wanted.compactMap(Self.robotsAddress)).subtracting(robots.keys).sorted() {
            if let entry = cached(host), let text = entry.robots, now.timeIntervalSince(entry.fetched) < Self.robotsInterval {
                robots[host] = Robots(text, productToken: productToken)
            } else {
                hosts.append(host)
            }
        }
        let robotResults = await fetcher.fetch(hosts.map { FetchRequest(url: $0) })
        for (host, result) in zip(hosts, robotResults) {
            var text: String?
            switch result.outcome {
            case .fetched(let body): text = String(decoding: body, as: UTF8.self)
            case .httpError(let status) where (400..<500).contains(status): text = ""
            case .gone: text = ""
            default: robots[host] = .disallowAll  // unreachable or failing: ask again another time
            }
            if let text {
                robots[host] = Robots(text, productToken: productToken)
                remember(host, CachedPage(finalURL: result.finalURL, fetched: now, robots: text))
            }
        }
        var allowed: [String] = []
        for address in wanted {
            guard let robotsAddress = Self.robotsAddress(address), let rules = robots[robotsAddress] else {
                pages[address] = .unreadable("not an http(s) address")
                continue
            }
            guard rules.allows(Self.pathAndQuery(address)) else {
                pages[address] = .unreadable("disallowed by \(robotsAddress)")
                continue
            }
            allowed.append(address)
        }
        // A page read within the interval is not fetched again; an older one is asked for conditionally.
        var requests: [FetchRequest] = []
        var earlier: [String: CachedPage] = [:]
        for address in allowed {
            if let entry = cached(address), entry.robots == nil {
                if now.timeIntervalSince(entry.fetched) < interval {
                    pages[address] = entry.facts.map { .read($0, finalURL: entry.finalURL) } ?? .unreadable(entry.failure ?? "unreadable")
                    continue
                }
                earlier[address] = entry
            }
            let entry = earlier[address]
            requests.append(FetchRequest(url: address, validators: Validators(etag: entry?.etag, lastModified: entry?.lastModified)))
        }
        let results = await fetcher.fetch(requests)
        for (request, result) in zip(requests, results) {
            let address = request.url
            var entry = CachedPage(finalURL: result.finalURL, etag: result.validators.etag, lastModified: result.validators.lastModified, fetched: now)
            switch result.outcome {
            case .fetched(let body):
                entry.facts = PageFacts.read(body, url: result.finalURL, charset: result.charset)
                if entry.facts == nil { entry.failure = "not an HTML page" }
            case .notModified:
                entry.facts = earlier[address]?.facts
                entry.finalURL = earlier[address]?.finalURL ?? result.finalURL
                if entry.facts == nil { entry.failure = "HTTP 304 without a cached copy" }
            case .httpError(let status): entry.failure = "HTTP \(status)"
            case .gone: entry.failure = "HTTP 410 Gone"
            case .throttled(let status, _): entry.failure = "HTTP \(status): the server asked us to come back later"
            case .failed(let failure): entry.failure = failure.description
            }
            pages[address] = entry.facts.map { .read($0, finalURL: entry.finalURL) } ?? .unreadable(entry.failure ?? "unreadable")
            // Failures that may pass (a timeout, a 5xx) are not kept: the next run asks again.
            if entry.facts != nil || [.gone].contains(result.outcome) || { if case .httpError(let status) = result.outcome { return status < 500 } else { return false } }() {
                remember(address, entry)
            }
        }
    }

    static func robotsAddress(_ address: String) -> String? {
        guard let components = URLComponents(string: address), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme), let host = components.host else { return nil }
        return "\(scheme)://\(host)\(components.port.map { ":\($0)" } ?? "")/robots.txt"
    }

    static func pathAndQuery(_ address: String) -> String {
        guard let components = URLComponents(string: address) else { return "/" }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        return path + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
    }
}
