import FeedModel
import Foundation
import Testing
@testable import FeedParser

@Suite("Atom 0.3 and 1.0")
struct AtomTests {
    @Test("Blogger: html and xhtml content, nested xml:base, replies link, iframe removed")
    func blogger() throws {
        let feed = try Fixtures.parse("blogger-atom.xml")
        #expect(feed.format == .atom10)
        #expect(feed.language == "en")
        #expect(feed.description == "Notes from a <i>suburban</i> telescope")
        #expect(feed.link == "https://backyardskies.example.net/")
        #expect(feed.authors.first?.name == "Tomasz Wiśniewski")
        let first = feed.items[0]
        #expect(first.link == "https://backyardskies.example.net/2025/03/jupiter.html")
        #expect(first.comments == "https://backyardskies.example.net/2025/03/jupiter.html#comment-form")
        #expect(first.content?.contains("iframe") == false)
        #expect(first.text == "Four moons in a row last night. Thanks to my neighbour.")
        #expect(first.updated.map(ISO8601Formatting.string(from:)) == "2025-03-01T17:15:22Z")
        let second = feed.items[1]
        #expect(second.title == "The Orion nebula", "xhtml titles become plain text")
        #expect(second.link == "https://backyardskies.example.net/2025/02/orion.html", "resolved against the entry's xml:base")
        #expect(second.content?.contains("href=\"https://backyardskies.example.net/2025/02/haze.html\"") == true)
        #expect(second.content?.contains("&amp; cold fingers") == true, "text in xhtml content stays escaped")
    }

    @Test("YouTube: media:group gives the summary and the enclosure")
    func youtube() throws {
        let feed = try Fixtures.parse("youtube-atom.xml")
        let item = try #require(feed.items.first)
        #expect(item.id == "yt:video:abcDEF123")
        #expect(item.summary?.hasPrefix("From log to finished bowl") == true)
        #expect(item.enclosures.first?.url == "https://www.youtube.example.com/v/abcDEF123?version=3")
        #expect(feed.warnings.isEmpty)
    }

    @Test("Atom 0.3: modes, issued/modified, tagline, copyright")
    func atom03() throws {
        let feed = try parse("""
            <feed version="0.3" xmlns="http://purl.org/atom/ns#">
            <title>Legacy</title><tagline>Old but alive</tagline><copyright>(c) Legacy Inc</copyright>
            <link rel="alternate" type="text/html" href="http://legacy.example.com/"/>
            <modified>2004-05-01T12:00:00Z</modified>
            <entry><title>Post</title><link rel="alternate" type="text/html" href="http://legacy.example.com/p"/>
            <id>tag:legacy,2004:1</id><issued>2004-05-01T10:00:00-02:00</issued><modified>2004-05-01T13:00:00Z</modified>
            <content type="text/html" mode="escaped">&lt;p&gt;Hello &lt;b&gt;there&lt;/b&gt;&lt;/p&gt;</content>
            <author><name>Sam</name><url>http://legacy.example.com/sam</url></author></entry></feed>
            """)
        #expect(feed.format == .atom03)
        #expect(feed.description == "Old but alive")
        #expect(feed.rights == "(c) Legacy Inc")
        let item = try #require(feed.items.first)
        #expect(item.content == "<p>Hello <b>there</b></p>")
        #expect(item.published.map(ISO8601Formatting.string(from:)) == "2004-05-01T12:00:00Z")
        #expect(item.authors == [ParsedPerson(name: "Sam", uri: "http://legacy.example.com/sam")])
    }

    @Test("Atom source and via: the clues provenance needs are kept")
    func sourceAndVia() throws {
        let feed = try parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Planet</title><link rel="self" href="https://planet.example.com/atom.xml"/>
            <entry><id>urn:x</id><title type="text">A &amp; B</title><link href="https://origin.example.org/a"/>
            <link rel="via" href="https://friend.example.net/"/><link rel="license" href="https://creativecommons.org/licenses/by/4.0/"/>
            <rights>© Origin Daily</rights>
            <source><id>tag:origin.example.org,2025:feed</id><title>Origin Daily</title>
            <link rel="self" href="https://origin.example.org/feed.atom"/><link rel="alternate" href="https://origin.example.org/"/>
            <rights>Copyright Origin Daily</rights><author><name>Jane</name></author></source></entry></feed>
            """)
        let item = try #require(feed.items.first)
        #expect(item.title == "A & B")
        #expect(item.viaLink == "https://friend.example.net/")
        #expect(item.rights == "© Origin Daily")
        #expect(item.rightsMarks.licenses == ["https://creativecommons.org/licenses/by/4.0/"])
        let source = try #require(item.source)
        #expect(source.url == "https://origin.example.org/feed.atom")
        #expect(source.link == "https://origin.example.org/")
        #expect(source.title == "Origin Daily")
        #expect(source.rights == "Copyright Origin Daily")
        #expect(source.authors == [ParsedPerson(name: "Jane")])
        #expect(item.authors.isEmpty, "the source's author is the origin feed's, not the entry's")
    }
}
