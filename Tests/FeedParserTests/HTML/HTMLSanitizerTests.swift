import Foundation
import Testing
@testable import FeedParser

@Suite("Sanitized HTML")
struct HTMLSanitizerTests {
    let sanitizer = HTMLSanitizer()

    @Test("Script, style and iframe go with their content; object, embed and form lose their tags but keep their fallback text")
    func dangerousElements() {
        let result = sanitizer.sanitize("""
            <p>keep</p><script>bad()</script><style>p{}</style><iframe src="x">if</iframe>
            <object data="x">obj</object><embed src="y"><form action="/x"><input name="q">form text</form>
            """, baseURL: nil)
        #expect(result.html == "<p>keep</p>\nobjform text")
        #expect(result.text == "keep objform text")
    }

    @Test("A dropped element left unclosed does not swallow the rest of the text", arguments: [
        ("safe<template width=\"10\"> description", "safe description"),
        ("<p>one</p><template><p>two</p>", "<p>one</p><p>two</p>"),
        ("safe<object data=\"x.swf\"> description", "safe description"),
        ("a<select><option>b</option>c", "ac"),
    ])
    func unclosedDropped(_ input: String, _ expected: String) {
        #expect(sanitizer.sanitize(input, baseURL: nil).html == expected)
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
        let result = sanitizer.sanitize("Lead &amp; <blink color=red>red&nbsp;text</blink> &eacute;t&eacute;", baseURL: nil)
        #expect(result.html == "Lead &amp; red\u{A0}text été")
        #expect(result.text == "Lead & red\u{A0}text été")
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

    @Test("Output is always balanced: unclosed elements close, stray end tags go, misnested ones close in order")
    func balanced() {
        #expect(sanitizer.sanitize("<p>One <b>bold <i>both</b> after</i>", baseURL: nil).html == "<p>One <b>bold <i>both</i></b> after</p>")
        #expect(sanitizer.sanitize("text</div></p></span> more", baseURL: nil).html == "text more")
        #expect(sanitizer.sanitize("<ul><li>a<li>b</ul><p>x<p>y<div>z</div>", baseURL: nil).html
            == "<ul><li>a</li><li>b</li></ul><p>x</p><p>y</p><div>z</div>")
        #expect(sanitizer.sanitize("<table><tr><td>1<td>2<tr><td>3</table>", baseURL: nil).html
            == "<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>")
        #expect(sanitizer.sanitize("<a href=\"/a\">one<a href=\"/b\">two</a>", baseURL: "https://e.example/").html
            == "<a href=\"https://e.example/a\">one</a><a href=\"https://e.example/b\">two</a>")
    }

    @Test("Script and style content is raw text: markup inside it cannot end it early")
    func rawText() {
        let result = sanitizer.sanitize("<p>a</p><script>if (x < 1) { document.write('</p><b>') }</script ><p>b</p><STYLE>p{}</Style>c", baseURL: nil)
        #expect(result.html == "<p>a</p><p>b</p>c")
        #expect(result.text == "a b c")
        #expect(sanitizer.sanitize("<p>kept</p><script>never closed <p>gone</p>", baseURL: nil).html == "<p>kept</p>")
    }

    @Test("Comments, doctypes and processing instructions leave nothing; nested dropped elements are counted")
    func commentsAndNesting() {
        let result = sanitizer.sanitize("a<!-- <script>x</script> -->b<!DOCTYPE html><?php echo 1 ?>c<!-->d", baseURL: nil)
        #expect(result.html == "abcd")
        #expect(sanitizer.sanitize("<template><template>x</template>still inside</template>after", baseURL: nil).html == "after")
    }

    @Test("Attributes: unquoted, single-quoted, entity-encoded, upper-case and duplicated; a tag cut off at the end goes")
    func attributes() {
        let result = sanitizer.sanitize(
            "<A HREF=/x?a=1&amp;b=2 TITLE='it&#39;s \"q\"' href=\"/second\">l</A><img src=/i.png alt=x/><IMG SRC", baseURL: "https://e.example/p/")
        #expect(result.html == "<a href=\"https://e.example/x?a=1&amp;b=2\" title=\"it's &quot;q&quot;\">l</a><img src=\"https://e.example/i.png\" alt=\"x/\">")
        #expect(sanitizer.sanitize("<br/>x<hr />y<div/>z", baseURL: nil).html == "<br>x<hr>y<div></div>z")
    }

    @Test("References: numeric, hex, C1 as windows-1252, unknown names and missing semicolons stay literal")
    func references() {
        let result = sanitizer.sanitize("&#8220;q&#x201D; &#150; &bogus; &amp &lt;b&gt; &#0;", baseURL: nil)
        #expect(result.html == "\u{201C}q\u{201D} \u{2013} &amp;bogus; &amp;amp &lt;b&gt; \u{FFFD}")
        #expect(result.text == "\u{201C}q\u{201D} \u{2013} &bogus; &amp <b> \u{FFFD}")
    }

    @Test("Text collapses HTML's white space across long runs, with no space at either end; no-break spaces stay")
    func longText() {
        let words = (0..<200).map { "word\($0)" }
        let messy = words.joined(separator: " \n\t\r\u{0C} ")
        let result = sanitizer.sanitize("  <p>  \(messy)  </p>  ", baseURL: nil)
        #expect(result.text == words.joined(separator: " "))
        #expect(sanitizer.sanitize("a&nbsp;b&emsp;c &thinsp; d", baseURL: nil).text == "a\u{A0}b\u{2003}c \u{2009} d")
        #expect(result.html.hasPrefix("<p>  word0"))
        #expect(result.html.hasSuffix("word199  </p>"))
    }

    @Test("A flood of unclosed tags is unwrapped past a depth limit, and the output stays balanced")
    func deepNesting() {
        let hostile = String(repeating: "<b>", count: 50_000) + "deep" + String(repeating: "</i>", count: 50_000)
        let result = sanitizer.sanitize(hostile, baseURL: nil)
        let opened = result.html.components(separatedBy: "<b>").count - 1
        #expect(opened == 256)
        #expect(result.html.components(separatedBy: "</b>").count - 1 == opened)
        #expect(result.text == "deep")
    }
}
