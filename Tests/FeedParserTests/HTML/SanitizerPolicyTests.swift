import Testing
@testable import FeedParser

@Suite("The sanitizer's policy, both ways")
struct SanitizerPolicyTests {
    let sanitizer = HTMLSanitizer()

    @Test("Presentational attributes and elements a publisher chose are kept", arguments: [
        (##"<table border="1" cellpadding="2" cellspacing="0" bgcolor="#eee" summary="s"><tr><td align="center" valign="top" nowrap>c</td></tr></table>"##,
         ##"<table border="1" cellpadding="2" cellspacing="0" bgcolor="#eee" summary="s"><tr><td align="center" valign="top" nowrap="">c</td></tr></table>"##),
        (#"<font color="red" face="Georgia" size="3">f</font><center>c</center>"#, #"<font color="red" face="Georgia" size="3">f</font><center>c</center>"#),
        (#"<img src="https://i.example/a.png" hspace="4" vspace="2" align="left" alt="a">"#, #"<img src="https://i.example/a.png" hspace="4" vspace="2" align="left" alt="a">"#),
        (#"<a href="https://x.example/" hreflang="de" rel="nofollow" rev="made">x</a>"#, #"<a href="https://x.example/" hreflang="de" rel="nofollow" rev="made">x</a>"#),
        ("<nav><menu><li>m</li></menu></nav><fieldset><legend>l</legend><label>n</label></fieldset>", "<nav><menu><li>m</li></menu></nav><fieldset><legend>l</legend><label>n</label></fieldset>"),
        (#"<meter value="0.6">60%</meter><progress value="3" max="5">3/5</progress>"#, #"<meter value="0.6">60%</meter><progress value="3" max="5">3/5</progress>"#),
        (#"<map><area href="https://x.example/r" shape="rect" coords="0,0,9,9" alt="r"></map>"#, #"<map><area href="https://x.example/r" shape="rect" coords="0,0,9,9" alt="r"></map>"#),
    ])
    func kept(_ input: String, _ expected: String) {
        #expect(sanitizer.sanitize(input, baseURL: nil).html == expected)
    }

    @Test("id, name, forms, inputs, buttons, frames and handlers stay out", arguments: [
        (#"<p id="login" name="forms" onclick="x()" onmouseover="y()">p</p>"#, "<p>p</p>"),
        (#"<form action="/x"><input name="q"><button type="submit">Go</button><select><option>o</option></select>text</form>"#, "text"),
        (#"<frameset><frame src="https://x.example/"></frameset>after"#, "after"),
        (#"<iframe src="https://x.example/">no</iframe>after"#, "after"),
    ])
    func dropped(_ input: String, _ expected: String) {
        #expect(sanitizer.sanitize(input, baseURL: nil).html == expected)
    }

    @Test("Styles keep only the safe CSS subset", arguments: [
        ("color: red; font-weight: bold; text-align: center", "color: red; font-weight: bold; text-align: center"),
        ("margin: 0 auto; padding: 2px 4px; border: 1px solid #ccc; width: 50%", "margin: 0 auto; padding: 2px 4px; border: 1px solid #ccc; width: 50%"),
        ("color: rgb(10, 20, 30); font-family: 'Open Sans', serif", "color: rgb(10, 20, 30); font-family: 'Open Sans', serif"),
        ("position: absolute; top: 0; z-index: 99; color: red", "color: red"),
        ("display: none", nil),
    ] as [(String, String?)])
    func safeCSS(_ style: String, _ expected: String?) {
        let html = sanitizer.sanitize("<p style=\"\(style)\">p</p>", baseURL: nil).html
        #expect(html == (expected.map { "<p style=\"\($0)\">p</p>" } ?? "<p>p</p>"))
    }

    @Test("Hostile CSS is dropped", arguments: [
        "background: url(javascript:alert(1))", "background-image: url(https://tracker.example/p.gif)", "width: expression(alert(1))",
        "behavior: url(x.htc)", "-moz-binding: url(x.xml#xss)", "color: red; @import 'x.css'", "color: r\\65 d",
        "color: red /* x */", "color: expression(alert(1))", "font-family: 'x</style><script>'", "color: javascript:alert(1)",
    ])
    func hostileCSS(_ style: String) {
        let html = sanitizer.sanitize("<p style=\"\(style.replacingOccurrences(of: "\"", with: "&quot;"))\">p</p>", baseURL: nil).html
        #expect(!html.contains("url(") && !html.contains("expression") && !html.contains("binding") && !html.contains("import")
                && !html.contains("\\") && !html.contains("script"), "\(html)")
    }

    @Test("SVG and MathML keep their drawing and maths; scripting, handlers, foreignObject and external references go")
    func svgAndMath() {
        let svg = sanitizer.sanitize("""
            <svg viewBox="0 0 10 10" onload="alert(1)"><circle cx="5" cy="5" r="4" fill="blue"/><foreignObject><p>fo</p></foreignObject>\
            <script>alert(1)</script><use href="https://evil.example/s.svg#x"/><a href="javascript:alert(1)"><text x="1" y="2">t</text></a></svg>
            """, baseURL: nil).html
        #expect(svg == #"<svg viewbox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="blue"></circle><a><text x="1" y="2">t</text></a></svg>"#)
        let math = sanitizer.sanitize(#"<math display="block"><mfrac><mi>a</mi><mn>2</mn></mfrac><annotation-xml encoding="text/html"><b>x</b></annotation-xml></math>"#, baseURL: nil).html
        #expect(math == #"<math display="block"><mfrac><mi>a</mi><mn>2</mn></mfrac></math>"#)
    }
}
