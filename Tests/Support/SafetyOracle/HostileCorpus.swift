/// Hostile feed documents for the safety property tests and the fuzz
/// target's seed corpus: the classic filter-evasion fragments (encoded
/// schemes, split tags, nested quotes, `srcdoc`, SVG and MathML links, CSS
/// `url()`, `<base>`, `<meta refresh>`, `formaction` …) with disguised script
/// URLs, under hostile base URLs, in RSS, Atom (every content type, `xml:base`
/// at every level) and JSON Feed. Deterministic for a seed.
public struct HostileCorpus {
    public struct Document: Sendable {
        public var name: String
        public var bytes: [UInt8]
        /// The `--base-url` to parse it with.
        public var baseURL: String?
    }

    /// URLs that run script or show a document of the attacker's, before disguise.
    public static let payloads = [
        "javascript:alert(document.domain)", "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
        "data:image/svg+xml,<svg onload=alert(1)>", "livescript:alert(1)", "javascript://%0Aalert(1)",
    ]

    /// HTML fragments; `{U}` stands for a (disguised) payload.
    public static let fragments = [
        #"<a href="{U}">x</a>"#, "<a href='{U}'>x</a>", "<a href={U}>x</a>", #"<A HREF="{U}" onclick="alert(1)" onmouseover=alert(1)>x</A>"#,
        #"<img src="{U}">"#, #"<IMG SRC="{U}">"#, #"<img src=x onerror="location='{U}'">"#, #"<img srcset="{U} 1x" src="ok.png">"#,
        #"<iframe src="{U}"></iframe>"#, #"<iframe srcdoc="<script>alert(1)</script>"></iframe>"#,
        #"<svg><a xlink:href="{U}"><text>x</text></a></svg>"#, #"<svg><a href="{U}">x</a></svg>"#, #"<svg onload="alert(1)"/>"#,
        "<svg><script>alert(1)</script></svg>", ##"<svg><animate href="#x" attributeName="href" values="{U}"/></svg>"##,
        #"<svg><foreignObject><iframe src="{U}"></iframe></foreignObject></svg>"#,
        #"<math><a xlink:href="{U}">x</a></math>"#, #"<math href="{U}">x</math>"#,
        #"<div style="background:url({U})">x</div>"#, #"<p style="width:expression(alert(1))">x</p>"#,
        "<style>@import '{U}';</style>", #"<span style="behavior:url(x.htc)">x</span>"#, #"<a href="x" style="x:expr/**/ession(alert(1))">x</a>"#,
        #"<base href="{U}//"><a href="x">x</a>"#, #"<meta http-equiv="refresh" content="0;url={U}">"#,
        #"<form action="{U}"><button formaction="{U}">x</button><input type="image" src="{U}"></form>"#,
        #"<object data="{U}"></object>"#, #"<embed src="{U}">"#, #"<applet code="{U}"></applet>"#,
        #"<video poster="{U}"><source src="{U}"></video>"#, #"<audio src="{U}"></audio>"#,
        #"<blockquote cite="{U}">q</blockquote>"#, #"<table background="{U}"><tr><td>x</td></tr></table>"#,
        "<scr<script>ipt>alert(1)</script>", "<<script>alert(1)//<</script>", "<script/x>alert(1)</script>", "<script>alert(1)",
        #"<img """><script>alert(1)</script>">"#, #"<a title="a" href="{U}">x</a>"#, #"<!--<a href="x">--><a href="{U}">y</a>"#,
        "<details open ontoggle=alert(1)>d</details>", "<body onload=alert(1)>", "<marquee onstart=alert(1)>m</marquee>",
        #"<a href="relative/path">ok</a>"#, #"<img src="pic.png">"#, #"<a href="//evil.example/x">x</a>"#, ##"<a href="?q=1#top">q</a>"##,
        #"<link rel="stylesheet" href="{U}">"#, #"<frameset><frame src="{U}"></frameset>"#,
        "<textarea><script>alert(1)</script></textarea>", #"<noscript><p title="</noscript><img src=x onerror=alert(1)>">"#,
        "<template><script>alert(1)</script></template>", #"<a ping="{U}" href="ok">x</a>"#, #"<a href="&#x20;{U}">x</a>"#,
        #"<a href="{U}"#, #"<a id="x" name="forms" href="ok">x</a>"#,
    ]

    /// Base URLs a feed may try to impose (nil: none).
    public static let bases: [String?] = [
        "javascript:alert(document.domain)//", "JaVaScRiPt:alert(1)//", " javascript:alert(1)//", "java\tscript:alert(1)//",
        "data:text/html,x//", "vbscript:x//", "https://good.example/dir/", "//evil.example/", nil,
    ]

    public static let formats = ["rss-cdata", "rss-escaped", "atom-html", "atom-xhtml", "json"]

    private var random: SplitMix64

    public init(seed: UInt64) { random = SplitMix64(seed: seed) }

