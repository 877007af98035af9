import Foundation
import LoopbackHTTP
import Testing

/// An article of the origin's, long enough to fingerprint.
private let riverArticle = """
    The city council voted on Monday night to turn the old rail yard beside the river into a public park, ending a dispute \
    that has run for eleven years. The plan keeps the brick engine shed as a covered market and adds a footbridge to the \
    east bank, where the new school opens next autumn. Residents who spoke at the meeting asked for more trees and fewer \
    parking spaces, and the council agreed to halve the car park. Construction is due to begin in the spring and to take \
    two years, paid for by a state grant and a bond the voters approved last November.
    """

/// The origin (The Valley Times), an aggregator that credits it with an earlier
/// date, a copycat with an edited copy and no attribution, and the origin's feed
/// subscribed a second time under another URL.
private struct PublisherWorld {
    let world: SyncWorld

    static let originURL = "https://valleytimes.example.org/river-park"

    init() throws {
        world = try SyncWorld(extraFeeds: ["valley", "daily-aggregate", "river-copycat"])
        let site = world.site
        let paragraphs = riverArticle.components(separatedBy: ". ").map { "<p>\($0).</p>" }.joined()
        site["/valley.xml"] = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>The Valley Times</title><link>https://valleytimes.example.org/</link>
            <copyright>© 2026 The Valley Times</copyright>
            <item><title>Council approves river park</title><link>\(Self.originURL)</link><guid>\(Self.originURL)</guid>
            <author>news@valleytimes.example.org (Dana Whitfield)</author><pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate>
            <description><![CDATA[\(paragraphs)]]></description></item></channel></rss>
            """
        site["/daily-aggregate.xml"] = """
            <?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Daily Aggregate</title>
            <link>https://dailyaggregate.example.com/</link><atom:link rel="self" href="https://dailyaggregate.example.com/feed/"/>
            <copyright>© 2026 Daily Aggregate</copyright>
            <item><title>Council approves river park</title><link>https://dailyaggregate.example.com/2026/12/river-park/</link>
            <guid>https://dailyaggregate.example.com/?p=4411</guid><pubDate>Tue, 01 Dec 2026 09:30:00 GMT</pubDate>
            <description><![CDATA[\(paragraphs)<p>This article originally appeared on <a href="\(Self.originURL)">The Valley Times</a>.</p>]]></description>
            </item></channel></rss>
            """
        let edited = riverArticle.replacingOccurrences(of: "Monday night", with: "Monday evening")
        site["/river-copycat.xml"] = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Hot News Now</title><link>https://hotnews.example.net/</link>
            <copyright>© 2026 Hot News Now</copyright>
            <item><title>River park approved</title><link>https://hotnews.example.net/river-park-approved</link>
            <guid>https://hotnews.example.net/river-park-approved</guid><pubDate>Tue, 01 Dec 2026 11:00:00 GMT</pubDate>
            <description><![CDATA[<div>\(edited)</div>]]></description></item></channel></rss>
            """
        // The same origin feed a second time, as an OPML import names it.
        var config = try String(contentsOf: world.folder.appendingPathComponent("feeds.yml"), encoding: .utf8)
        config += "  - url: \(world.server.baseURL)/valley.xml?src=opml\n    name: valley-opml\n"
        try Data(config.utf8).write(to: world.folder.appendingPathComponent("feeds.yml"))
        site["/valley.xml?src=opml"] = site["/valley.xml"]
    }

    func feeds(_ arguments: [String]) throws -> FeedsBinary.Result { try world.feeds(arguments) }
    func json(_ arguments: [String]) throws -> [[String: Any]] { try world.json(arguments) }

    func item(feed: String) throws -> [String: Any] {
        try #require(try json(["items", "--feed", feed]).first, "no item of \(feed)")
    }
}

@Suite("Copies and removals never wrong the original publisher")
struct OriginalPublisherTests {
    @Test("The original is never an unattributed copy, even of an aggregator that credits it with an earlier date")
    func originalIsNeverUnattributed() throws {
        let world = try PublisherWorld()
        let sync = try world.feeds(["sync"])
        #expect(sync.status == 0, "\(sync.stderr)")
        // The harbor article of the shared world has its own copycat; the river article's is this one.
        let unattributed = try world.json(["items", "--unattributed"]).filter { ($0["feed"] as? String) != "copycat" }
        #expect(unattributed.map { $0["feed"] as? String } == ["river-copycat"], "\(unattributed.map { $0["feed"] ?? "" })")
        let copycat = try #require(unattributed.first?["provenance"] as? [String: Any])
        #expect((copycat["origin"] as? [String: Any])?["url"] as? String == PublisherWorld.originURL)

        let original = try world.item(feed: "valley")
        #expect(original["unattributed"] == nil)
        #expect((original["provenance"] as? [String: Any])?["method"] as? String == "self")
        let trace = try world.feeds(["trace", PublisherWorld.originURL])
        #expect(!trace.stdout.contains("this copy carries no attribution"), "\(trace.stdout)")
        // The republisher's feed_url is the address we fetched, not its self link.
        let aggregated = try world.item(feed: "daily-aggregate")
        let republisher = try #require((aggregated["provenance"] as? [String: Any])?["republisher"] as? [String: Any])
        #expect(republisher["feed_url"] as? String == world.world.server.baseURL + "/daily-aggregate.xml")
    }

