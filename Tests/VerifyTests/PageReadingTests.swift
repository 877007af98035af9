import Testing
@testable import Verify

@Suite("Reading article pages")
struct PageReadingTests {
    func facts(_ html: String) throws -> PageFacts {
        try #require(PageFacts.read(Array(html.utf8), url: "https://news.example.com/a/1"))
    }

    @Test("JSON-LD as sites write it: an array, strings for people, an article nested in a WebPage, CDATA around it")
    func jsonLDShapes() throws {
        let page = try facts("""
            <html><head><script type="application/ld+json">//<![CDATA[
            [{"@type":"WebSite","name":"Example News"},
             {"@type":"WebPage","mainEntity":{"@type":"BlogPosting","author":"Ana Ruiz","publisher":"Example News",
               "isBasedOn":"https://origin.example.org/story","license":{"@id":"https://creativecommons.org/licenses/by/4.0/"},
               "sourceOrganization":{"name":"Origin Daily"}}}]
            //]]></script></head><body><p>x</p></body></html>
            """)
        #expect(page.first("jsonld.author") == "Ana Ruiz")
        #expect(page.first("jsonld.publisher") == "Example News")
        #expect(page.first("jsonld.is-based-on") == "https://origin.example.org/story")
        #expect(page.first("jsonld.license") == "https://creativecommons.org/licenses/by/4.0/")
        #expect(page.first("jsonld.source-organization") == "Origin Daily")
    }

    @Test("Head tags: a relative canonical resolves against the page; a script canonical is not an address")
    func headTags() throws {
        let page = try facts("""
            <html><head><link rel="canonical" href="/a/1?amp=0"><meta name="author" content="Li Wei">
            <meta name="copyright" content="© Example News"><link rel="license" href="javascript:alert(1)"></head><body></body></html>
            """)
        #expect(page.first("canonical") == "https://news.example.com/a/1?amp=0")
        #expect(page.first("author") == "Li Wei")
        #expect(page.first("copyright") == "© Example News")
        #expect(page.first("license") == nil)
    }

    @Test("The article text is the largest cluster of paragraphs; comments, navigation and footers are left out")
    func mainText() throws {
        let page = try facts("""
            <html><body><nav><p>Home News Sport Weather and everything else in the menu</p></nav>
            <div class="article-body"><p>First paragraph of the story.</p><p>Second paragraph of the story.</p></div>
            <section id="comments"><p>A very long comment that goes on and on about something else entirely, longer than the story.</p>
            <p>Another long comment, also longer than the story's paragraphs, to tempt a naive reader.</p></section>
            <footer><p>Copyright notice and links to every other page of the site, terms and privacy.</p></footer></body></html>
            """)
        #expect(page.articleText == "First paragraph of the story.\nSecond paragraph of the story.")
    }

    @Test("robots.txt: our group over *, the longest rule wins, Allow wins a tie, * and $ match")
    func robots() {
        let robots = Robots("""
            User-agent: *
            Disallow: /

            User-agent: feeds
            User-agent: other
            Disallow: /private/
            Allow: /private/open-*.html$
            Disallow: /*.pdf$
            """, productToken: "feeds")
        #expect(robots.allows("/news/1"))
        #expect(!robots.allows("/private/notes"))
        #expect(robots.allows("/private/open-day.html"))
        #expect(!robots.allows("/private/open-day.html?x=1"))
        #expect(!robots.allows("/files/report.pdf"))
        #expect(!Robots("User-agent: *\nDisallow: /\n", productToken: "feeds").allows("/anything"))
        #expect(Robots("User-agent: *\nDisallow:\n", productToken: "feeds").allows("/anything"))
    }

    @Test("The text check: an excerpt with a footer is the same text; another article is not")
    func textMatch() {
        let article = "The county board voted five to two on Tuesday to fund the harbor dredging plan that fishermen have sought for a decade."
            + " The channel has silted up so badly that trawlers wait for high tide to reach the fish market."
        let excerpt = "The county board voted five to two on Tuesday to fund the harbor dredging plan. Originally published by the Herald."
        #expect(TextMatch.share(of: excerpt, in: article).share >= TextMatch.sameTextShare)
        #expect(TextMatch.share(of: "The summer fair drew record crowds to the green on Saturday afternoon.", in: article).share < 0.1)
    }
}
