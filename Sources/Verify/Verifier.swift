import FeedModel
import Fetcher
import Foundation
import Provenance

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

    public init(configuration: FetcherConfiguration = FetcherConfiguration()) {
        fetcher = Fetcher(configuration: configuration)
        productToken = configuration.userAgent.split(separator: "/").first.map(String.init) ?? "feeds"
    }

    public func verify(_ items: [ParsedItem], _ records: [ProvenanceRecord], now: Date = Date()) async -> [ProvenanceRecord] {
        var pages = PageBook(fetcher: fetcher, productToken: productToken)
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
        let pageWords = facts.articleText.split(separator: " ").count
        guard pageWords >= TextMatch.minimumPageWords else {
            return ProvenanceVerification(status: .unreachable, url: url, checked: now,
                                          detail: "no article text on the page (\(pageWords) words; written by a script?)")
        }
        let (share, shingles) = TextMatch.share(of: item.text ?? item.title ?? "", in: facts.articleText)
        let percent = Int((share * 100).rounded())
        let detail = "\(percent) % of the item's \(shingles) word runs are in the page's article"
        return ProvenanceVerification(status: share >= TextMatch.sameTextShare ? .sameText : .differentText, url: url, checked: now, detail: detail)
    }
}

/// Pages fetched in this run, by the address asked for, with the robots.txt of their hosts.
struct PageBook: Sendable {
    enum Page: Sendable {
        case read(PageFacts, finalURL: String)
        case unreadable(String)
    }

    let fetcher: Fetcher
    let productToken: String
    private var pages: [String: Page] = [:]
    private var robots: [String: Robots] = [:]

    init(fetcher: Fetcher, productToken: String) {
        self.fetcher = fetcher
        self.productToken = productToken
    }

    subscript(address: String) -> Page? { pages[address] }

    mutating func load(_ addresses: [String]) async {
        let wanted = Array(Set(addresses.filter { pages[$0] == nil })).sorted()
        guard !wanted.isEmpty else { return }
        // robots.txt once per host, before any page of it.
        let hosts = Set(wanted.compactMap(Self.robotsAddress)).subtracting(robots.keys).sorted()
        let robotResults = await fetcher.fetch(hosts.map { FetchRequest(url: $0) })
        for (host, result) in zip(hosts, robotResults) {
            switch result.outcome {
            case .fetched(let body): robots[host] = Robots(String(decoding: body, as: UTF8.self), productToken: productToken)
            case .httpError(let status) where (400..<500).contains(status): robots[host] = .allowAll
            case .gone: robots[host] = .allowAll
            default: robots[host] = .disallowAll  // unreachable or failing: ask again another time
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
        let results = await fetcher.fetch(allowed.map { FetchRequest(url: $0) })
        for (address, result) in zip(allowed, results) {
            switch result.outcome {
            case .fetched(let body):
                if let facts = PageFacts.read(body, url: result.finalURL, charset: result.charset) {
                    pages[address] = .read(facts, finalURL: result.finalURL)
                } else {
                    pages[address] = .unreadable("not an HTML page")
                }
            case .httpError(let status): pages[address] = .unreadable("HTTP \(status)")
            case .gone: pages[address] = .unreadable("HTTP 410 Gone")
            case .throttled(let status, _): pages[address] = .unreadable("HTTP \(status): the server asked us to come back later")
            case .notModified: pages[address] = .unreadable("HTTP 304 without a cached copy")
            case .failed(let failure): pages[address] = .unreadable(failure.description)
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
