import FeedModel

/// What survives sanitizing, as tables the tokenizer reads by element and
/// attribute number. Elements not listed are unwrapped (their text stays);
/// dropped ones go with everything inside them.
enum HTMLPolicy {
    enum Handling: Sendable {
        /// Written out, with its allowed attributes.
        case kept
        /// Left out with all its content (nested elements of the same name counted).
        case dropped
        /// Left out with its content, which is raw text up to its end tag (`script`, `style` …).
        case droppedRawText
    }

    struct Element: Sendable {
        let name: [UInt8]
        let handling: Handling
        let isVoid: Bool
        /// Separates words in the visible text.
        let isBlock: Bool
        /// Opening it ends an open `<p>`, as in HTML.
        let closesParagraph: Bool
        /// Attribute numbers allowed here besides the global ones.
        let attributes: AttributeSet
    }

    /// A set of attribute numbers (up to 128).
    struct AttributeSet: Sendable, Equatable {
        var low: UInt64 = 0
        var high: UInt64 = 0

        init() {}

        init(number: UInt8) {
            if number < 64 { low = 1 << UInt64(number) } else { high = 1 << UInt64(number - 64) }
        }

        static func of(_ names: [String]) -> AttributeSet {
            var set = AttributeSet()
            for name in names {
                guard let index = HTMLPolicy.attributeNames.firstIndex(of: name) else { fatalError("unknown attribute \(name)") }
                set.insert(AttributeSet(number: UInt8(index)))
            }
            return set
        }

        func contains(_ other: AttributeSet) -> Bool { low & other.low == other.low && high & other.high == other.high && !other.isEmpty }
        mutating func insert(_ other: AttributeSet) { low |= other.low; high |= other.high }
        func union(_ other: AttributeSet) -> AttributeSet { var set = self; set.insert(other); return set }
        var isEmpty: Bool { low == 0 && high == 0 }
    }

    // MARK: Elements
    //
    // The allowlist reader software has converged on (the one feedparser,
    // html5lib and Miniflux share, give or take): the text and table
    // elements, presentational ones (`font`, `center`), and the harmless
    // parts of SVG and MathML. `id` and `name` are never kept, since they let
    // content clobber the page's DOM; forms, inputs, buttons, frames and
    // every `on*` handler stay out.

    private static let kept = [
        "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "bdi", "bdo", "big", "blockquote",
        "br", "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "dir", "div", "dl", "dt",
        "em", "fieldset", "figcaption", "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i",
        "img", "ins", "kbd", "label", "legend", "li", "main", "map", "mark", "menu", "meter", "nav", "ol", "output", "p",
        "picture", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "section", "small", "source", "span", "strike",
        "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "track", "tt", "u",
        "ul", "var", "video", "wbr",
        // SVG: shapes, text and gradients; no script, no foreignObject, no `use` (external references).
        "svg", "g", "path", "circle", "ellipse", "line", "polyline", "polygon", "rect", "text", "tspan", "defs", "desc",
        "lineargradient", "radialgradient", "stop", "clippath", "marker", "symbol", "textpath",
        // MathML presentation markup; not annotation-xml, which can carry HTML.
        "math", "mi", "mn", "mo", "ms", "mtext", "mrow", "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot", "mtable",
        "mtr", "mtd", "mspace", "mstyle", "munder", "mover", "munderover", "mpadded", "mphantom", "menclose", "semantics",
    ]
    /// Dropped with their content. Embedding elements (`object`, `applet`,
    /// `embed`, `canvas`) and `form` are not here: they are unwrapped, since
    /// what they hold is fallback text meant for readers.
    private static let dropped = [
        "frameset", "param", "input", "button", "select", "option", "template", "head", "meta", "link", "base", "frame",
        "foreignobject", "annotation-xml", "use", "image", "animate", "set", "animatemotion", "animatetransform", "filter",
        "pattern", "mask",
    ]
    private static let droppedRawText = ["script", "style", "iframe", "noframes", "noscript", "textarea", "title", "xmp", "noembed"]
    private static let voids: Set<String> = [
        "br", "hr", "img", "source", "wbr", "col", "area", "input", "meta", "link", "base", "param", "embed", "frame", "track",
    ]
    private static let blocks: Set<String> = [
        "address", "article", "aside", "blockquote", "caption", "center", "dd", "details", "dir", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "legend", "li",
        "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
    ]
    private static let paragraphClosers: Set<String> = [
        "address", "article", "aside", "blockquote", "center", "dd", "details", "dir", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "menu", "nav",
        "ol", "p", "pre", "section", "summary", "table", "ul",
    ]

