import FeedModel
import FeedParser
import Testing
@testable import Provenance

/// The provenance of one item carried by an aggregator at aggregator.example.com,
/// whose content is `html`: a body paragraph, then the given closing blocks.
private func provenance(closing html: String, body: String = "<p>The council met on Tuesday evening to discuss the new bridge.</p>") throws -> ProvenanceRecord {
    let xml = """
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Aggregator</title>
        <link>https://aggregator.example.com/</link>
        <item><title>Story</title><link>https://aggregator.example.com/story</link>
        <content:encoded><![CDATA[\(body)\(html)]]></content:encoded></item></channel></rss>
        """
    let feed = try FeedParser.parse(Array(xml.utf8))
    return try #require(ProvenanceAnalyzer().analyze(feed).first)
}

private func kinds(_ record: ProvenanceRecord) -> [String] {
    record.signals.map(\.kind).filter { $0.hasPrefix("footer.") || $0.hasPrefix("plugin.") }
}

@Suite("Attribution footers in the content")
struct FooterReaderTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var html: String
        var kind: String
        var site: String?
        var url: String?
        var testDescription: String { kind + ": " + html.prefix(50) }
    }

    @Test("Each footer family names the origin, in several wordings", arguments: [
        Case(html: #"<p><a href="https://www.northwind.example.org/2026/bridge">Click this link for the original source of this article.</a></p>"#,
             kind: "footer.original-source-link", site: "example.org", url: "https://www.northwind.example.org/2026/bridge"),
        Case(html: #"<p>To see the ORIGINAL ARTICLE, tap <a href="https://northwind.example.org/bridge">here</a>.</p>"#,
             kind: "footer.original-source-link", site: "example.org", url: "https://northwind.example.org/bridge"),
        Case(html: #"<p>For the original source, follow <a href="https://northwind.example.org/bridge">this link</a></p>"#,
             kind: "footer.original-source-link", site: "example.org", url: "https://northwind.example.org/bridge"),
        Case(html: #"<p><em>The post <a href="https://gardens.example.net/bridge-planting/">Planting by the bridge</a> appeared first on <a href="https://gardens.example.net">Garden Notes</a>.</em></p>"#,
             kind: "footer.appeared-first-on", site: "example.net", url: "https://gardens.example.net/bridge-planting/"),
        Case(html: #"<p>This story was originally published on <a href="https://fieldnotes.example.info/p/bridge">Field Notes</a>.</p>"#,
             kind: "footer.originally-published", site: "example.info", url: "https://fieldnotes.example.info/p/bridge"),
        Case(html: "<p>Originally published at https://fieldnotes.example.info/p/bridge-vote on March 3.</p>",
             kind: "footer.originally-published", site: "example.info", url: "https://fieldnotes.example.info/p/bridge-vote"),
        Case(html: #"<p>An earlier version of this article first appeared in <a href="https://harbor-review.example.co.uk/">The Harbor Review</a>.</p>"#,
             kind: "footer.appeared-first-on", site: "example.co.uk", url: nil),
        Case(html: #"<p>Reprinted with permission from <a href="https://valleytimes.example.org/">Valley Times</a>.</p>"#,
             kind: "footer.republished-from", site: "example.org", url: nil),
        Case(html: "<p>This post has been cross-posted from lanternpress.example.net.</p>",
             kind: "footer.republished-from", site: "example.net", url: nil),
        Case(html: #"<p><i>This article is republished from <a href="https://scholars.example.edu/">The Scholars' Desk</a> under a Creative Commons license. Read the <a href="https://scholars.example.edu/bridges-and-budgets-4411">original article</a>.</i></p>"#,
             kind: "footer.read-original", site: "example.edu", url: "https://scholars.example.edu/bridges-and-budgets-4411"),
        Case(html: #"<p>Source: <a href="https://lakecounty.example.org/news/bridge">Lake County News</a></p>"#,
             kind: "footer.source", site: "example.org", url: "https://lakecounty.example.org/news/bridge"),
        Case(html: #"<p>via <a href="https://techledger.example.net/bridge-sensors">Tech Ledger</a></p>"#,
             kind: "footer.via", site: "example.net", url: "https://techledger.example.net/bridge-sensors"),
        Case(html: #"<p><a class="feedzy-rss-link-icon" href="https://riverside.example.org/bridge-2">Read More</a></p>"#,
             kind: "plugin.feedzy", site: "example.org", url: "https://riverside.example.org/bridge-2"),
        Case(html: "<p>This content is courtesy of, and owned and copyrighted by, https://riverside.example.org and its author.</p>",
             kind: "footer.copyright-owner", site: "example.org", url: nil),
    ])
    func families(_ sample: Case) throws {
        let record = try provenance(closing: sample.html)
        #expect(kinds(record).contains(sample.kind), "signals: \(record.signals)")
        #expect(record.method == .footer)
        #expect(record.origin.site == sample.site)
        #expect(record.origin.url == sample.url)
        #expect(record.republisher?.site == "example.com")
    }

    @Test("An aggregator's author line, removal contact and ownership notice are recorded where they belong")
    func aggregatorFooter() throws {
        let record = try provenance(closing: """
            <p>Author: Maria Lopez</p>
            <p>If you represent the site and want this article removed now and in the future, please contact \
            takedown@aggregator.example.com and we will act within two days.</p>
            <p>This article is courtesy of, and owned and copyrighted by, https://coastal.example.org and its authors.</p>
            """)
        #expect(record.author == "Maria Lopez")
        #expect(record.republisher?.removalContact == "takedown@aggregator.example.com")
        #expect(record.rights?.holder == "example.org")
        #expect(record.rights?.inherited == false)
        #expect(record.rights?.notice?.hasPrefix("This article is courtesy of") == true)
    }

    @Test("A copyright line in the content is the item's own notice", arguments: [
        ("<p>© 2025 Harbor Review Media. All rights reserved.</p>", "Harbor Review Media"),
        ("<p>Copyright (c) 2024-2026 by Lantern Press</p>", "Lantern Press"),
        ("<p>(C) 2026 Northwind Gazette</p>", "Northwind Gazette"),
    ])
    func copyrightLines(_ html: String, _ holder: String) throws {
        let record = try provenance(closing: html)
        #expect(record.rights?.holder == holder)
        #expect(record.rights?.inherited == false)
    }

    @Test("Body sentences that merely cite or quote are not footers", arguments: [
        "<p>A study originally published in Nature found that the bridge's steel was older than thought.</p>",
        "<p>Officials said via a statement that the bridge would reopen in May.</p>",
        "<p>Via a statement, the mayor said the bridge would reopen.</p>",
        "<p>Source: unknown, according to the police report.</p>",
        "<p>The source of the leak has not been identified.</p>",
        "<p>Photo courtesy of the city archive.</p>",
        "<p>The original source of the river is high in the hills, and the bridge crosses it twice.</p>",
        "<p>This plan first appeared in a council memo last year.</p>",
        "<p>It was republished from memory by the clerk, who kept no notes.</p>",
    ])
    func negatives(_ html: String) throws {
        let record = try provenance(closing: html)
        #expect(record.method == .own, "signals: \(record.signals)")
        #expect(kinds(record).isEmpty, "signals: \(record.signals)")
    }

    @Test("A footer-like sentence early in a long article is body text")
    func onlyClosingBlocks() throws {
        let early = #"<p>This article originally appeared on <a href="https://elsewhere.example.org/x">Elsewhere</a>.</p>"#
        let body = early + String(repeating: "<p>The bridge carries four thousand cars a day across the river.</p>", count: 8)
        let record = try provenance(closing: "", body: body)
        #expect(record.method == .own)
    }

    @Test("A site's own footer pointing home names no other origin")
    func ownFooter() throws {
        let record = try provenance(closing: #"<p>The post <a href="https://aggregator.example.com/story">Story</a> appeared first on <a href="https://aggregator.example.com">Aggregator</a>.</p>"#)
        #expect(record.method == .own)
        #expect(kinds(record) == ["footer.appeared-first-on"], "the clue is still shown")
    }
}

