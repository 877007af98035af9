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

@Suite("Fields read the way their publisher meant them")
struct FieldFidelityTests {
    @Test("&amp; in URLs is one &, in element text and attributes, before and after a well-formedness error")
    func ampersandsInURLs() throws {
        let feed = try parse("""
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Q</title><link>https://shop.example.com/?a=1&amp;b=2</link>
            <atom:link rel="self" href="https://shop.example.com/feed?x=1&amp;y=2"/>
            <item><title>One</title><link>https://shop.example.com/p?id=1&amp;ref=rss</link><guid>https://shop.example.com/p?id=1&amp;ref=rss</guid>
            <enclosure url="https://cdn.example.com/a.mp3?sig=1&amp;exp=2" type="audio/mpeg"/></item>
            <item><title>Broken & bare</title><link>https://shop.example.com/p?id=2&amp;ref=rss</link>
            <enclosure url="https://cdn.example.com/b.mp3?sig=3&amp;exp=4" type="audio/mpeg"/></item></channel></rss>
            """)
        #expect(feed.link == "https://shop.example.com/?a=1&b=2")
        #expect(feed.selfURL == "https://shop.example.com/feed?x=1&y=2")
        #expect(feed.items.map(\.link) == ["https://shop.example.com/p?id=1&ref=rss", "https://shop.example.com/p?id=2&ref=rss"])
        #expect(feed.items.first?.id == "https://shop.example.com/p?id=1&ref=rss")
        #expect(feed.items.flatMap(\.enclosures).map(\.url) == ["https://cdn.example.com/a.mp3?sig=1&exp=2", "https://cdn.example.com/b.mp3?sig=3&exp=4"])
    }