    /// Every fragment under every base in every format (one disguise each), then `extra` random mixtures.
    public mutating func documents(extra: Int) -> [Document] {
        var documents: [Document] = []
        for format in Self.formats {
            for (fragmentIndex, fragment) in Self.fragments.enumerated() {
                for (baseIndex, base) in Self.bases.enumerated() {
                    documents.append(document(format: format, fragments: [fragment], base: base,
                                              name: "\(format)-f\(fragmentIndex)-b\(baseIndex)"))
                }
            }
        }
        for index in 0..<extra {
            let format = pick(Self.formats)
            let count = Int(random.next() % 3) + 1
            documents.append(document(format: format, fragments: (0..<count).map { _ in pick(Self.fragments) }, base: pick(Self.bases),
                                      name: "\(format)-mix\(index)"))
        }
        return documents
    }

    private mutating func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }

    /// A payload in one of the disguises browsers see through.
    public mutating func disguised(_ url: String) -> String {
        guard let colon = url.firstIndex(of: ":") else { return url }
        var scheme = ""
        for character in url[..<colon] {
            var text = random.next() % 2 == 0 ? character.uppercased() : character.lowercased()
            switch random.next() % 10 {
            case 0: text = "&#\(character.asciiValue!);"
            case 1: text = "&#x\(String(character.asciiValue!, radix: 16));"
            case 2: text = "&#0000\(character.asciiValue!)"
            case 3: text += "\t"
            case 4: text += "&#x0A;"
            case 5: text += "\u{01}"
            default: break
            }
            scheme += text
        }
        let colonText = pick([":", ":", "&colon;", "&#58;", "&#x3a;"])
        let lead = pick(["", "", " ", "\u{0E}", "&#x20;", "\n"])
        return lead + scheme + colonText + url[url.index(after: colon)...]
    }

    private mutating func document(format: String, fragments: [String], base: String?, name: String) -> Document {
        let payload = disguised(pick(Self.payloads))
        let html = fragments.map { $0.replacing("{U}", with: payload) }.joined(separator: " ")
        let fieldURL = disguised(pick(Self.payloads))
        let baseAttribute = base.map { " xml:base=\"\(Self.xmlAttribute($0))\"" } ?? ""
        let innerBase = pick(Self.bases).map { " xml:base=\"\(Self.xmlAttribute($0))\"" } ?? ""
        let url = Self.xmlAttribute(fieldURL)
        let text: String
        switch format {
        case "rss-cdata", "rss-escaped":
            let body = format == "rss-cdata" ? "<![CDATA[\(html.replacing("]]>", with: "]]&gt;"))]]>" : Self.xmlText(html)
            text = """
                <?xml version="1.0"?><rss version="2.0"\(baseAttribute) xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">\
                <channel><title>t</title><link>\(url)</link><atom:link rel="self" href="\(url)"/><image><url>\(url)</url></image>\
                <description>\(body)</description><item\(innerBase)><title>i</title><link>\(url)</link><guid>\(url)</guid>\
                <comments>\(url)</comments><source url="\(url)">s</source><enclosure url="\(url)" type="text/html"/>\
                <dc:source>\(url)</dc:source><description>\(body)</description></item></channel></rss>
                """
        case "atom-html", "atom-xhtml":
            let content = format == "atom-html"
                ? "<content type=\"html\"\(innerBase)>\(Self.xmlText(html))</content>"
                : "<content type=\"xhtml\"\(innerBase)><div xmlns=\"http://www.w3.org/1999/xhtml\"\(innerBase)>\(html)</div></content>"
            text = """
                <?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"\(baseAttribute)><title>t</title>\
                <link rel="self" href="\(url)"/><link href="\(url)"/><icon>\(url)</icon><logo>\(url)</logo>\
                <author><name>n</name><uri>\(url)</uri></author><subtitle type="html">\(Self.xmlText(html))</subtitle>\
                <entry\(innerBase)><id>urn:x</id><title>e</title><link href="\(url)"/><link rel="via" href="\(url)"/>\
                <link rel="enclosure" href="\(url)"/><link rel="license" href="\(url)"/><link rel="replies" type="text/html" href="\(url)"/>\
                <source><id>\(url)</id><link rel="self" href="\(url)"/></source>\
                <summary type="html">\(Self.xmlText(html))</summary>\(content)</entry></feed>
                """
        default:
            let json = Self.jsonString
            text = """
                {"version":"https://jsonfeed.org/version/1.1","title":"t","home_page_url":\(json(fieldURL)),"feed_url":\(json(fieldURL)),\
                "icon":\(json(fieldURL)),"description":\(json(html)),"authors":[{"name":"a","url":\(json(fieldURL))}],\
                "items":[{"id":"1","url":\(json(base ?? fieldURL)),"external_url":\(json(fieldURL)),"content_html":\(json(html)),\
                "authors":[{"name":"a","url":\(json(fieldURL))}],"attachments":[{"url":\(json(fieldURL)),"mime_type":"text/html"}]}]}
                """
        }
        return Document(name: name, bytes: Array(text.utf8), baseURL: pick(Self.bases))
    }

    static func xmlText(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
    }

    static func xmlAttribute(_ text: String) -> String {
        xmlText(text).replacing("\"", with: "&quot;")
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// A small deterministic generator (SplitMix64), so a failure names a seed that reproduces it.
public struct SplitMix64 {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
