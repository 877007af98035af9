import Foundation
import LoopbackHTTP
@testable import Store
import Testing

/// Two sites on loopback, as check --verify meets them: an aggregator,
/// `wire.localhost` (its feed and its article pages), and an origin,
/// `herald.localhost` (the originals, with structured data): names under
/// `.localhost` reach 127.0.0.1 and are two sites, as two domains would be. The pages imitate what real sites
/// serve: a WordPress-like republished post with a canonical link, an origin
/// article with JSON-LD in `@graph` form, a news page with og: tags only.
struct VerifyWorld {
    let origin: LoopbackServer
    let aggregator: LoopbackServer
    let folder: URL
    let originPages = SitePages()

    static let harbor = """
        The county board voted five to two on Tuesday to fund the harbor dredging plan that fishermen have sought for a decade. \
        The channel has silted up so badly that trawlers wait for high tide to reach the fish market, losing hours each week. \
        Work is expected to start in April and to last two summers, with the spoil taken to rebuild the eroded dunes.
        """
    static let ferry = """
        Fares on the island ferry rise by four per cent in January, the operator said on Monday, blaming the price of fuel \
        and a new agreement with its crews. Season tickets for residents are frozen for another year after a petition.
        """
    static let unrelated = """
        The summer fair drew record crowds to the green on Saturday, where the brass band played until dusk and the \
        bakery sold out of pies by noon. Organisers thanked the volunteers who set up the stalls in the rain.
        """
    static let museum = """
        The maritime museum reopens on Friday after a two-year refit that added a gallery of ship models, a children's \
        room with a working crane, and a café overlooking the old dock where the first steamers were built.
        """

