import Foundation
import Testing
@testable import FeedParser

@Suite("Sanitized HTML")
struct HTMLSanitizerTests {
    let sanitizer = HTMLSanitizer()

    @Test("Script, style, iframe, object, embed and form go with their content")
    func dangerousElements() {
        let result = sanitizer.sanitize("""
            <p>keep</p><script>bad()</script><style>p{}</style><iframe src="x">if</iframe>
            <object data="x">obj</object><embed src="y"><form action="/x"><input name="q">form text</form>
            """, baseURL: nil)
        #expect(result.html == "<p>keep</p>")
        #expect(result.text == "keep")
    }

    @Test("on* attributes and javascript:/data: URLs are removed; data: images are kept")
    func dangerousAttributes() {
        let result = sanitizer.sanitize("""
            <a href="javascript:alert(1)" onclick="x()">a</a><a href=" JaVa\tScRiPt:alert(1)">b</a>\
            <a href="data:text/html,hi">c</a><img src="data:image/png;base64,AAAA" onerror="x()"><img src="vbscript:x">
            """, baseURL: nil)
        #expect(result.html == "<a>a</a><a>b</a><a>c</a><img src=\"data:image/png;base64,AAAA\">")
    }

    @Test("Relative URLs are resolved against the base")
    func relativeURLs() {
        let result = sanitizer.sanitize("<a href=\"../up\">u</a><img src=\"//cdn.example.com/i.png\"><a href=\"#frag\">f</a>",
                                        baseURL: "https://site.example.com/blog/post/")
        #expect(result.html == "<a href=\"https://site.example.com/blog/up\">u</a><img src=\"https://cdn.example.com/i.png\"><a href=\"https://site.example.com/blog/post/#frag\">f</a>")
    }

    @Test("Unknown elements are unwrapped; entities decode; leading text gets no invented <p>")
    func unwrapAndEntities() {
        let result = sanitizer.sanitize("Lead &amp; <font color=red>red&nbsp;text</font> &eacute;t&eacute;", baseURL: nil)
        #expect(result.html == "Lead &amp; red\u{A0}text été")
        #expect(result.text == "Lead & red text été")
    }

    @Test("Text keeps words apart across block elements")
    func blockText() {
        let result = sanitizer.sanitize("<p>One</p><p>Two<br>Three</p><ul><li>Four</li><li>Five</li></ul>", baseURL: nil)
        #expect(result.text == "One Two Three Four Five")
    }

    @Test("Plain text titles: markup removed, entities decoded, bare & kept")
    func plainText() {
        #expect(sanitizer.plainText("AT&T <b>wins</b> &mdash; again") == "AT&T wins — again")
        #expect(sanitizer.plainText("  spaced\n  out  ") == "spaced out")
        #expect(sanitizer.plainText("a < b") == "a < b")
    }
}