    // MARK: Attributes

    static let attributeNames = [
        // URLs, checked after resolution.
        "href", "src", "cite", "poster", "longdesc",
        // Global: allowed on every kept element.
        "title", "lang", "dir", "style", "align", "valign", "bgcolor", "color", "border", "width", "height", "hspace", "vspace",
        "clear", "nowrap", "abbr", "axis", "headers", "char", "charoff", "summary", "compact", "noshade", "face", "size",
        // Element-specific.
        "class", "alt", "controls", "type", "colspan", "rowspan", "scope", "span", "datetime", "start", "reversed", "value",
        "cellpadding", "cellspacing", "frame", "rules", "hreflang", "rel", "rev", "label", "open", "loop", "muted", "preload",
        "srclang", "kind", "default", "shape", "coords", "nohref", "max", "min", "low", "high", "optimum", "for",
        // SVG and MathML (lower case, as the table reads names).
        "viewbox", "d", "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
        "stroke-linejoin", "stroke-dasharray", "opacity", "cx", "cy", "r", "rx", "ry", "x", "y", "x1", "y1", "x2", "y2",
        "dx", "dy", "points", "transform", "font-size", "font-family", "text-anchor", "offset", "stop-color",
        "stop-opacity", "gradientunits", "preserveaspectratio", "mathvariant", "display", "mathcolor", "mathsize",
        "linethickness", "stretchy", "fence", "separator", "accent", "notation",
    ]
    static let attributeNameBytes = attributeNames.map { Array($0.utf8) }
    static let urlAttributes = AttributeSet.of(["href", "src", "cite", "poster", "longdesc"])
    static let styleAttribute = AttributeSet.of(["style"])
    static let src = AttributeSet.of(["src"])
    static let globalAttributes = AttributeSet.of([
        "title", "lang", "dir", "style", "align", "valign", "bgcolor", "color", "border", "width", "height", "hspace", "vspace",
        "clear", "nowrap", "abbr", "axis", "headers", "char", "charoff", "summary", "compact", "noshade", "face", "size",
    ])
    private static let svgAttributes = [
        "viewbox", "d", "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
        "stroke-linejoin", "stroke-dasharray", "opacity", "cx", "cy", "r", "rx", "ry", "x", "y", "x1", "y1", "x2", "y2",
        "dx", "dy", "points", "transform", "font-size", "font-family", "text-anchor", "offset", "stop-color", "stop-opacity",
        "gradientunits", "preserveaspectratio",
    ]
    private static let mathAttributes = [
        "mathvariant", "display", "mathcolor", "mathsize", "linethickness", "stretchy", "fence", "separator", "accent", "notation",
    ]
    private static let tableAttributes = ["cellpadding", "cellspacing", "frame", "rules"]
    private static let elementAttributes: [String: [String]] = {
        var table: [String: [String]] = [
            // `class` on links is kept: plugin marks such as feedzy's are provenance clues.
            "a": ["href", "class", "hreflang", "rel", "rev", "type"],
            "area": ["href", "alt", "shape", "coords", "nohref", "hreflang", "rel"],
            "img": ["src", "alt", "longdesc"],
            "audio": ["src", "controls", "loop", "muted", "preload"],
            "video": ["src", "controls", "poster", "loop", "muted", "preload"],
            "source": ["src", "type"], "track": ["src", "kind", "srclang", "label", "default"],
            "td": ["colspan", "rowspan", "scope"], "th": ["colspan", "rowspan", "scope"], "col": ["span"], "colgroup": ["span"],
            "table": tableAttributes, "blockquote": ["cite"], "q": ["cite"], "del": ["cite", "datetime"], "ins": ["cite", "datetime"],
            "time": ["datetime"], "ol": ["start", "reversed", "type"], "ul": ["type"], "li": ["value", "type"],
            "details": ["open"], "label": ["for"], "meter": ["value", "min", "max", "low", "high", "optimum"],
            "progress": ["value", "max"], "output": ["for"], "fieldset": [], "menu": ["type", "label"],
        ]
        for name in ["svg", "g", "path", "circle", "ellipse", "line", "polyline", "polygon", "rect", "text", "tspan", "defs",
                     "lineargradient", "radialgradient", "stop", "clippath", "marker", "symbol", "textpath"] {
            table[name] = svgAttributes
        }
        for name in ["math", "mi", "mn", "mo", "ms", "mtext", "mrow", "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot",
                     "mtable", "mtr", "mtd", "mspace", "mstyle", "munder", "mover", "munderover", "mpadded", "mphantom",
                     "menclose", "semantics"] {
            table[name] = mathAttributes
        }
        return table
    }()

