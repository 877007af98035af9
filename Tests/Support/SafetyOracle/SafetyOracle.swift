import FeedModel

/// An independent reading of the promise "no script URL ever leaves feeds",
/// for the property tests and the fuzz target (Benchmarks/fuzz.sh). It does
/// not call the code it checks: schemes are read with its own regexes, the
/// way browsers read them (character references decoded, controls dropped,
/// case folded), and the sanitized HTML is re-read tag by tag.
public enum SafetyOracle {
    /// Everything wrong with one parsed feed and its provenance, as lines a
    /// person can read; empty when it is safe.
    public static func violations(in feed: ParsedFeed, provenance: [ProvenanceRecord] = []) -> [String] {
        var found: [String] = []
        func url(_ value: String?, _ field: String) {
            if let value, let problem = schemeProblem(value, allowImageData: false) { found.append("\(field): \(problem)") }
        }
        func html(_ value: String?, _ field: String) {
            if let value { found += htmlProblems(value).map { "\(field): \($0)" } }
        }
        url(feed.link, "feed link")
        url(feed.selfURL, "feed self link")
        url(feed.image, "feed image")
        html(feed.description, "feed description")
        for person in feed.authors { url(person.uri, "feed author uri") }
        for (index, item) in feed.items.enumerated() {
            let place = "item \(index + 1)"
            url(item.link, "\(place) link")
            url(item.comments, "\(place) comments")
            url(item.viaLink, "\(place) via link")
            url(item.source?.url, "\(place) source url")
            url(item.source?.link, "\(place) source link")
            for enclosure in item.enclosures { url(enclosure.url, "\(place) enclosure") }
            for person in item.authors { url(person.uri, "\(place) author uri") }
            for license in item.rightsMarks.licenses { url(license, "\(place) license") }
            html(item.summary, "\(place) summary")
            html(item.content, "\(place) content")
        }
        for (index, record) in provenance.enumerated() {
            let place = "item \(index + 1) provenance"
            url(record.origin.url, "\(place) origin url")
            url(record.republisher?.feedURL, "\(place) republisher feed url")
            url(record.republisher?.removalContact, "\(place) removal contact")
            url(record.rights?.license, "\(place) license")
            for signal in record.signals where !signal.value.contains(where: \.isWhitespace) {
                url(signal.value, "\(place) signal \(signal.kind)")
            }
        }
        return found
    }

    private static let allowed: Set<String> = ["http", "https", "mailto"]

    /// Why `url` may not leave feeds, or nil when it may.
    public static func schemeProblem(_ url: String, allowImageData: Bool) -> String? {
        let read = browserReading(url)
        guard let match = read.firstMatch(of: /^([a-z][a-z0-9+.\-]*):/) else { return nil }
        let scheme = String(match.1)
        if allowed.contains(scheme) { return nil }
        if allowImageData, scheme == "data", read.wholeMatch(of: /data:image\/(?!svg)[\s\S]*/) != nil { return nil }
        return "script-capable URL \"\(url.prefix(80))\" (read as \(scheme):)"
    }

    /// The URL as a browser's scheme check sees it.
    static func browserReading(_ url: String) -> String {
        // One pass, as a browser decodes an attribute once: "&#38;colon;" is "&colon;", not ":".
        // All the digits, as HTML reads them; a number that is no character is U+FFFD (found by the fuzzer).
        let text = url.replacing(/&(?:#[xX]([0-9a-fA-F]+);?|#([0-9]+);?|(colon|Tab|NewLine);?)/) { match -> String in
            let named = match.3.map { ["colon": UInt32(0x3A), "Tab": 0x09, "NewLine": 0x0A][String($0)]! }
            let number = match.1.map { UInt32($0, radix: 16) } ?? match.2.map { UInt32($0) }
            let value = named ?? number.map { $0 ?? 0xFFFD } ?? 0xFFFD
            return String(Character(Unicode.Scalar(value) ?? "\u{FFFD}"))
        }
        let kept = text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }
        return String(String.UnicodeScalarView(kept)).drop { $0 == " " }.lowercased()
    }

    private static let forbiddenElements: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "form",
        "input", "button", "textarea", "select", "option", "foreignobject", "template", "noscript", "xmp", "noembed",
        "noframes", "plaintext", "isindex", "portal",
    ]
    private static let forbiddenAttributes: Set<String> = ["srcdoc", "formaction", "action", "xmlns", "dynsrc", "lowsrc", "id", "name"]
    private static let urlAttributes: Set<String> = [
        "href", "src", "xlink:href", "cite", "poster", "background", "data", "codebase", "longdesc", "srcset", "usemap",
        "manifest", "ping", "profile", "icon", "archive", "classid", "action", "formaction",
    ]

    /// Every element, attribute and URL in sanitized HTML that could run script.
    public static func htmlProblems(_ html: String) -> [String] {
        var found: [String] = []
        for tag in html.matches(of: /<\s*\/?\s*([A-Za-z][^\s\/>]*)([^>]*)>/) {
            let element = String(tag.1).lowercased()
            if forbiddenElements.contains(element) { found.append("element <\(element)> survived") }
            for attribute in String(tag.2).matches(of: /([^\s="'\/]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/) {
                let name = String(attribute.1).lowercased()
                let value = unescape(String(attribute.2 ?? attribute.3 ?? attribute.4 ?? ""))
                if name.hasPrefix("on") { found.append("event handler \(name) on <\(element)>") }
                if forbiddenAttributes.contains(name) { found.append("attribute \(name) on <\(element)>") }
                if name == "style", value.lowercased().contains(/url\s*\(|expression\s*\(|behavior|javascript|@import|\\/) {
                    found.append("style \"\(value.prefix(60))\" on <\(element)>")
                }
                if urlAttributes.contains(name) || name.hasSuffix(":href"),
                   let problem = schemeProblem(value, allowImageData: element == "img" && name == "src") {
                    found.append("\(name) on <\(element)>: \(problem)")
                }
            }
        }
        return found
    }

    private static func unescape(_ value: String) -> String {
        value.replacing("&quot;", with: "\"").replacing("&#39;", with: "'").replacing("&lt;", with: "<")
            .replacing("&gt;", with: ">").replacing("&amp;", with: "&")
    }
}
