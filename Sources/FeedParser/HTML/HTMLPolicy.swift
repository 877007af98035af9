import Foundation

/// What survives sanitizing. Elements not listed are unwrapped (their text
/// stays); those in `droppedWithContent` go with everything inside them.
enum HTMLPolicy {
    static let allowedElements: Set<String> = [
        "a", "abbr", "acronym", "address", "article", "aside", "audio", "b", "bdi", "bdo", "big", "blockquote",
        "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt",
        "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img",
        "ins", "kbd", "li", "main", "mark", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp",
        "section", "small", "source", "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody",
        "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "video", "wbr",
    ]

    static let droppedWithContent: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "noframes", "object", "embed", "applet", "param",
        "form", "input", "button", "select", "textarea", "option", "template", "svg", "math", "canvas",
        "noscript", "head", "title", "meta", "link", "base",
    ]

    static let voidElements: Set<String> = ["br", "hr", "img", "source", "wbr", "col", "area", "input", "meta", "link", "base", "param", "embed"]

    /// Elements that separate words in the visible text.
    static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl", "dt", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre",
        "section", "summary", "table", "td", "th", "tr", "ul",
    ]

    static let urlAttributes: Set<String> = ["href", "src", "cite", "poster"]

    private static let globalAttributes: Set<String> = ["title", "lang", "dir"]
    private static let elementAttributes: [String: Set<String>] = [
        // `class` on links is kept: plugin marks such as feedzy's are provenance clues.
        "a": ["href", "class"],
        "img": ["src", "alt", "width", "height"],
        "audio": ["src", "controls"],
        "video": ["src", "controls", "poster", "width", "height"],
        "source": ["src", "type"],
        "td": ["colspan", "rowspan"], "th": ["colspan", "rowspan", "scope"], "col": ["span"], "colgroup": ["span"],
        "blockquote": ["cite"], "q": ["cite"], "del": ["cite", "datetime"], "ins": ["cite", "datetime"],
        "time": ["datetime"], "ol": ["start", "reversed", "type"], "li": ["value"],
    ]

    static func isAllowed(attribute: String, on element: String) -> Bool {
        globalAttributes.contains(attribute) || (elementAttributes[element]?.contains(attribute) ?? false)
    }

    private static let allowedSchemes: Set<String> = ["http", "https", "mailto", "ftp", "tel"]

    /// The URL resolved against the base, or nil when it runs script or its
    /// scheme is not one a reader should follow.
    static func safeURL(_ raw: String, allowImageData: Bool, baseURL: String?) -> String? {
        // Browsers ignore control characters and spaces inside a scheme ("java\tscript:").
        let compact = String(String.UnicodeScalarView(raw.unicodeScalars.filter { $0.value > 0x20 }))
        guard !compact.isEmpty else { return nil }
        if let colon = compact.firstIndex(of: ":") {
            let scheme = compact[..<colon].lowercased()
            if scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }),
               !compact[..<colon].contains("/") {
                if scheme == "data" {
                    return allowImageData && compact.lowercased().hasPrefix("data:image/") ? compact : nil
                }
                guard allowedSchemes.contains(scheme) else { return nil }
                return URLResolver.resolve(raw.trimmingCharacters(in: .whitespacesAndNewlines), against: nil) ?? compact
            }
        }
        return URLResolver.resolve(raw.trimmingCharacters(in: .whitespacesAndNewlines), against: baseURL)
    }
}

enum HTMLEscaping {
    static func escapeText(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var copy = text
        copy.withUTF8 { appendEscapedText($0, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func appendEscapedText(_ text: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var runStart = 0
        for index in 0..<text.count {
            let replacement: StaticString
            switch text[index] {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            default: continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<index]))
            output.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            runStart = index + 1
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...]))
    }

    static func appendEscapedAttribute(_ value: String, to output: inout [UInt8]) {
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
            default: output.append(byte)
            }
        }
    }
}

enum TextNormalization {
    /// Runs of white space (including no-break spaces) become one space; ends trimmed.
    static func collapseWhitespace(_ text: String) -> String {
        var result = String()
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.value == 0xA0 {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace { result.unicodeScalars.append(" "); pendingSpace = false }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