@Suite("Fingerprints of content without its footers")
struct ContentFingerprintTests {
    private func fingerprint(_ html: String) -> Fingerprint {
        ContentAttribution(item: ParsedItem(id: "x", content: html)).fingerprint
    }

    private func paragraphs(_ text: String) -> String {
        text.components(separatedBy: ". ").map { "<p>\($0).</p>" }.joined()
    }

    @Test("Two copies of one article with different footers fingerprint alike; another article of the site does not")
    func footersStripped() {
        let aggregatorCopy = paragraphs(harbourArticle) + """
            <p>Author: Dana Whitfield</p><p><a href="https://harbour.example.org/ferry">Click this link for the original source of this article.</a></p>
            <p>This content is courtesy of, and owned and copyrighted by, https://harbour.example.org and its author. This content is made \
            available by use of the public RSS feed offered by the host site and is used for educational purposes only. If you are the author \
            or represent the host site and would like this content removed now and in the future, please contact aggregator.example.com using \
            the email address in the Contact page found in the website menu.</p>
            """
        let yoastCopy = "<div>" + harbourArticle.uppercased() + "</div>" + """
            <p>Share this:</p><p>The post <a href="https://harbour.example.org/ferry">Evening ferries extended</a> appeared first on \
            <a href="https://harbour.example.org">Harbour Daily</a>.</p>
            """
        let copies = fingerprint(aggregatorCopy).distance(to: fingerprint(yoastCopy))
        #expect(copies <= Fingerprint.sameArticleDistance, "copies differ by \(copies) bits")
        let withFooters = SimHash.fingerprint(of: harbourArticle + " Author: Dana Whitfield. Click this link for the original source of this article. This content is courtesy of, and owned and copyrighted by, https://harbour.example.org and its author. This content is made available by use of the public RSS feed offered by the host site and is used for educational purposes only. If you are the author or represent the host site and would like this content removed now and in the future, please contact aggregator.example.com using the email address in the Contact page found in the website menu.")
        #expect(withFooters.distance(to: fingerprint(yoastCopy)) > Fingerprint.sameArticleDistance,
                "without stripping, the footer alone would separate the copies")
        let other = fingerprint(paragraphs(libraryArticle) + "<p>Author: Dana Whitfield</p>")
        #expect(other.distance(to: fingerprint(aggregatorCopy)) > 10)
    }
}

