import FeedModel
import Foundation
import Testing
@testable import FeedParser

@Suite("Hostile feeds are stopped by limits")
struct HostileInputTests {
    @Test("XXE naming a local file yields none of the file's content")
    func externalEntity() throws {
        let feed = try Fixtures.parse("hostile-xxe.xml")
        let passwd = try String(contentsOfFile: "/etc/passwd", encoding: .utf8)
        let firstLine = try #require(passwd.split(separator: "\n").first)
        let everything = [feed.title ?? ""] + feed.items.flatMap { [$0.title ?? "", $0.summary ?? "", $0.text ?? ""] }
        #expect(!everything.joined().contains(firstLine))
        #expect(!everything.joined().contains("root:"))
        #expect(feed.title == "Innocent &secret;")
        #expect(feed.items.count == 1)
        #expect(feed.warnings.contains { $0.message.contains("never expanded") })
    }

    @Test("A billion-laughs entity bomb is never expanded")
    func entityBomb() throws {
        let feed = try Fixtures.parse("hostile-entity-bomb.xml")
        let item = try #require(feed.items.first)
        #expect(item.title == "&lol9;")
        #expect((item.text ?? "").count < 100)
    }

    @Test("A quadratic blow-up (one large entity used many times) is not expanded either")
    func quadraticBlowup() throws {
        let big = String(repeating: "A", count: 100_000)
        let uses = String(repeating: "&big;", count: 10_000)
        let xml = "<!DOCTYPE rss [<!ENTITY big \"\(big)\">]><rss version=\"2.0\"><channel><title>Q</title><item><title>x</title><description>\(uses)</description></item></channel></rss>"
        let feed = try parse(xml)
        #expect((feed.items.first?.text ?? "").count <= 50_000, "no entity was expanded")
    }

    @Test("A text node past the field limit is cut with a warning; the rest of the feed is read")
    func hugeField() throws {
        let limits = FeedParserLimits(maxFieldBytes: 1000)
        let body = String(repeating: "word ", count: 2000)
        let xml = "<rss version=\"2.0\"><channel><title>H</title><item><title>big</title><description>\(body)</description></item><item><title>after</title></item></channel></rss>"
        let feed = try parse(xml, options: FeedParserOptions(limits: limits))
        #expect(feed.items.map(\.title) == ["big", "after"])
        #expect((feed.items[0].text ?? "").utf8.count <= 1000)
        #expect(feed.warnings.contains { $0.message.contains("was cut") })
    }

    @Test("A document past the size limit is cut: items before the cut are kept")
    func hugeDocument() throws {
        let items = (1...200).map { "<item><title>Item \($0)</title><link>https://big.example.com/\($0)</link></item>" }.joined()
        let xml = "<rss version=\"2.0\"><channel><title>Big</title>\(items)</channel></rss>"
        let feed = try parse(xml, options: FeedParserOptions(limits: FeedParserLimits(maxDocumentBytes: 4000)))
        #expect(feed.items.count > 10)
        #expect(feed.items.count < 200)
        #expect(feed.items.first?.title == "Item 1")
        #expect(feed.warnings.contains { $0.message.contains("larger than 4000 bytes") })
    }

    @Test("A text node that runs past the document limit is cut to the field limit, like a shorter one, not dropped")
    func hugeFieldPastDocumentLimit() throws {
        // The shape of a 50 MB text node in a document over 32 MiB, scaled down.
        let limits = FeedParserLimits(maxDocumentBytes: 8000, maxFieldBytes: 1000)
        let body = String(repeating: "word ", count: 4000)
        let xml = "<rss version=\"2.0\"><channel><title>H</title><item><title>big</title><description>\(body)</description></item></channel></rss>"
        let feed = try parse(xml, options: FeedParserOptions(limits: limits))
        let item = try #require(feed.items.first)
        #expect(item.title == "big")
        let text = try #require(item.text)
        #expect(text.utf8.count > 900 && text.utf8.count <= 1000, "\(text.utf8.count) bytes")
        #expect(feed.warnings.contains { $0.message.contains("was cut") })
        #expect(feed.warnings.contains { $0.message.contains("larger than 8000 bytes") })
    }

    @Test("Deep nesting is bounded: the parser stops descending and keeps earlier items")
    func deepNesting() throws {
        let deep = String(repeating: "<x>", count: 5000)
        let xml = "<rss version=\"2.0\"><channel><title>D</title><item><title>kept</title></item><item><title>deep</title>\(deep)</item></channel></rss>"
        let feed = try parse(xml)
        #expect(feed.items.first?.title == "kept")
        #expect(!feed.warnings.isEmpty)
    }

    @Test("Warnings are capped, so a feed cannot flood the output")
    func warningCap() throws {
        let items = (1...500).map { "<item><title>T</title><pubDate>bad date \($0)</pubDate></item>" }.joined()
        let feed = try parse("<rss version=\"2.0\"><channel><title>W</title>\(items)</channel></rss>")
        #expect(feed.items.count == 500)
        #expect(feed.warnings.count == 101)
        #expect(feed.warnings.last?.message == "400 more warnings not shown")
    }
}
