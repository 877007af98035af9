import Foundation
import Testing
@testable import FeedParser

@Suite("Relative links made absolute")
struct URLResolverTests {
    @Test("The quick path gives what RFC 3986 resolution gives", arguments: [
        ("/a/b.html", "https://example.org/x/y.html?q=1#f"), ("b/c.html", "https://example.org/x/y.html"),
        ("c.png", "https://example.org"), ("c.png?w=300&h=200", "http://Example.org:8080/blog/post/"),
        ("/", "https://example.org/x"), ("img/a%20b.png", "https://user@example.org/p/q"),
    ])
    func plainPaths(_ reference: String, _ base: String) throws {
        let foundation = try #require(URL(string: reference, relativeTo: URL(string: base)!)?.absoluteString)
        #expect(URLResolver.resolvePlain(reference, against: base) == foundation)
        #expect(URLResolver.resolve(reference, against: base) == foundation)
    }

    @Test("Dot segments, queries alone, odd characters and other schemes take the full path", arguments: [
        ("../a", "https://example.org/x/y"), ("./a", "https://example.org/x/y"), ("?page=2", "https://example.org/x"),
        ("#top", "https://example.org/x"), ("a b.png", "https://example.org/"), ("//cdn.example.net/a", "https://example.org/"),
        ("a/b", "ftp://example.org/x"),
    ])
    func fullPath(_ reference: String, _ base: String) {
        #expect(URLResolver.resolvePlain(reference, against: base) == nil)
    }

    @Test("Dot segments are still resolved")
    func dots() {
        #expect(URLResolver.resolve("../a.html", against: "https://example.org/x/y/z.html") == "https://example.org/x/a.html")
    }
}