    @Test("check calls the copycat a copy (unattributed) with its origin, in every format")
    func checkUsesHeldCopies() throws {
        let world = try PublisherWorld()
        _ = try world.feeds(["sync"])
        let url = world.world.server.baseURL + "/river-copycat.xml"
        let json = try world.feeds(["check", url, "--format", "json"])
        let items = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(items.first?["status"] as? String == "copy (unattributed)")
        #expect((items.first?["origin"] as? [String: Any])?["url"] as? String == PublisherWorld.originURL)
        #expect(items.first?["rights"] == nil, "the copycat's own channel notice is not the article's rights")
        let table = try world.feeds(["check", url])
        #expect(table.stdout.contains("copy (unattributed)") && table.stdout.contains("example.org"), "\(table.stdout)")
        let csv = try world.feeds(["check", url, "--format", "csv"])
        #expect(csv.stdout.contains("copy (unattributed),example.org,\(PublisherWorld.originURL)"), "\(csv.stdout)")
        // The aggregator's channel notice is not the rights of what it republished.
        let aggregate = try world.feeds(["check", world.world.server.baseURL + "/daily-aggregate.xml", "--format", "json"])
        let aggregated = try #require(JSONSerialization.jsonObject(with: Data(aggregate.stdout.utf8)) as? [[String: Any]])
        #expect(aggregated.first?["status"] as? String == "republished")
        #expect((aggregated.first?["rights"] as? [String: Any])?["notice"] as? String != "© 2026 Daily Aggregate")
    }

    @Test("origins shows the origin's own notice, from its own feed")
    func originRights() throws {
        let world = try PublisherWorld()
        _ = try world.feeds(["sync"])
        let origins = try world.json(["origins"])
        let valley = try #require(origins.first { $0["site"] as? String == "example.org" && ($0["copies"] as? Int ?? 0) > 0 })
        #expect(valley["rights_notice"] as? String == "© 2026 The Valley Times")
        #expect(valley["rights_source"] as? String == "origin feed")
    }