    static let elements: [Element] = {
        func element(_ name: String, _ handling: Handling) -> Element {
            Element(name: Array(name.utf8), handling: handling, isVoid: voids.contains(name), isBlock: blocks.contains(name),
                    closesParagraph: paragraphClosers.contains(name), attributes: AttributeSet.of(elementAttributes[name] ?? []))
        }
        return kept.map { element($0, .kept) } + dropped.map { element($0, .dropped) } + droppedRawText.map { element($0, .droppedRawText) }
    }()

    static let elementTable = NameTable(elements.map(\.name))
    static let attributeTable = NameTable(attributeNameBytes)

    /// Element numbers the tokenizer needs by name.
    static let a = number("a"), p = number("p"), li = number("li"), dt = number("dt"), dd = number("dd")
    static let tr = number("tr"), td = number("td"), th = number("th"), br = number("br"), img = number("img")
    static let source = number("source"), table = number("table"), ul = number("ul"), ol = number("ol"), dl = number("dl")
    static let tbody = number("tbody"), thead = number("thead"), tfoot = number("tfoot")
    static let headings: Set<UInt8> = Set(["h1", "h2", "h3", "h4", "h5", "h6"].map(number))

    private static func number(_ name: String) -> UInt8 {
        UInt8(elements.firstIndex { $0.name.elementsEqual(name.utf8) }!)
    }

    /// Writes the safe form of a URL attribute's (decoded) value: relative
    /// references are resolved first, and only then is the scheme checked
    /// (`URLSafety`), so that no base can turn a reference into a script.
    /// `data:` is kept only for images. `.refused` and `.relative` with
    /// nothing written mean the attribute must go.
    static func appendSafeURL(_ raw: UnsafeBufferPointer<UInt8>, allowImageData: Bool, base: inout URLResolver.Base,
                              to output: inout ByteWriter) -> URLSafety.Verdict? {
        var start = 0
        var end = raw.count
        while start < end, raw[start] <= 0x20 { start += 1 }
        while end > start, raw[end - 1] <= 0x20 { end -= 1 }
        guard start < end else { return nil }
        let trimmed = UnsafeBufferPointer(rebasing: raw[start..<end])
        let written = URLSafety.verdict(bytes: trimmed, allowImageData: allowImageData)
        switch written {
        case .allowed:
            output.append(trimmed)
            return .allowed
        case .refused:
            return written
        case .relative:
            let mark = output.count
            base.appendResolved(trimmed, to: &output)
            let resolved = URLSafety.verdict(bytes: UnsafeBufferPointer(rebasing: output.bytes[mark...]), allowImageData: allowImageData)
            if case .refused = resolved { output.truncate(to: mark) }
            return resolved
        }
    }
}

/// A fixed set of ASCII names (up to 16 bytes), looked up by their lower-case
/// bytes without building a String: open addressing over the packed bytes.
struct NameTable: Sendable {
    struct Key: Equatable, Sendable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var length = 0

        /// Adds one byte, lower-cased; false once the name is too long to be in any table.
        @inline(__always)
        mutating func append(_ byte: UInt8) -> Bool {
            let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            if length < 8 {
                low |= UInt64(lower) << UInt64(length * 8)
            } else if length < 16 {
                high |= UInt64(lower) << UInt64((length - 8) * 8)
            }
            length += 1
            return length <= 16
        }
    }

    private var keys: [Key]
    private var values: [UInt8]
    private let shift: UInt64

    init(_ names: [[UInt8]]) {
        let bits = 9
        shift = UInt64(64 - bits)
        keys = Array(repeating: Key(), count: 1 << bits)
        values = Array(repeating: UInt8.max, count: 1 << bits)
        for (number, name) in names.enumerated() {
            var key = Key()
            for byte in name { _ = key.append(byte) }
            var slot = Self.slot(key, shift)
            while values[slot] != UInt8.max { slot = (slot + 1) & (keys.count - 1) }
            keys[slot] = key
            values[slot] = UInt8(number)
        }
    }

    @inline(__always)
    private static func slot(_ key: Key, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: ((key.low &* 0x9E37_79B9_7F4A_7C15) ^ (key.high &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(key.length)) >> shift)
    }

    /// The name's number, or nil when it is not in the table.
    @inline(__always)
    func number(of key: Key) -> UInt8? {
        guard key.length > 0, key.length <= 16 else { return nil }
        var slot = Self.slot(key, shift)
        while true {
            let value = values[slot]
            if value == UInt8.max { return nil }
            if keys[slot] == key { return value }
            slot = (slot + 1) & (keys.count - 1)
        }
    }
}