    static func page(title: String, text: String, head: String = "") -> String {
        let paragraphs = text.components(separatedBy: ". ").map { "<p>\($0).</p>" }.joined(separator: "\n")
        return """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>\(title)</title>\(head)</head><body>
            <header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
            <main><article><h1>\(title)</h1><div class="entry-content">\(paragraphs)</div></article>
            <div class="comments"><p>Great article, thanks for sharing this with everyone here today!</p></div></main>
            <footer><p>Copyright the publisher. All rights reserved. Terms and privacy policy apply to this site.</p></footer>
            </body></html>
            """
    }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("feeds-verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let originPages = self.originPages
        origin = try LoopbackServer { originPages.respond($0) }
        let aggregatorPages = SitePages()
        aggregator = try LoopbackServer { aggregatorPages.respond($0) }
        let originBase = Self.named(origin, "herald")
        let aggregatorBase = Self.named(aggregator, "wire")

        // The origin: an article with JSON-LD in @graph form, the publisher referenced by @id.
        let graph = """
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"Organization","@id":"\(originBase)/#org","name":"Coastal Herald","url":"\(originBase)/"},
              {"@type":"WebPage","@id":"\(originBase)/news/harbor","url":"\(originBase)/news/harbor"},
              {"@type":["NewsArticle"],"headline":"Harbor dredging plan approved","mainEntityOfPage":{"@id":"\(originBase)/news/harbor"},
               "author":[{"@type":"Person","name":"Maria Lopez"}],"publisher":{"@id":"\(originBase)/#org"},
               "copyrightHolder":{"@id":"\(originBase)/#org"},"copyrightNotice":"© 2026 Coastal Herald",
               "license":"https://creativecommons.org/licenses/by-nd/4.0/"}]}</script>
            """
        originPages["/news/harbor"] = .page(Self.page(title: "Harbor dredging plan approved", text: Self.harbor, head: graph))
        originPages["/news/ferry"] = .page(Self.page(title: "Summer fair", text: Self.unrelated))
        originPages["/news/museum"] = .page(Self.page(title: "Museum reopens", text: Self.museum, head: """
            <meta property="og:url" content="\(originBase)/news/museum"><meta property="og:site_name" content="Coastal Herald">
            <meta property="article:author" content="Tom Reyes">
            """))
        originPages["/robots.txt"] = .page("User-agent: *\nDisallow: /admin/\n")

        // The aggregator: a republished post whose page names the original by rel=canonical.
        aggregatorPages["/2026/harbor"] = .page(Self.page(title: "Harbor dredging plan approved", text: Self.harbor,
                                                          head: "<link rel=\"canonical\" href=\"\(originBase)/news/harbor\">"))
        aggregatorPages["/2026/ferry"] = .page(Self.page(title: "Ferry fares rise", text: Self.ferry))
        aggregatorPages["/2026/harbor-credited"] = .page(Self.page(title: "Harbor plan, credited", text: Self.harbor))
        aggregatorPages["/2026/moved"] = .redirect("\(aggregatorBase)/2026/moved-here")
        aggregatorPages["/2026/moved-here"] = .page(Self.page(title: "Ferry fares rise", text: Self.ferry))
        aggregatorPages["/2026/slow"] = .slow(Self.page(title: "Slow", text: Self.ferry))
        aggregatorPages["/private/museum-notes"] = .page(Self.page(title: "Notes", text: Self.museum))
        aggregatorPages["/robots.txt"] = .page("User-agent: *\nDisallow: /private/\n")
        func item(_ title: String, _ link: String, _ html: String) -> String {
            "<item><title>\(title)</title><link>\(link)</link><guid>\(link)</guid><description><![CDATA[\(html)]]></description></item>"
        }
        aggregatorPages["/feed.xml"] = .page("""
            <?xml version="1.0"?><rss version="2.0"><channel><title>Regional Wire</title><link>\(aggregatorBase)/</link>
            \(item("Harbor dredging plan approved", "\(aggregatorBase)/2026/harbor", "<p>\(Self.harbor)</p>"))
            \(item("Ferry fares rise", "\(aggregatorBase)/2026/ferry", "<p>\(Self.ferry)</p><p>This story was originally published by "
                   + "<a href=\"\(originBase)/news/ferry\">Coastal Herald</a>.</p>"))
            \(item("Harbor plan, credited", "\(aggregatorBase)/2026/harbor-credited", "<p>\(Self.harbor)</p><p>This story was originally "
                   + "published by <a href=\"\(originBase)/news/harbor\">Coastal Herald</a>.</p>"))
            \(item("Museum reopens", "\(originBase)/news/museum", "<p>\(Self.museum)</p>"))
            \(item("Ferry fares, moved", "\(aggregatorBase)/2026/moved", "<p>\(Self.ferry)</p>"))
            \(item("Slow page", "\(aggregatorBase)/2026/slow", "<p>\(Self.ferry)</p>"))
            \(item("Museum notes", "\(aggregatorBase)/private/museum-notes", "<p>\(Self.museum)</p>"))
            </channel></rss>
            """)
        // A transfer limit short enough that the slow page gives up, long enough for the others.
        try Data("cache: state\ndefaults:\n  timeout: 3s\nfeeds:\n  - url: \(aggregatorBase)/feed.xml\n    name: wire\n    verify: true\n".utf8)
            .write(to: folder.appendingPathComponent("feeds.yml"))
    }

    static func named(_ server: LoopbackServer, _ name: String) -> String {
        server.baseURL.replacingOccurrences(of: "127.0.0.1", with: "\(name).localhost")
    }

    var feedURL: String { Self.named(aggregator, "wire") + "/feed.xml" }

    func check() throws -> (records: [String: [String: Any]], result: FeedsBinary.Result) {
        let result = try FeedsBinary.run(["check", feedURL, "--verify", "--format", "json", "--config", folder.appendingPathComponent("feeds.yml").path])
        let array = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stderr)")
        return (Dictionary(array.map { ($0["title"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first }), result)
    }
}

/// Pages of one loopback site, by path.
final class SitePages: @unchecked Sendable {
    enum Response { case page(String), redirect(String), slow(String) }
    private let lock = NSLock()
    private var responses: [String: Response] = [:]
    private var requested: [String: Int] = [:]

    private var conditional: [String: Int] = [:]

    /// How many times each path was asked for, and how many of those asked conditionally.
    func requests(_ path: String) -> Int { lock.withLock { requested[path] ?? 0 } }
    func conditionalRequests(_ path: String) -> Int { lock.withLock { conditional[path] ?? 0 } }

    subscript(path: String) -> Response? {
        get { lock.withLock { responses[path] } }
        set { lock.withLock { responses[path] = newValue } }
    }

