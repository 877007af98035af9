import FeedModel
import Foundation
import Testing
@testable import FeedParser

@Suite("JSON Feed")
struct JSONFeedTests {
    @Test("JSON Feed 1.1: fields, sanitizing, attachments, wrong types dropped with warnings")
    func jsonFeed() throws {
        let feed = try Fixtures.parse("jsonfeed.json")
        #expect(feed.format == .jsonFeed11)
        #expect(feed.selfURL == "https://smallprint.example.com/feed.json")
        #expect(feed.authors.first?.name == "Ines Carvalho")
        #expect(feed.items.count == 2, "the entry that is not an object is skipped, the others kept")
        let first = feed.items[0]
        #expect(first.title == "Why serifs survived & thrived")
        #expect(first.content == "<p>Serifs guide the eye <em>along</em> a line.</p>")
        #expect(first.published.map(ISO8601Formatting.string(from:)) == "2025-03-02T09:00:00Z")
        #expect(first.enclosures.first?.length == 1_200_000)
        let second = feed.items[1]
        #expect(second.id == "17", "numeric ids are read as text")
        #expect(second.text == "A note without a title. Second paragraph.")
        #expect(second.published == nil)
        #expect(feed.warnings.contains { $0.message.contains("'last Tuesday' is not a date") })
        #expect(feed.warnings.contains { $0.message.contains("item 3 is not an object") })
    }

    @Test("JSON Feed 1.0 is recognised by its version")
    func version10() throws {
        let feed = try parse(#"{"version":"https://jsonfeed.org/version/1","title":"Old","items":[{"id":"1","content_text":"hi"}]}"#)
        #expect(feed.format == .jsonFeed10)
    }

    @Test("JSON that is not a JSON Feed is an error")
    func notAFeed() {
        #expect(throws: FeedParserError.self) { try parse(#"{"hello":"world"}"#) }
        #expect(throws: FeedParserError.self) { try parse(#"{"version": "https://jsonfeed.org/version/1", "#) }
    }
}
