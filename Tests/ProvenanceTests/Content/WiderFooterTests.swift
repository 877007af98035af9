import FeedModel
import FeedParser
import Testing
@testable import Provenance

/// An item carried by a republisher at pressreader.example.com, with these closing blocks.
private func record(closing html: String, body: String = "<p>The council met on Tuesday evening to discuss the new bridge.</p>",
                    extra: String = "", link: String = "https://pressreader.example.com/story") throws -> ProvenanceRecord {
    let xml = """
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Press Reader</title>
        <link>https://pressreader.example.com/</link><copyright>© 2026 Press Reader</copyright>
        <item><title>Story</title><link>\(link)</link>\(extra)
        <content:encoded><![CDATA[\(body)\(html)]]></content:encoded></item></channel></rss>
        """
    let feed = try FeedParser.parse(Array(xml.utf8))
    return try #require(ProvenanceAnalyzer().analyze(feed).first)
}

@Suite("Provenance reader, second edition: the wording real sites use")
struct WiderFooterTests {
    @Test("Wording variants name the origin", arguments: [
        (#"<p>Content courtesy of <a href="https://www.harbourgazette.example.org/">Harbour Gazette</a>.</p>"#, "example.org"),
        (#"<p>Image and text courtesy of <a href=https://harbourgazette.example.org/bridge>Harbour Gazette</a></p>"#, "example.org"),
        ("<p>Courtesy: harbourgazette.example.org</p>", "example.org"),
        (#"<p>This story was originally published by <a href="https://northwind.example.net/bridge">Northwind Times</a>.</p>"#, "example.net"),
        (#"<p><a href="https://northwind.example.net/">Northwind Times</a> first published this story.</p>"#, "example.net"),
        (#"<p>Published with permission of <a href="https://northwind.example.net/">Northwind Times</a>.</p>"#, "example.net"),
        (#"<p>Shared from <a href="https://northwind.example.net/x">Northwind Times</a></p>"#, "example.net"),
        (#"<p>This piece was produced by <a href="https://northwind.example.net/">Northwind Times</a>.</p>"#, "example.net"),
        (#"<p>Distributed by <a href="https://wire.example.info/">Example Wire</a>.</p>"#, "example.info"),
        (#"<p>Syndicated by <a href="https://wire.example.info/">Example Wire</a>.</p>"#, "example.info"),
        (#"<p>Reposted from <a href="https://northwind.example.net/x">Northwind Times</a>.</p>"#, "example.net"),
        (#"<p>Source : <a href="https://lemonde.example.fr/article">Le Monde Exemple</a></p>"#, "example.fr"),
        (#"<p>Quelle: <a href="https://zeitung.example.de/artikel">Beispielzeitung</a></p>"#, "example.de"),
        (#"<p>Fuente: <a href="https://diario.example.es/noticia">Diario Ejemplo</a></p>"#, "example.es"),
        (#"<p>Cet article a été publié à l'origine sur <a href="https://lemonde.example.fr/article">Le Monde Exemple</a>.</p>"#, "example.fr"),
        (#"<p>Dieser Artikel ist zuerst erschienen bei <a href="https://zeitung.example.de/artikel">Beispielzeitung</a>.</p>"#, "example.de"),
        (#"<p>Este artículo fue publicado originalmente en <a href="https://diario.example.es/noticia">Diario Ejemplo</a>.</p>"#, "example.es"),
    ])
    func variants(_ html: String, _ site: String) throws {
        let provenance = try record(closing: html)
        #expect(provenance.origin.site == site, "\(provenance.signals)")
        #expect(provenance.method == .footer)
    }

    @Test("Hat tips are via, not origin; prose that mentions a source never becomes a clue", arguments: [
        #"<p>H/T <a href="https://tipster.example.org/">Tipster</a></p>"#,
        #"<p>Hat tip: <a href="https://tipster.example.org/">Tipster</a></p>"#,
        "<p>According to a study originally published in Nature, bridges last longer when painted.</p>",
        "<p>Officials said the figures were first published in a report shared from the ministry last year, and that courtesy of the weather the work ran late.</p>",
    ])
    func negatives(_ html: String) throws {
        let provenance = try record(closing: html)
        #expect(provenance.method == .own || provenance.signals.contains { $0.kind == "footer.via" }, "\(provenance.method) \(provenance.signals)")
        #expect(!provenance.signals.contains { $0.kind == "footer.originally-published" || $0.kind == "footer.courtesy" || $0.kind == "footer.republished-from" })
    }

    @Test("All rights reserved by the original publisher: the holder is the linked site")
    func rightsToOriginal() throws {
        let provenance = try record(closing: #"<p>Content courtesy of <a href="https://harbourgazette.example.org/bridge">Harbour Gazette</a>. All rights reserved by the original publisher.</p>"#)
        #expect(provenance.rights?.holder == "example.org")
        #expect(provenance.rights?.inherited == false)
        #expect(provenance.rights?.notice?.contains("All rights reserved by the original publisher") == true)
    }

    @Test("Licences in the content and in the metadata fill rights.license", arguments: [
        (#"<p>Republished from <a href="https://theconversation.example.com/x">The Conversation</a> under a <a href="https://creativecommons.org/licenses/by-nd/4.0/">Creative Commons license</a>.</p>"#, "", "https://creativecommons.org/licenses/by-nd/4.0/"),
        (#"<p>Licensed under <a rel="license" href="https://example.org/our-licence">CC BY-ND 4.0</a>.</p>"#, "", "https://example.org/our-licence"),
        (#"<p>Dedicated to the <a href="https://creativecommons.org/publicdomain/zero/1.0/">public domain</a>.</p>"#, "", "https://creativecommons.org/publicdomain/zero/1.0/"),
        ("", #"<creativeCommons:license xmlns:creativeCommons="http://backend.userland.com/creativeCommonsRssModule">https://creativecommons.org/licenses/by/4.0/</creativeCommons:license>"#, "https://creativecommons.org/licenses/by/4.0/"),
    ])
    func licences(_ html: String, _ extra: String, _ license: String) throws {
        let provenance = try record(closing: html, extra: extra)
        #expect(provenance.rights?.license == license, "\(provenance.signals)")
        #expect(provenance.signals.contains { ($0.kind == "footer.license" || $0.kind == "rights.license") && $0.value == license })
    }

    @Test("<source url> on a feed host: the item's link on another site is the origin, the source title its name")
    func sourceOnFeedHost() throws {
        let provenance = try record(closing: "", extra: #"<source url="https://feeds.bbci.example.co.uk/news/rss.xml">BBC News Example</source>"#,
                                    link: "https://www.bbc.example.co.uk/news/articles/c0ffee")
        #expect(provenance.origin == ProvenanceOrigin(url: "https://www.bbc.example.co.uk/news/articles/c0ffee", site: "example.co.uk",
                                                      name: "BBC News Example"))
        #expect(provenance.method == .sourceElement)
    }

    @Test("Evidence is the sentence as the reader sees it, curly quotes and link text included")
    func exactEvidence() throws {
        let provenance = try record(closing: #"<p>This article originally appeared on <a href="https://northwind.example.net/bridge">Northwind’s “Times”</a>.</p>"#)
        let signal = try #require(provenance.signals.first { $0.kind == "footer.originally-published" })
        #expect(signal.evidence == "This article originally appeared on Northwind’s “Times”.")
    }

    @Test("Confidence grows with independent clues that agree")
    func confidence() throws {
        let one = try record(closing: #"<p>Republished from <a href="https://northwind.example.net/bridge">Northwind Times</a>.</p>"#)
        let more = try record(closing: #"<p>Republished from <a href="https://northwind.example.net/bridge">Northwind Times</a>.</p><p>© 2026 Northwind Times (example.net). All rights reserved.</p>"#,
                              link: "https://northwind.example.net/bridge")
        #expect(one.confidence <= 0.8)
        #expect(more.confidence > one.confidence + 0.1, "\(more.confidence) vs \(one.confidence)")
    }
}
