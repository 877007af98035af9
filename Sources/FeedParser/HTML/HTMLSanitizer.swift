import CLibXML2
import Foundation

/// Sanitized HTML and its visible text, from one pass of libxml2's HTML parser.
struct SanitizedHTML: Equatable {
    var html: String
    var text: String
}

/// Cleans HTML from feeds with libxml2's forgiving HTML parser and an
/// allowlist: elements that run code or load frames are dropped with their
/// content, unknown elements are unwrapped, attributes are kept only where
/// listed, and URLs are resolved and stripped of script schemes. The only
/// code that holds an HTML parser context.
final class HTMLSanitizer {
    private var state = State()

    struct State {
        var html: [UInt8] = []
        var text: [UInt8] = []
        var openElements: [String] = []
        /// Depth inside an element whose whole content is dropped.
        var droppedDepth = 0
        var baseURL: String?
        var textOnly = false
        /// The wrapper element added around the fragment is not output.
        var wrapperSeen = false
    }

    init() { LibXML.initialize() }

    /// Sanitized HTML plus visible text.
    func sanitize(_ fragment: String, baseURL: String?) -> SanitizedHTML {
        if !fragment.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) {
            // Plain text needs no parser: escape it, and keep its paragraphs.
            let text = TextNormalization.collapseWhitespace(fragment)
            return SanitizedHTML(html: HTMLEscaping.escapeText(TextNormalization.trim(fragment)), text: text)
        }
        run(fragment, baseURL: baseURL, textOnly: false)
        let result = SanitizedHTML(html: TextNormalization.trim(String(decoding: state.html, as: UTF8.self)),
                                   text: state.text.withUnsafeBufferPointer { TextNormalization.collapseWhitespace(bytes: $0) })
        state = State()
        return result
    }

    /// The visible text of an HTML fragment: entities decoded, markup removed.
    func plainText(_ fragment: String) -> String {
        if !fragment.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }) {
            return TextNormalization.collapseWhitespace(fragment)
        }
        run(fragment, baseURL: nil, textOnly: true)
        let text = state.text.withUnsafeBufferPointer { TextNormalization.collapseWhitespace(bytes: $0) }
        state = State()
        return text
    }

    private func run(_ fragment: String, baseURL: String?, textOnly: Bool) {
        state = State()
        state.baseURL = baseURL
        state.textOnly = textOnly
        var sax = htmlSAXHandler()
        sax.startElement = { context, name, attributes in
            guard let context, let name else { return }
            Unmanaged<HTMLSanitizer>.fromOpaque(context).takeUnretainedValue().start(name, attributes)
        }
        sax.endElement = { context, name in
            guard let context, let name else { return }
            Unmanaged<HTMLSanitizer>.fromOpaque(context).takeUnretainedValue().end(name)
        }
        sax.characters = { context, text, length in
            guard let context, let text else { return }
            Unmanaged<HTMLSanitizer>.fromOpaque(context).takeUnretainedValue()
                .characters(UnsafeBufferPointer(start: text, count: Int(length)))
        }
        sax.ignorableWhitespace = sax.characters
        sax.cdataBlock = sax.characters
        sax.serror = { _, _ in }
        let userData = Unmanaged.passUnretained(self).toOpaque()
        guard let context = htmlCreatePushParserCtxt(&sax, userData, nil, 0, nil, XML_CHAR_ENCODING_UTF8) else { return }
        defer { htmlFreeParserCtxt(context) }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NOIMPLIED.rawValue)
        htmlCtxtUseOptions(context, options)
        // A wrapper element keeps libxml2 from inventing <p> around leading text.
        _ = htmlParseChunk(context, "<div>", 5, 0)
        var mutableFragment = fragment
        mutableFragment.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                _ = htmlParseChunk(context, chars.baseAddress, Int32(chars.count), 0)
            }
        }
        _ = htmlParseChunk(context, "</div>", 6, 1)
    }

    // MARK: SAX events

    private func start(_ rawName: UnsafePointer<xmlChar>, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        // libxml2's HTML parser reports element and attribute names in lower case.
        let name = String(cString: rawName)
        if !state.wrapperSeen {
            state.wrapperSeen = true
            state.openElements.append("#wrapper")
            return
        }
        if state.droppedDepth > 0 || HTMLPolicy.droppedWithContent.contains(name) {
            state.droppedDepth += 1
            return
        }
        if HTMLPolicy.blockElements.contains(name) || name == "br" { state.text.append(0x0A) }
        guard !state.textOnly, HTMLPolicy.allowedElements.contains(name) else {
            state.openElements.append("#unwrapped")
            return
        }
        if name == "img" || name == "source" {
            // An image without a usable source is no image.
            guard attributeValue("src", attributes).flatMap({ safeURL($0, attribute: "src", element: name) }) != nil else {
                if !HTMLPolicy.voidElements.contains(name) { state.openElements.append("#unwrapped") }
                return
            }
        }
        state.html.append(UInt8(ascii: "<"))
        state.html.append(contentsOf: name.utf8)
        if let attributes {
            var index = 0
            while let attributeName = attributes[index] {
                let value = attributes[index + 1]
                index += 2
                let key = String(cString: attributeName)
                guard HTMLPolicy.isAllowed(attribute: key, on: name) else { continue }
                var text = value.map { String(cString: $0) } ?? ""
                if HTMLPolicy.urlAttributes.contains(key) {
                    guard let safe = safeURL(text, attribute: key, element: name) else { continue }
                    text = safe
                }
                state.html.append(UInt8(ascii: " "))
                state.html.append(contentsOf: key.utf8)
                state.html.append(contentsOf: "=\"".utf8)
                HTMLEscaping.appendEscapedAttribute(text, to: &state.html)
                state.html.append(UInt8(ascii: "\""))
            }
        }
        state.html.append(UInt8(ascii: ">"))
        if !HTMLPolicy.voidElements.contains(name) { state.openElements.append(name) }
    }

    private func end(_ rawName: UnsafePointer<xmlChar>) {
        if state.droppedDepth > 0 {
            state.droppedDepth -= 1
            return
        }
        let name = String(cString: rawName)
        if HTMLPolicy.voidElements.contains(name) { return }
        guard let open = state.openElements.popLast() else { return }
        if HTMLPolicy.blockElements.contains(name) { state.text.append(0x0A) }
        if open.hasPrefix("#") { return }
        state.html.append(contentsOf: "</".utf8)
        state.html.append(contentsOf: open.utf8)
        state.html.append(UInt8(ascii: ">"))
    }

    private func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard state.droppedDepth == 0 else { return }
        state.text.append(contentsOf: text)
        if !state.textOnly { HTMLEscaping.appendEscapedText(text, to: &state.html) }
    }

    private func attributeValue(_ wanted: String, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) -> String? {
        guard let attributes else { return nil }
        var index = 0
        while let name = attributes[index] {
            if String(cString: name) == wanted { return attributes[index + 1].map { String(cString: $0) } }
            index += 2
        }
        return nil
    }

    private func safeURL(_ raw: String, attribute: String, element: String) -> String? {
        HTMLPolicy.safeURL(raw, allowImageData: element == "img" && attribute == "src", baseURL: state.baseURL)
    }
}
