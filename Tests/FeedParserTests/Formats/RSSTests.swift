import FeedModel
import Foundation
import Testing
@testable import FeedParser

@Suite("RSS 0.9x, 1.0 and 2.0")
struct RSSTests {
    @Test("WordPress: content:encoded, dc:creator, categories, guid, sanitized content")
    func wordpress() throws {
        let feed = try Fixtures.parse("wordpress-rss2.xml")
        #expect(feed.format == .rss20)
        #expect(feed.title == "Riverside Gardening Notes")
        #expect(feed.selfURL == "https://gardening.example.org/feed/")
        #expect(feed.language == "en-GB")
        #expect(feed.rights == "Copyright 2025 Riverside Gardening Notes")
        #expect(feed.schedule.updatePeriodMinutes == 30)
        #expect(feed.warnings.isEmpty, "a clean feed has no warnings: \(feed.warningText)")
        #expect(feed.items.count == 2)
        let item = feed.items[0]
        #expect(item.id == "https://gardening.example.org/?p=123")
        #expect(item.link == "https://gardening.example.org/2025/02/pruning-apple-trees/")
        #expect(item.authors == [ParsedPerson(name: "Margaret Oduya")])
        #expect(item.categories == ["Fruit", "Winter jobs"])
        #expect(item.published.map(ISO8601Formatting.string(from:)) == "2025-02-06T11:30:00Z")
        #expect(item.comments == "https://gardening.example.org/2025/02/pruning-apple-trees/#respond")
        #expect(item.summary?.hasSuffix("start…") == true)
        let content = try #require(item.content)
        #expect(!content.contains("<script"), "scripts are removed")
        #expect(!content.contains("trackView"), "script text is removed with the script")
        #expect(content.contains(#"style="border: 1px""#), "a harmless style the publisher chose is kept")
        #expect(!content.contains("class=\"wp-image-9\""), "class is kept on links only")
        #expect(content.contains("<a href=\"https://gardening.example.org/2024/11/tools/\">Sharp tools</a>"), "relative links resolved against the feed's address")
        #expect(item.text?.hasPrefix("Winter is the time to shape an apple tree while it is dormant. Start with the three Ds") == true)
        #expect(item.guidIsPermalink == false)
    }

    @Test("A podcast: itunes author, image, enclosure, ttl, named time zone")
    func podcast() throws {
        let feed = try Fixtures.parse("podcast-itunes.xml")
        #expect(feed.image == "https://harbourhour.example.fm/cover.jpg")
        #expect(feed.schedule.ttlMinutes == 720)
        #expect(feed.rights == "© 2025 Harbour Hour Productions")
        #expect(feed.authors.first?.name == "Priya Raman")
        let item = try #require(feed.items.first)
        #expect(item.enclosures == [ParsedEnclosure(url: "https://cdn.harbourhour.example.fm/ep42.mp3", type: "audio/mpeg", length: 48_213_590)])
        #expect(item.summary == "Forty years crossing the same stretch of water.")
        #expect(item.link == "https://harbourhour.example.fm/episodes/42", "a permalink guid is the link when there is no <link>")
        #expect(item.published.map(ISO8601Formatting.string(from:)) == "2025-03-05T00:00:00Z")
        #expect(feed.warnings.isEmpty)
    }

    @Test("FeedBurner: origLink replaces the proxied link and nothing else")
    func feedburner() throws {
        let feed = try Fixtures.parse("feedburner-rss.xml")
        let item = try #require(feed.items.first)
        #expect(item.link == "https://coastal-lab.example.edu/news/seagrass-survey")
        #expect(item.id == "https://coastal-lab.example.edu/news/seagrass-survey")
        #expect(feed.selfURL == "http://feeds.feedburner.example.com/CoastalLab")
        #expect(item.published.map(ISO8601Formatting.string(from:)) == "2025-03-05T21:00:00Z")
    }

    @Test("Medium: CDATA everywhere, atom:updated, image, tracking pixel kept as an image")
    func medium() throws {
        let feed = try Fixtures.parse("medium-rss.xml")
        #expect(feed.title == "Stories by Daniel Osei on Medium")
        #expect(feed.image == "https://cdn-images.medium.example.com/fit/c/150/150/1*abc.jpeg")
        #expect(feed.webMaster?.email == "yourfriends@medium.example.com")
        let item = try #require(feed.items.first)
        #expect(item.updated.map(ISO8601Formatting.string(from:)) == "2025-03-08T17:41:03Z")
        #expect(item.authors.first?.name == "Daniel Osei")
        #expect(item.content?.contains("&amp;referrerSource") == true, "a bare & in a URL is re-escaped in the output")
        #expect(feed.warnings.isEmpty, "\(feed.warningText)")
    }

    @Test("RSS 0.91 with Netscape's DOCTYPE: its HTML entities are declared, so no warnings")
    func netscape091() throws {
        let feed = try Fixtures.parse("netscape-rss091.xml")
        #expect(feed.format == .rss091)
        #expect(feed.items.first?.title == "Bridge\u{A0}reopens after repairs – finally")
        #expect(feed.managingEditor == ParsedPerson(name: "News Desk", email: "desk@oldtown.example.com"))
        #expect(feed.warnings.isEmpty, "\(feed.warningText)")
    }

    @Test("RSS 1.0 (RDF) in ISO-8859-1 with dc: metadata")
    func rdf() throws {
        let feed = try Fixtures.parse("slashdot-rdf.xml")
        #expect(feed.format == .rss10)
        #expect(feed.rights == "Copyright 1999-2025, Tech Digest Media")
        #expect(feed.language == "en-us")
        let item = try #require(feed.items.first)
        #expect(item.title == "Café owners build their own point-of-sale system")
        #expect(item.published.map(ISO8601Formatting.string(from:)) == "2025-03-05T14:02:00Z")
        #expect(item.categories == ["hardware"])
        #expect(item.summary == "A small café replaced its card terminal with a Raspberry Pi. <p>Readers weigh in.</p>")
        #expect(feed.warnings.isEmpty, "\(feed.warningText)")
    }

    @Test("RSS 0.90 is told apart from 1.0 by its namespace")
    func rss090() throws {
        let feed = try parse("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
            <channel><title>Old</title><link>http://old.example.com/</link></channel>
            <item><title>One</title><link>http://old.example.com/1</link></item></rdf:RDF>
            """)
        #expect(feed.format == .rss090)
        #expect(feed.items.map(\.title) == ["One"])
    }

    @Test("Items with no guid and no link get a stable id from title and content")
    func stableIDs() throws {
        let xml = "<rss version=\"2.0\"><channel><title>T</title><item><title>A</title><description>Body</description></item><item><title>B</title></item></channel></rss>"
        let first = try parse(xml)
        let second = try parse(xml)
        #expect(first.items.map(\.id) == second.items.map(\.id))
        #expect(Set(first.items.map(\.id)).count == 2)
        #expect(first.items.allSatisfy { $0.id.hasPrefix("urn:feeds:item:") })
    }

    @Test("Namespaces are matched by URI, not by prefix")
    func namespacesByURI() throws {
        let feed = try parse("""
            <rss version="2.0" xmlns:x="http://purl.org/rss/1.0/modules/content/" xmlns:content="http://example.com/not-content">
            <channel><title>T</title><item><title>A</title><content:encoded>wrong</content:encoded><x:encoded>&lt;p&gt;right&lt;/p&gt;</x:encoded></item></channel></rss>
            """)
        #expect(feed.items.first?.content == "<p>right</p>")
    }
}
