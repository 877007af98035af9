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
        let compact = raw.utf8.allSatisfy({ $0 > 0x20 })
            ? raw : String(String.UnicodeScalarView(raw.unicodeScalars.filter { $0.value > 0x20 }))
        guard !compact.isEmpty else { return nil }
        if let colon = compact.firstIndex(of: ":") {
            let scheme = compact[..<colon].lowercased()
            if scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }),
               !compact[..<colon].contains("/") {
                if scheme == "data" {
                    return allowImageData && compact.lowercased().hasPrefix("data:image/") ? compact : nil
                }
                guard allowedSchemes.contains(scheme) else { return nil }
                return URLResolver.resolve(TextNormalization.trim(raw), against: nil) ?? compact
            }
        }
        return URLResolver.resolve(TextNormalization.trim(raw), against: baseURL)
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

/// White space handling on UTF-8 bytes: Foundation's `trimmingCharacters`
/// and Unicode property look-ups cost more than the whole XML parse.
enum TextNormalization {
    /// The length of the white-space character at `index` (ASCII space and
    /// controls, NBSP, NEL, the U+2000 block, U+2028/9, U+202F, U+205F, U+3000), or 0.
    @inline(__always)
    static func whitespaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 { return byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) ? 1 : 0 }
        if byte == 0xC2, index + 1 < bytes.count { return bytes[index + 1] == 0xA0 || bytes[index + 1] == 0x85 ? 2 : 0 }
        if byte == 0xE2, index + 2 < bytes.count {
            let second = bytes[index + 1], third = bytes[index + 2]
            if second == 0x80 && (third <= 0x8A || third == 0xA8 || third == 0xA9 || third == 0xAF) { return 3 }
            if second == 0x81 && third == 0x9F { return 3 }
            return 0
        }
        if byte == 0xE3, index + 2 < bytes.count { return bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80 ? 3 : 0 }
        return 0
    }

    /// Runs of white space (including no-break spaces) become one space; ends trimmed.
    static func collapseWhitespace(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { collapseWhitespace(bytes: $0) }
    }

    static func collapseWhitespace(bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { output in
            var written = 0
            var pendingSpace = false
            var index = 0
            while index < bytes.count {
                let length = whitespaceLength(bytes, at: index)
                if length > 0 {
                    pendingSpace = written > 0
                    index += length
                    continue
                }
                if pendingSpace { output[written] = 0x20; written += 1; pendingSpace = false }
                output[written] = bytes[index]
                written += 1
                index += 1
            }
            return written
        }
    }

    /// The text without white space at either end.
    static func trim(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { bytes in
            var start = 0
            var end = bytes.count
            while start < end {
                let length = whitespaceLength(bytes, at: start)
                if length == 0 { break }
                start += length
            }
            if start == end { return "" }
            while end > start {
                let last = bytes[end - 1]
                if last < 0x80 {
                    guard last == 0x20 || (last >= 0x09 && last <= 0x0D) else { break }
                    end -= 1
                } else if end - start >= 2, whitespaceLength(bytes, at: end - 2) == 2 {
                    end -= 2
                } else if end - start >= 3, whitespaceLength(bytes, at: end - 3) == 3 {
                    end -= 3
                } else {
                    break
                }
            }
            if start == 0 && end == bytes.count { return text }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }
}
