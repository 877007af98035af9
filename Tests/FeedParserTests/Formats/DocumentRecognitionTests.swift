import FeedModel
import Testing
@testable import FeedParser

@Suite("Documents that are feeds are read as feeds")
struct DocumentRecognitionTests {
    @Test("RSS 2.0 in the Radio UserLand namespace, or any default namespace of its own")
    func namespacedRSS() throws {
        let feed = try Fixtures.parse("radio-userland-rss2.xml")
        #expect(feed.format == .rss20)
        #expect(feed.title == "Scripting News")
        let item = try #require(feed.items.first)
        #expect(item.link == "http://scripting.example.com/2004/03/12#outliners")
        #expect(item.summary == #"A new outliner <a href="http://scripting.example.com/outliner?a=1&amp;b=2">shipped</a> today."#)
        let other = try parse(#"<rss version="2.0" xmlns="http://example.com/some/ns"><channel><title>T</title><item><title>I</title></item></channel></rss>"#)
        #expect(other.items.map(\.title) == ["I"])
    }

    @Test("Atom 0.3 under its pre-release names (pie, echo, necho)")
    func prereleaseAtom() throws {
        let feed = try Fixtures.parse("diveintomark-atom-pie.xml")
        #expect(feed.format == .atom03)
        let item = try #require(feed.items.first)
        #expect(item.title == "Necho, Pie, Echo: pick one")
        #expect(item.link == "http://diveintomark.example.org/2003/08/04/naming")
        #expect(item.content == "<p>The format still has <em>no name</em>.</p>")
        for uri in ["http://purl.org/echo/", "http://example.com/necho", "http://example.com/newformat#"] {
            let other = try parse("<feed xmlns=\"\(uri)\"><title>T</title><entry><title>E</title></entry></feed>")
            #expect(other.format == .atom03 && other.items.first?.title == "E", "\(uri)")
        }
    }

    @Test("An Atom feed saved inside an XHTML page")
    func atomInXHTML() throws {
        let feed = try Fixtures.parse("saved-page-atom-in-xhtml.xml")
        #expect(feed.format == .atom10)
        #expect(feed.title == "Field notes")
        #expect(feed.items.first?.title == "Frost on the moor")
    }

    @Test("What is not a feed is named in words a user understands")
    func notAFeed() {
        #expect(throws: FeedParserError.unrecognized("not a feed: an XML document whose root element is <svg>; an RSS feed starts with <rss> or <rdf:RDF>, an Atom feed with <feed>")) {
            try parse(#"<svg xmlns="http://www.w3.org/2000/svg"><title>x</title></svg>"#)
        }
    }
}
