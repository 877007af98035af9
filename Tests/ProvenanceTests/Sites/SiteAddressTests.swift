import Testing
@testable import Provenance

@Suite("Sites are registrable domains by the Public Suffix List")
struct SiteAddressTests {
    @Test("Registrable domains", arguments: [
        ("news.bbc.co.uk", "bbc.co.uk"),
        ("www.example.com", "example.com"),
        ("a.b.c.example.com.", "example.com"),
        ("Blog.Example.ORG", "example.org"),
        ("someone.github.io", "someone.github.io"),
        ("city.kawasaki.jp", "city.kawasaki.jp"),
    ])
    func registrable(host: String, expected: String) {
        #expect(PublicSuffixList.shared.registrableDomain(ofHost: host) == expected)
    }

    @Test("No site for suffixes alone, IP addresses or nothing", arguments: ["co.uk", "com", "192.168.1.10", "::1", ""])
    func noSite(host: String) {
        #expect(PublicSuffixList.shared.registrableDomain(ofHost: host) == nil)
    }

    @Test("Sites of URLs and of names users type")
    func sites() {
        #expect(SiteAddress.site(of: "https://news.example.co.uk/2025/story?x=1") == "example.co.uk")
        #expect(SiteAddress.site(named: "www.Example.com") == "example.com")
        #expect(SiteAddress.site(named: "https://blog.example.com/feed") == "example.com")
        #expect(SiteAddress.site(named: "not a site") == nil)
        #expect(SiteAddress.site(of: "mailto:someone@example.com") == nil)
    }

    @Test("The byte-level reading of plain addresses gives what URLComponents gives", arguments: [
        "https://example.com/2025/02/story/", "HTTP://WWW.Example.COM/Path/To/Page", "https://www.example.com", "https://example.com/",
        "http://news.example.co.uk/a-b_c~d/e.html", "https://example.com./x//", "https://sub.example.org/2026/11/harbor-dredging",
        "https://example.com/a/.hidden", "https://example.com/x?utm_source=rss", "https://example.com:8080/x", "https://www./x",
        "https://ex_ample.com/x", "https://example.com/caf%C3%A9", " https://example.com/x", "https://user@example.com/x",
    ])
    func plainReading(address: String) {
        let plain = SiteAddress.plainNormalized(address)
        if let plain { #expect(plain == SiteAddress.componentsNormalized(address)) }
        #expect(SiteAddress.normalize(address) == (plain ?? SiteAddress.componentsNormalized(address)))
    }

    @Test("Two addresses of one article normalize to the same string")
    func normalization() {
        let forms = [
            "https://www.example.com/2025/02/story/",
            "http://example.com/2025/02/story",
            "HTTPS://Example.COM:443/2025/02/story/?utm_source=rss&utm_medium=feed",
            "https://example.com/2025/02/story#comments",
            "https://example.com/2025/02/story?fbclid=abc",
        ]
        let normalized = Set(forms.compactMap(SiteAddress.normalize))
        #expect(normalized == ["https://example.com/2025/02/story"])
        #expect(SiteAddress.normalize("https://example.com/item?id=7&utm_campaign=x") == "https://example.com/item?id=7")
        #expect(SiteAddress.normalize("ftp://example.com/file") == nil)
        #expect(SiteAddress.normalize("/relative/path") == nil)
    }

    @Test("Host names as people type them, and what is not one", arguments: [
        ("example.org", true), ("news.example.co.uk", true), ("bücher.example", true), ("example.org.", true), ("xn--bcher-kva.example", true),
        ("site\u{01}.example", false), ("not a site", false), ("-bad.example", false), ("a..b", false), ("localhost", false),
        ("coast<al>.example", false), ("example.org\u{0B}", false), ("javascript:alert(1)", false),
    ])
    func hostNames(_ text: String, _ valid: Bool) {
        #expect(SiteAddress.isHostName(text) == valid)
    }
}