    func respond(_ request: LoopbackServer.Request) -> LoopbackServer.Response {
        lock.withLock { requested[request.path, default: 0] += 1 }
        switch self[request.path] {
        case .page(let body)?:
            let etag = "\"\(body.utf8.count)\""
            if request.header("If-None-Match") == etag {
                lock.withLock { conditional[request.path, default: 0] += 1 }
                return LoopbackServer.Response(status: 304, headers: [("ETag", etag)])
            }
            let type = request.path.hasSuffix(".xml") ? "application/rss+xml" : request.path.hasSuffix(".txt") ? "text/plain" : "text/html; charset=utf-8"
            return LoopbackServer.Response(status: 200, headers: [("Content-Type", type), ("ETag", etag)], body: Array(body.utf8))
        case .redirect(let location)?:
            return LoopbackServer.Response(status: 301, headers: [("Location", location)])
        case .slow(let body)?:
            return LoopbackServer.Response(status: 200, headers: [("Content-Type", "text/html")], body: Array(body.utf8), delay: .seconds(20))
        case nil:
            return LoopbackServer.Response(status: 404)
        }
    }
}

@Suite("check --verify against article pages on loopback")
struct VerifyCommandTests {
    @Test("Canonical links, JSON-LD and og: tags become signals; the text check says same-text, different-text or unreachable")
    func verifiesAgainstThePages() throws {
        let world = try VerifyWorld()
        let (records, result) = try world.check()
        #expect(result.status == 0, "\(result.stderr)")
        let originBase = VerifyWorld.named(world.origin, "herald")

        // A post that named no origin in the feed: its own page's canonical link does, and JSON-LD fills rights and author.
        let harbor = try #require(records["Harbor dredging plan approved"])
        #expect(harbor["method"] as? String == "page-canonical")
        #expect((harbor["origin"] as? [String: Any])?["url"] as? String == "\(originBase)/news/harbor")
        #expect(harbor["status"] as? String == "republished")
        #expect(harbor["author"] as? String == "Maria Lopez")
        let rights = harbor["rights"] as? [String: Any]
        #expect(rights?["holder"] as? String == "Coastal Herald")
        #expect(rights?["notice"] as? String == "© 2026 Coastal Herald")
        #expect(rights?["license"] as? String == "https://creativecommons.org/licenses/by-nd/4.0/")
        let harborVerified = try #require(harbor["verified"] as? [String: Any])
        #expect(harborVerified["status"] as? String == "same-text", "\(harborVerified)")
        let kinds = (harbor["signals"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
        #expect(kinds.contains("page.canonical") && kinds.contains("origin-page.jsonld.copyright-holder"), "\(kinds)")

        // A footer's claim the origin's page bears out: same-text, with the origin page's rights.
        let credited = try #require(records["Harbor plan, credited"])
        #expect(credited["method"] as? String == "footer")
        #expect((credited["verified"] as? [String: Any])?["status"] as? String == "same-text")
        #expect((credited["rights"] as? [String: Any])?["holder"] as? String == "Coastal Herald")
        #expect(world.originPages.requests("/news/harbor") == 1, "one fetch of a page two items name")

        // A footer's claim that the origin's page contradicts: different-text, said loudly.
        let ferry = try #require(records["Ferry fares rise"])
        #expect((ferry["verified"] as? [String: Any])?["status"] as? String == "different-text")
        #expect(result.stderr.contains("warning: ") && result.stderr.contains("/news/ferry does not carry this text"), "\(result.stderr)")

        // A news page with og: tags only.
        let museum = try #require(records["Museum reopens"])
        #expect((museum["verified"] as? [String: Any])?["status"] as? String == "same-text")
        #expect(museum["author"] as? String == "Tom Reyes")
        #expect((museum["signals"] as? [[String: Any]] ?? []).contains { $0["kind"] as? String == "page.og:site-name" && $0["value"] as? String == "Coastal Herald" })

        // A redirect is followed; a page that does not answer in time, and one robots.txt keeps us from, are unreachable.
        #expect((records["Ferry fares, moved"]?["verified"] as? [String: Any])?["status"] as? String == "same-text")
        let slow = try #require(records["Slow page"]?["verified"] as? [String: Any])
        #expect(slow["status"] as? String == "unreachable" && (slow["detail"] as? String ?? "").contains("timed out"), "\(slow)")
        let hidden = try #require(records["Museum notes"]?["verified"] as? [String: Any])
        #expect(hidden["status"] as? String == "unreachable" && (hidden["detail"] as? String ?? "").contains("disallowed by"), "\(hidden)")
        #expect(result.stderr.contains("verified: 4 same-text, 1 different-text, 2 unreachable"), "\(result.stderr)")
    }

    @Test("verify: true stores what the pages said with each item; trace --verify does not fetch again within verify_interval")
    func syncStoresVerification() throws {
        let world = try VerifyWorld()
        let config = world.folder.appendingPathComponent("feeds.yml").path
        let sync = try FeedsBinary.run(["sync", "--config", config])
        #expect(sync.status == 0, "\(sync.stderr)")
        let items = try #require(JSONSerialization.jsonObject(with: Data(try FeedsBinary.run(["items", "--format", "json", "--config", config]).stdout.utf8))
                                 as? [[String: Any]])
        let harbor = try #require(items.first { $0["title"] as? String == "Harbor dredging plan approved" })
        let provenance = try #require(harbor["provenance"] as? [String: Any])
        #expect(provenance["method"] as? String == "page-canonical")
        #expect((provenance["verified"] as? [String: Any])?["status"] as? String == "same-text")
        #expect(world.originPages.requests("/news/harbor") == 1)

        let trace = try FeedsBinary.run(["trace", "\(harbor["store_id"]!)", "--verify", "--config", config])
        #expect(trace.status == 0, "\(trace.stderr)")
        #expect(trace.stdout.contains("verified:    same-text at ") && trace.stdout.contains("decided by:  page-canonical"), "\(trace.stdout)")
        #expect(trace.stderr.contains("within verify_interval: not fetched again"), "\(trace.stderr)")
        #expect(world.originPages.requests("/news/harbor") == 1, "not fetched again")
        // A changed feed (same items) is not a reason to fetch the pages again either.
        let again = try FeedsBinary.run(["sync", "--force", "--config", config])
        #expect(again.status == 0)
        #expect(world.originPages.requests("/news/harbor") == 1)
    }

    @Test("Pages are cached in the store: not fetched again within verify_interval, asked for conditionally after, forgotten by a removal")
    func pageCache() throws {
        let world = try VerifyWorld()
        let config = world.folder.appendingPathComponent("feeds.yml").path
        #expect(try FeedsBinary.run(["sync", "--config", config]).status == 0)
        #expect(world.originPages.requests("/news/harbor") == 1)
        // check --verify beside the store reads the cached page.
        let check = try FeedsBinary.run(["check", world.feedURL, "--verify", "--format", "json", "--config", config])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("same-text"))
        #expect(world.originPages.requests("/news/harbor") == 1, "read from the page cache")
        // Once the interval has passed, the page is asked for with its validators, and a 304 keeps what was read.
        let store = try TestBackend.store(folder: world.folder)
        let harborURL = VerifyWorld.named(world.origin, "herald") + "/news/harbor"
        try store.agePageCache([harborURL], by: 30 * 86_400)
        let again = try FeedsBinary.run(["check", world.feedURL, "--verify", "--format", "json", "--config", config])
        #expect(again.stdout.contains("same-text"), "\(again.stderr)")
        #expect(world.originPages.conditionalRequests("/news/harbor") == 1, "asked with If-None-Match, answered 304")
        // A removal takes the pages read for the item out of the cache.
        #expect(try store.pageCacheEntry(harborURL) != nil)
        let removed = try FeedsBinary.run(["remove", "--url", harborURL, "--requested-by", "legal@herald.localhost", "--config", config])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try store.pageCacheEntry(harborURL) == nil)
    }
}

extension FeedStore {
    /// Makes these cached pages look fetched this many seconds earlier.
    func agePageCache(_ urls: [String], by seconds: TimeInterval) throws {
        for url in urls {
            guard let data = try pageCacheEntry(url), var entry = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let fetched = entry["fetched"] as? Double else { continue }
            entry["fetched"] = fetched - seconds
            try savePageCacheEntry(url, try JSONSerialization.data(withJSONObject: entry))
        }
    }
}
