import FeedModel
import Provenance
import SafetyOracle
import Testing
@testable import FeedParser

@Suite("No script URL ever leaves feeds")
struct ScriptURLPropertyTests {
    @Test("Hostile fragments under hostile bases, in RSS, Atom and JSON Feed: nothing that can run script survives", arguments: [2026, 7, 1_000_003] as [UInt64])
    func hostileCorpus(seed: UInt64) throws {
        var corpus = HostileCorpus(seed: seed)
        var failures: [String] = []
        var parsed = 0
        for document in corpus.documents(extra: 600) {
            guard let feed = try? FeedParser.parse(document.bytes, options: FeedParserOptions(baseURL: document.baseURL)) else { continue }
            parsed += 1
            let provenance = ProvenanceAnalyzer().analyze(feed, fetchedFrom: document.baseURL)
            for problem in SafetyOracle.violations(in: feed, provenance: provenance) where failures.count < 20 {
                failures.append("\(document.name) (seed \(seed)): \(problem)")
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        // Every document is a feed: a generator that only made unreadable input would prove nothing.
        #expect(parsed == HostileCorpus.formats.count * HostileCorpus.fragments.count * HostileCorpus.bases.count + 600)
    }

    @Test("The oracle itself sees through the disguises it checks for")
    func oracleCatchesDisguises() {
        var corpus = HostileCorpus(seed: 11)
        for payload in HostileCorpus.payloads where !payload.hasPrefix("data:image") {
            for _ in 0..<50 {
                let disguised = corpus.disguised(payload)
                #expect(SafetyOracle.schemeProblem(disguised, allowImageData: false) != nil, "\(disguised.debugDescription)")
            }
        }
        #expect(SafetyOracle.schemeProblem("https://example.org/a?b=javascript:x", allowImageData: false) == nil)
        // Found by the fuzzer: a scheme of any length is a scheme, not a relative reference.
        let long = "javas" + String(repeating: "x", count: 70) + "cript:alert(1)"
        #expect(SafetyOracle.schemeProblem(long, allowImageData: false) != nil)
        #expect(!URLSafety.isAllowed(long))
        // Also found by the fuzzer: a reference to no character reads as U+FFFD, which no scheme starts with.
        #expect(SafetyOracle.schemeProblem("&#8000118bscript:msgbox(1)", allowImageData: false) == nil)
        #expect(URLSafety.verdict("&#8000118bscript:msgbox(1)") == .relative)
        #expect(SafetyOracle.schemeProblem("data:image/png;base64,AAAA", allowImageData: true) == nil)
        #expect(SafetyOracle.htmlProblems(#"<a href="x" onclick="y">"#).count == 1)
        #expect(SafetyOracle.htmlProblems(#"<img src="data:image/svg+xml,x">"#).count == 1)
    }

    @Test("A relative link under a script base stays relative, with a warning naming the base", arguments: [
        #"<feed xmlns="http://www.w3.org/2005/Atom" xml:base="javascript:alert(document.domain)//"><title>t</title><entry><id>1</id><title>x</title><content type="html">&lt;a href="x"&gt;click&lt;/a&gt; &lt;img src="y"&gt;</content></entry></feed>"#,
        #"<rss version="2.0" xml:base="javascript:alert(document.domain)//"><channel><title>t</title><item><title>x</title><description>&lt;a href="x"&gt;click&lt;/a&gt; &lt;img src="y"&gt;</description></item></channel></rss>"#,
        #"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>1</id><title>x</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml" xml:base="javascript:alert(document.domain)//"><a href="x">click</a> <img src="y"/></div></content></entry></feed>"#,
    ])
    func scriptBase(_ document: String) throws {
        let feed = try FeedParser.parse(Array(document.utf8))
        let item = try #require(feed.items.first)
        let html = item.content ?? item.summary ?? ""
        #expect(html.contains(#"<a href="x">click</a>"#), "\(html)")
        #expect(html.contains(#"<img src="y">"#), "\(html)")
        #expect(!html.lowercased().contains("javascript"))
        #expect(feed.warnings.contains { $0.message.contains("xml:base") && $0.message.contains("not an http(s) address") })
    }

    @Test("A JSON Feed item whose url is a script is no base for its content, and is dropped with a warning")
    func jsonItemURL() throws {
        let document = #"{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"1","url":"javascript:alert(1)","content_html":"<a href=\"alert(document.cookie)\">x</a>"}]}"#
        let feed = try FeedParser.parse(Array(document.utf8), options: FeedParserOptions(baseURL: "https://feeds.example.org/feed.json"))
        let item = try #require(feed.items.first)
        #expect(item.link == nil)
        #expect(item.content == #"<a href="https://feeds.example.org/alert(document.cookie)">x</a>"#)
        #expect(feed.warnings.contains { $0.message.contains("item 1 'url'") && $0.message.contains("'javascript:'") })
    }

    @Test("A base URL that is not http(s) is ignored with a warning")
    func scriptBaseOption() throws {
        let document = #"<rss version="2.0"><channel><title>t</title><item><title>x</title><link>story</link></item></channel></rss>"#
        let feed = try FeedParser.parse(Array(document.utf8), options: FeedParserOptions(baseURL: "javascript:alert(1)//"))
        #expect(feed.items.first?.link == "story")
        #expect(feed.warnings.first?.message == "the base URL 'javascript:alert(1)//' is not an http(s) address; ignored")
    }

    @Test("URL fields with a script scheme are dropped with a warning naming the field and line", arguments: [
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", "jav&#x09;ascript:alert(1)", "&amp;#106;avascript:alert(1)", "data:text/html,x", "vbscript:x",
        "javascript&amp;colon;alert(1)", " \u{01}javascript:alert(1)",
    ])
    func urlFields(_ url: String) throws {
        let document = """
            <rss version="2.0"><channel><title>t</title><link>\(url)</link><image><url>\(url)</url></image>
            <item><title>x</title><link>\(url)</link><comments>\(url)</comments>
            <source url="\(url)">s</source><enclosure url="\(url)" type="audio/mpeg"/></item></channel></rss>
            """
        // No base: a disguised scheme stays as written and must be seen through.
        let feed = try FeedParser.parse(Array(document.utf8))
        let item = try #require(feed.items.first)
        #expect(feed.link == nil && feed.image == nil)
        #expect(item.link == nil && item.comments == nil && item.source?.url == nil && item.enclosures.isEmpty)
        let messages = feed.warnings.map(\.description)
        for field in ["feed link", "feed image", "item link", "comments", "source url", "enclosure url"] {
            #expect(messages.contains { $0.hasPrefix("line ") && $0.contains("\(field): a '") }, "\(field) in \(messages)")
        }
        let provenance = ProvenanceAnalyzer().analyze(feed)
        #expect(SafetyOracle.violations(in: feed, provenance: provenance).isEmpty)
    }

    @Test("Safe links keep working: http(s), mailto, relative references and image data")
    func safeLinksKept() throws {
        let html = #"<a href="https://a.example/x?y=1&amp;z=2">a</a> <a href="mailto:desk@example.org">m</a> <a href="/p">p</a> <img src="data:image/png;base64,AAAA">"#
        let document = "<rss version=\"2.0\"><channel><title>t</title><item><title>x</title><link>https://b.example/s</link><description>\(HostileCorpusText.escape(html))</description></item></channel></rss>"
        let feed = try FeedParser.parse(Array(document.utf8), options: FeedParserOptions(baseURL: "https://example.org/feed"))
        let item = try #require(feed.items.first)
        #expect(item.link == "https://b.example/s")
        #expect(item.summary == #"<a href="https://a.example/x?y=1&amp;z=2">a</a> <a href="mailto:desk@example.org">m</a> <a href="https://example.org/p">p</a> <img src="data:image/png;base64,AAAA">"#)
        #expect(feed.warnings.isEmpty)
    }
}

private enum HostileCorpusText {
    static func escape(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
    }
}