    @Test("Removing a copycat feed removes what it carried and nothing of the original, now or later")
    func feedRemovalKeepsTheOriginal() throws {
        let world = try PublisherWorld()
        _ = try world.feeds(["sync"])
        let dry = try world.feeds(["remove", "--feed", "river-copycat", "--requested-by", "Valley Times legal", "--dry-run"])
        #expect(dry.stdout.hasPrefix("would remove 1 stored items for feed river-copycat (by feed: river-copycat 1)"), "\(dry.stdout)")
        let removed = try world.feeds(["remove", "--feed", "river-copycat", "--requested-by", "Valley Times legal"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try world.json(["items", "--feed", "valley"]).count == 1)
        #expect(try world.json(["items", "--feed", "daily-aggregate"]).count == 1)
        #expect(try world.json(["items", "--feed", "river-copycat"]).isEmpty)
        _ = try world.feeds(["sync", "--force"])
        #expect(try world.json(["items", "--feed", "valley"]).count == 1, "later syncs keep the original")
        #expect(try world.json(["items", "--feed", "river-copycat"]).isEmpty)
    }

    @Test("remove --item takes a URL as trace does; an item that matches nothing is an error unless --future-only")
    func itemScope() throws {
        let world = try PublisherWorld()
        _ = try world.feeds(["sync"])
        let missing = try world.feeds(["remove", "--item", "9999", "--requested-by", "desk"])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("error: nothing stored matches item 9999"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: world.world.ledger.path))

        let removed = try world.feeds(["remove", "--item", "https://hotnews.example.net/river-park-approved", "--requested-by", "desk"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("removed 4 stored items"), "the copy and the article everywhere: \(removed.stdout)")
        #expect(try world.json(["items", "--search", "footbridge"]).isEmpty)

        let future = try world.feeds(["remove", "--item", "https://valleytimes.example.org/not-yet-written", "--requested-by", "desk", "--future-only"])
        #expect(future.status == 0, "\(future.stderr)")
    }

    @Test("After rm -rf cache and a fresh sync: trace answers for a removed URL, origins keeps its count, no author survives")
    func removalOutlivesTheCache() throws {
        let world = try PublisherWorld()
        _ = try world.feeds(["sync"])
        let removed = try world.feeds(["remove", "--url", PublisherWorld.originURL, "--requested-by", "Valley Times legal"])
        #expect(removed.status == 0, "\(removed.stderr)")
        let request = String(try #require(removed.stdout.split(separator: " ").dropFirst().first).dropLast())
        #expect(try !world.world.storeBytesContain("Dana Whitfield"), "a purged item's author goes with its text")
        let check = try world.feeds(["check", world.world.server.baseURL + "/valley.xml"])
        #expect(check.stdout.contains("removed") && check.stdout.contains(request), "\(check.stdout)")
        let checkCSV = try world.feeds(["check", world.world.server.baseURL + "/valley.xml", "--format", "csv"])
        #expect(checkCSV.stdout.contains(request), "\(checkCSV.stdout)")
        let show = try world.feeds(["removals", "show", request, "--format", "csv"])
        #expect(show.stdout.hasPrefix("request,feed,id,url,origin url\r\n\(request),"), "\(show.stdout)")

        let before = try #require(try world.json(["origins"]).first { $0["site"] as? String == "example.org" })
        try TestBackend.deleteStore(folder: world.world.folder)
        _ = try world.feeds(["sync"])
        let trace = try world.feeds(["trace", PublisherWorld.originURL])
        #expect(trace.status == 0, "\(trace.stderr)")
        #expect(trace.stdout.contains("REMOVED") && trace.stdout.contains(request), "\(trace.stdout)")
        let after = try #require(try world.json(["origins"]).first { $0["site"] as? String == "example.org" })
        #expect(after["removed"] as? Int == before["removed"] as? Int)
        #expect(try world.json(["items", "--search", "footbridge"]).isEmpty)
        #expect(try !world.world.storeBytesContain("footbridge"))
    }

    @Test("The same feed subscribed twice is recognised, warned about in sync and status, and counted once in origins")
    func duplicateSubscription() throws {
        let world = try PublisherWorld()
        let sync = try world.feeds(["sync"])
        #expect(sync.stderr.contains("warning: feed valley-opml carries the same items as feed valley"), "\(sync.stderr)")
        let status = try world.json(["status"])
        #expect(status.first { $0["feed"] as? String == "valley-opml" }?["duplicate_of"] as? String == "valley")
        #expect(status.first { $0["feed"] as? String == "valley" }?["duplicate_of"] == nil)
        let origins = try world.json(["origins"])
        let valley = try #require(origins.first { ($0["republishers"] as? [String])?.contains("example.com") == true && $0["site"] as? String == "example.org" })
        // Harbor and ferry (the shared world's) and the river park: three articles; copies counts every one held.
        #expect(valley["articles"] as? Int == 3, "\(valley)")
        #expect((valley["copies"] as? Int ?? 0) > 3)
    }

    @Test("A feed deleted from feeds.yml stays queryable, can be named by a removal, and is dropped by prune")
    func unsubscribedFeed() throws {
        let world = try PublisherWorld()
        _ = try world.feeds(["sync"])
        let configFile = world.world.folder.appendingPathComponent("feeds.yml")
        let config = try String(contentsOf: configFile, encoding: .utf8)
        // Drop the copycat's two lines (url and name).
        var lines = config.components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.contains("/river-copycat.xml") })
        lines.removeSubrange(index...(index + 1))
        try Data(lines.joined(separator: "\n").utf8).write(to: configFile)

        #expect(try world.json(["items", "--feed", "river-copycat"]).count == 1)
        let status = try world.json(["status"])
        #expect(status.first { $0["feed"] as? String == "river-copycat" }?["subscription"] as? String == "removed from feeds.yml")
        let stillThere = try world.feeds(["prune", "--feed", "valley"])
        #expect(stillThere.status == 1 && stillThere.stderr.contains("is still in"), "\(stillThere.stderr)")
        let dry = try world.feeds(["remove", "--feed", "river-copycat", "--requested-by", "desk", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        let pruned = try world.feeds(["prune", "--feed", "river-copycat"])
        #expect(pruned.stdout == "pruned feed river-copycat: 1 stored items dropped\n", "\(pruned.stdout) \(pruned.stderr)")
        let gone = try world.feeds(["items", "--feed", "river-copycat"])
        #expect(gone.status == 1 && gone.stderr.contains("no feed named \"river-copycat\""), "a pruned feed is gone: \(gone.stderr)")
        #expect(try !world.world.storeBytesContain("Monday evening"))
        #expect(try world.json(["status"]).allSatisfy { $0["feed"] as? String != "river-copycat" })
    }
}