    @Test("Authors at channel and item level, in every form they are written")
    func authors() throws {
        let feed = try parse("""
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
            <channel><title>P</title><author>chan@ex.org (Channel Person)</author><managingEditor>Editor Name &lt;ed@ex.org&gt;</managingEditor>
            <webMaster>wm@ex.org</webMaster><itunes:owner><itunes:name>Owner</itunes:name><itunes:email>own@ex.org</itunes:email></itunes:owner>
            <item><title>I</title><author>Jane Doe (jane@ex.org)</author><dc:author>Zed Zed</dc:author></item></channel></rss>
            """)
        #expect(feed.authors == [
            ParsedPerson(name: "Channel Person", email: "chan@ex.org"), ParsedPerson(name: "Owner", email: "own@ex.org"),
            ParsedPerson(name: "Editor Name", email: "ed@ex.org"), ParsedPerson(email: "wm@ex.org"),
        ])
        #expect(feed.items.first?.authors == [ParsedPerson(name: "Jane Doe", email: "jane@ex.org"), ParsedPerson(name: "Zed Zed")])
        let atom = try parse(#"<feed xmlns="http://purl.org/atom/ns#"><title>A</title><entry><title>E</title><author><name>Mark</name><homepage>http://mark.example.org/</homepage></author></entry></feed>"#)
        #expect(atom.items.first?.authors == [ParsedPerson(name: "Mark", uri: "http://mark.example.org/")])
    }

    @Test("Content variants: xhtml:body, body, fullitem, dc:title and media:title fallbacks; Atom xhtml unwrapped, base64, XML types")
    func contentVariants() throws {
        let rss = try parse("""
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:xhtml="http://www.w3.org/1999/xhtml">
            <channel><title>C</title>
            <item><title>X</title><description>short</description><xhtml:body><xhtml:p>Full <xhtml:b>body</xhtml:b></xhtml:p></xhtml:body></item>
            <item><dc:title>DC title</dc:title><fullitem>&lt;p&gt;Fullitem&lt;/p&gt;</fullitem></item>
            <item><media:title>Media title</media:title><body><p>Body element</p></body><summary>sum</summary></item>
            </channel></rss>
            """)
        #expect(rss.items.map(\.title) == ["X", "DC title", "Media title"])
        #expect(rss.items.map(\.content) == ["<p>Full <b>body</b></p>", "<p>Fullitem</p>", "<p>Body element</p>"])
        #expect(rss.items[0].summary == "short")
        #expect(rss.items[2].summary == "sum")
        let atom = try parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">X <b>T</b></div></title>
            <entry><id>1</id><title type="text">a &lt; b &amp;&amp; c</title>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Para</p></div></content>
            <summary type="application/xml"><data><point>1</point></data></summary></entry>
            <entry><id>2</id><title>b64</title><content type="text/html" mode="base64">PHA+QmFzZTY0IDxiPmJvbGQ8L2I+PC9wPg==</content></entry>
            </feed>
            """)
        #expect(atom.title == "X T")
        #expect(atom.items[0].title == "a < b && c")
        #expect(atom.items[0].content == "<p>Para</p>")
        #expect(atom.items[0].summary == "1")
        #expect(atom.items[1].content == "<p>Base64 <b>bold</b></p>")
    }

    @Test("Podcasts and media: itunes:image (href or url=), subtitle, nested categories, media:category and thumbnails")
    func podcasts() throws {
        let feed = try parse("""
            <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/">
            <channel><title>Pod</title><itunes:image url="https://pod.example.com/cover.png"/><itunes:subtitle>Weekly talk</itunes:subtitle>
            <item><title>Ep 1</title><itunes:subtitle>The first</itunes:subtitle>
            <itunes:category text="Technology"><itunes:category text="Gadgets"/></itunes:category><media:category>Science</media:category>
            <media:thumbnail url="https://pod.example.com/t.jpg"/><media:content url="https://pod.example.com/e1.mp3" type="audio/mpeg" fileSize="1234"/></item>
            </channel></rss>
            """)
        #expect(feed.image == "https://pod.example.com/cover.png")
        #expect(feed.description == "Weekly talk")
        let item = try #require(feed.items.first)
        #expect(item.summary == "The first")
        #expect(item.categories == ["Technology", "Gadgets", "Science"])
        #expect(item.enclosures == [ParsedEnclosure(url: "https://pod.example.com/t.jpg"),
                                    ParsedEnclosure(url: "https://pod.example.com/e1.mp3", type: "audio/mpeg", length: 1234)])
    }

    @Test("Entities and text: spaces kept as characters, &#X41;, double-encoded HTML left as written, DOCTYPE entities, en_US")
    func entitiesAndText() throws {
        let feed = try parse("""
            <?xml version="1.0"?><!DOCTYPE rss [<!ENTITY foo "bar">]>
            <rss version="2.0" xml:lang="en_US"><channel><title>A&nbsp;B&ensp;C&emsp;D&thinsp;E &#X41;</title>
            <item><title>T &amp;lt;b&amp;gt; x</title><description>&lt;p title="&amp;quot;q&amp;quot;"&gt;p&lt;/p&gt;</description></item></channel></rss>
            """)
        #expect(feed.title == "A\u{A0}B\u{2002}C\u{2003}D\u{2009}E A")
        #expect(feed.language == "en-US")
        #expect(feed.items.first?.title == "T &lt;b&gt; x")
        #expect(feed.items.first?.summary == #"<p title="&quot;q&quot;">p</p>"#)
    }

    @Test("An Atom id that is a relative path is resolved against xml:base; other ids stay as written")
    func relativeIDs() throws {
        let feed = try parse(#"<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example.org/"><title>t</title><entry><id>/2026/11/story</id><title>a</title></entry><entry><id>tag:blog.example.org,2026:2</id><title>b</title></entry></feed>"#)
        #expect(feed.items.map(\.id) == ["https://blog.example.org/2026/11/story", "tag:blog.example.org,2026:2"])
    }

    @Test("A JSON Feed title is plain text: brackets stay")
    func jsonTitle() throws {
        let json = #"{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"1","title":"Die Rückkehr von <i> und <b>"}]}"#
        #expect(try FeedParser.parse(Array(json.utf8)).items.first?.title == "Die Rückkehr von <i> und <b>")
    }
}
