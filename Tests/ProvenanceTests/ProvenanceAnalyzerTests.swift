import FeedModel
import FeedParser
import Testing
@testable import Provenance

private func analyze(_ xml: String, fetchedFrom: String? = nil) throws -> [ProvenanceRecord] {
    let feed = try FeedParser.parse(Array(xml.utf8))
    return ProvenanceAnalyzer().analyze(feed, fetchedFrom: fetchedFrom)
}

@Suite("Provenance from item metadata")
struct ProvenanceAnalyzerTests {
    @Test("An item with no sign of coming from elsewhere is its own origin")
    func own() throws {
        let records = try analyze("""
            <rss version="2.0"><channel><title>Blog</title><link>https://blog.example.com/</link><copyright>© 2025 Example Media. All rights reserved.</copyright>
            <item><title>Post</title><link>https://blog.example.com/post</link><author>jo@example.com (Jo Bloggs)</author></item></channel></rss>
            """)
        let record = try #require(records.first)
        #expect(record.method == .own)
        #expect(record.republisher == nil)
        #expect(record.origin == ProvenanceOrigin(url: "https://blog.example.com/post", site: "example.com"))
        #expect(record.rights == ProvenanceRights(notice: "© 2025 Example Media. All rights reserved.", holder: "Example Media", inherited: true))
        #expect(record.author == "Jo Bloggs")
    }

    @Test("RSS <source> names the origin feed; the republisher is the carrying channel")
    func sourceElement() throws {
        let records = try analyze("""
            <rss version="2.0"><channel><title>Aggregator</title><link>https://news.aggregator.example.net/</link>
            <atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="self" href="https://news.aggregator.example.net/feed"/>
            <copyright>Copyright Aggregator Ltd</copyright>
            <item><title>Story</title><link>https://www.origin.example.org/2025/story</link>
            <source url="https://origin.example.org/feed.xml">Origin Daily</source></item></channel></rss>
            """)
        let record = try #require(records.first)
        #expect(record.method == .sourceElement)
        #expect(record.origin == ProvenanceOrigin(url: "https://www.origin.example.org/2025/story", site: "example.org", name: "Origin Daily"))
        #expect(record.republisher == ProvenanceRepublisher(site: "example.net", feedURL: "https://news.aggregator.example.net/feed"))
        #expect(record.rights == nil, "the aggregator's channel copyright is not the rights of what it republishes")
        #expect(record.signals.contains { $0.kind == "rights.channel" && $0.value == "Copyright Aggregator Ltd" }, "but it is kept as a signal")
        #expect(record.signals.map(\.kind).contains("item.foreign-permalink"), "losing clues are kept too")
    }

    @Test("Atom source rights are the origin's, not inherited")
    func atomSourceRights() throws {
        let records = try analyze("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Planet</title><link href="https://planet.example.com/"/>
            <rights>Planet's own notice</rights>
            <entry><id>urn:1</id><title>Post</title><link href="https://someone.example.org/post"/>
            <source><id>https://someone.example.org/</id><title>Someone's blog</title><link rel="self" href="https://someone.example.org/atom.xml"/>
            <rights>CC BY-SA Someone</rights></source></entry></feed>
            """)
        let record = try #require(records.first)
        #expect(record.method == .sourceElement)
        #expect(record.rights == ProvenanceRights(notice: "CC BY-SA Someone", holder: "CC BY-SA Someone", inherited: false))
    }

    @Test("via beats dc:source, which beats a foreign permalink", arguments: [
        ("<link rel=\"via\" href=\"https://via.example.org/a\"/>", ProvenanceMethod.viaLink, "example.org"),
        ("<dc:source xmlns:dc=\"http://purl.org/dc/elements/1.1/\">https://dc.example.info/a</dc:source>", ProvenanceMethod.dcSource, "example.info"),
        ("", ProvenanceMethod.foreignPermalink, "example.co.uk"),
    ])
    func precedence(extra: String, method: ProvenanceMethod, site: String) throws {
        let records = try analyze("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Agg</title><link href="https://agg.example.com/"/>
            <entry><id>urn:2</id><title>Copied</title><link href="https://news.example.co.uk/a"/>\(extra)</entry></feed>
            """)
        let record = try #require(records.first)
        #expect(record.method == method)
        #expect(record.origin.site == site)
        #expect(record.republisher?.site == "example.com")
    }

    @Test("Item-level rights, holder and licence in their namespaces")
    func itemRights() throws {
        let records = try analyze("""
            <rss version="2.0" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:cc="http://web.resource.org/cc/" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel><title>T</title><link>https://site.example.com/</link><copyright>Channel notice</copyright>
            <item><title>A</title><link>https://site.example.com/a</link><dc:rights>© 2024 Jane Roe</dc:rights>
            <dcterms:rightsHolder>Jane Roe</dcterms:rightsHolder><cc:license rdf:resource="https://creativecommons.org/licenses/by-nd/4.0/"/></item></channel></rss>
            """)
        let record = try #require(records.first)
        #expect(record.rights == ProvenanceRights(notice: "© 2024 Jane Roe", holder: "Jane Roe",
                                                  license: "https://creativecommons.org/licenses/by-nd/4.0/", inherited: false))
        #expect(record.signals.map(\.kind) == ["rights.item", "rights.holder", "rights.license", "rights.channel"])
    }

    @Test("Holders are read from copyright lines", arguments: [
        ("Copyright 2025 Example Media", "Example Media"),
        ("© 2019–2025 The Harbour Hour. All rights reserved.", "The Harbour Hour"),
        ("(c) Legacy Inc", "Legacy Inc"),
    ])
    func holders(notice: String, holder: String) {
        #expect(ProvenanceAnalyzer.holder(in: notice) == holder)
    }
}
