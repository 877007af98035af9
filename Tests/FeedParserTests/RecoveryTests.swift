import FeedModel
import Foundation
import Testing
@testable import FeedParser

@Suite("Broken feeds are recovered, with warnings")
struct RecoveryTests {
    @Test("Undeclared HTML entities decode; a bare & stays an &; unknown entities stay visible")
    func undeclaredEntities() throws {
        let feed = try Fixtures.parse("broken-undeclared-entities.xml")
        #expect(feed.title == "Café Society — Reviews")
        #expect(feed.items.count == 2)
        #expect(feed.items[0].title == "Espresso\u{A0}bars of Lisbon", "a no-break space is a character the publisher chose")
        #expect(feed.items[0].link == "https://cafesociety.example.com/lisbon?ref=rss&utm_source=feed")
        #expect(feed.items[0].text == "Best pasteis & bica … ranked")
        #expect(feed.items[1].title == "Salt & Pepper © &bogus; Cheese")
        #expect(feed.items[1].text == "Tom & Jerry's favourite")
        #expect(feed.warnings.contains { $0.line == 4 && $0.message.contains("&eacute;") })
        #expect(feed.warnings.contains { $0.line == 9 && $0.message.contains("unescaped '&'") })
        #expect(feed.warnings.contains { $0.message.contains("&bogus;") })
    }

    @Test("An unclosed tag loses no item, and entities after the error still decode")
    func unclosedTags() throws {
        let feed = try Fixtures.parse("broken-unclosed-tags.xml")
        #expect(feed.items.map(\.link) == ["https://hasty.example.com/1", "https://hasty.example.com/2", "https://hasty.example.com/3"])
        #expect(feed.items[1].title == "Second story")
        #expect(feed.items[2].title == "Third story & more", "&amp; survives libxml2's error state")
        #expect(feed.items[2].text == "After the error, entities still decode: & <3 \"quoted\"")
        #expect(feed.warnings.contains { $0.line == 16 && $0.message.contains("mismatch") })
    }

    @Test("Junk after the root element: the feed is kept, the junk reported")
    func junkAfterRoot() throws {
        let feed = try Fixtures.parse("broken-junk-after-root.xml")
        #expect(feed.items.map(\.title) == ["Only story"])
        #expect(feed.warnings.contains { $0.message.contains("Extra content") })
    }

    @Test("Mixed encodings: invalid bytes become U+FFFD, the field is kept, controls are dropped")
    func mixedEncodings() throws {
        let feed = try Fixtures.parse("broken-mixed-encodings.xml")
        #expect(feed.title == "Mixed — Encodings")
        let item = try #require(feed.items.first)
        #expect(item.title == "Na\u{FFFD}ve caf\u{FFFD} “quotes”")
        #expect(item.text == "It\u{FFFD}s here and ok")
        #expect(feed.warnings.contains { $0.line == 3 && $0.message.contains("replaced with U+FFFD") })
        #expect(feed.warnings.contains { $0.message.contains("control characters") })
    }

    @Test("A bad date is left out and named; the item stays")
    func badDate() throws {
        let feed = try parse("<rss version=\"2.0\"><channel><title>T</title>\n<item><title>A</title><pubDate>sometime soon</pubDate></item></channel></rss>")
        #expect(feed.items.count == 1)
        #expect(feed.items[0].published == nil)
        #expect(feed.warnings.contains { $0.line == 2 && $0.message.contains("'sometime soon'") })
    }

    @Test("Unescaped HTML inside an RSS description is kept as HTML")
    func rawHTMLInDescription() throws {
        let feed = try parse("<rss version=\"2.0\"><channel><title>T</title><item><title>A</title><description>Hello <b>bold</b> <a href=\"https://x.example/\">link</a></description></item></channel></rss>")
        #expect(feed.items.first?.summary == "Hello <b>bold</b> <a href=\"https://x.example/\">link</a>")
    }

    @Test("Not a feed: an HTML page is an error that names its root")
    func htmlPage() {
        #expect(throws: FeedParserError.unrecognized("not a feed: this is a web page (HTML), not RSS, Atom or JSON Feed; its <link rel=\"alternate\" type=\"application/rss+xml\"> usually gives the feed's address")) {
            try parse("<!DOCTYPE html><html><head><title>Oops</title></head><body>Hi</body></html>")
        }
        #expect(throws: FeedParserError.self) { try parse("") }
        #expect(throws: FeedParserError.self) { try parse("just some words") }
    }
}