@Suite("The trigger scan's letter runs")
struct LetterRunTests {
    /// Eight bytes at a time must end a run where a byte at a time does: at the first byte that is
    /// not an ASCII letter (digits, punctuation, `@`, `[`, `` ` ``, `{`, bytes of other scripts).
    @Test("Skipping a run eight bytes at a time stops where reading byte by byte stops")
    func skipMatchesBytewise() {
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let edges: [UInt8] = Array("AZaz@[`{09 -'".utf8) + [0x7F, 0x80, 0xC2, 0xC3, 0xE2, 0xFF]
        for _ in 0..<3_000 {
            let length = Int(next() % 40)
            let bytes = (0..<length).map { _ -> UInt8 in
                // Mostly letters, so that runs are long enough to cross eight-byte steps.
                next() % 6 == 0 ? edges[Int(next() % UInt64(edges.count))] : UInt8(ascii: "a") + UInt8(next() % 26) - (next() % 2 == 0 ? 0x20 : 0)
            }
            bytes.withUnsafeBufferPointer { buffer in
                FooterReader.columns.withUnsafeBufferPointer { columns in
                    for start in 0...length {
                        var expected = start
                        while expected < length, columns[Int(buffer[expected])] < 26 { expected += 1 }
                        #expect(FooterReader.endOfLetters(buffer, from: start, columns: columns) == expected, "\(bytes) from \(start)")
                    }
                }
            }
        }
    }
}
