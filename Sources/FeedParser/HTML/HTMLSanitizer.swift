import FeedModel
/// Sanitized HTML and its visible text.
struct SanitizedHTML: Equatable {
    var html: String
    var text: String
    /// URL attributes dropped because their scheme is not allowed, and the first such scheme.
    var refusedURLs = 0
    var firstRefusedScheme: String?
}

/// Cleans HTML from feeds with an allowlist, in one pass over its UTF-8
/// bytes: elements that run code or load frames are dropped with their
/// content, unknown elements are unwrapped, attributes are kept only where
/// listed, URLs are resolved and stripped of script schemes, and the result
/// is always balanced. The visible text is collected in the same pass.
///
/// A hand-written tokenizer rather than libxml2's HTML parser: the content
/// of a feed is most of its bytes, and parsing it a second time with a
/// general parser cost more than the whole XML parse. The tokenizer follows
/// HTML's rules where they matter for safety (raw-text elements, comments,
/// quoted attribute values, character references) and a small part of its
/// tree rules (implied ends of `p`, `li`, table cells) for balance.
final class HTMLSanitizer {
    /// Sanitized HTML plus visible text.
    func sanitize(_ fragment: String, baseURL: String?) -> SanitizedHTML {
        var copy = fragment
        return copy.withUTF8 { sanitize(bytes: $0, baseURL: baseURL) }
    }

    func sanitize(bytes: UnsafeBufferPointer<UInt8>, baseURL: String?) -> SanitizedHTML {
        var run = SanitizerRun(input: bytes, baseURL: baseURL, textOnly: false)
        run.run()
        return SanitizedHTML(html: run.html.trimmedString(), text: run.text.string(), refusedURLs: run.refusedURLs,
                             firstRefusedScheme: run.firstRefusedScheme)
    }

    /// The visible text of an HTML fragment: entities decoded, markup removed.
    func plainText(_ fragment: String) -> String {
        var copy = fragment
        return copy.withUTF8 { plainText(bytes: $0) }
    }

    func plainText(bytes: UnsafeBufferPointer<UInt8>) -> String {
        var run = SanitizerRun(input: bytes, baseURL: nil, textOnly: true)
        run.run()
        return run.text.string()
    }
}

/// One fragment's pass. A local value, so the hot loop runs on locals.
private struct SanitizerRun: ~Copyable {
    let input: UnsafeBufferPointer<UInt8>
    var html: ByteWriter
    var text: CollapsedTextWriter
    let textOnly: Bool
    var base: URLResolver.Base
    /// Kept elements written out and not yet closed, innermost last.
    var open: [UInt8] = []
    /// Inside a dropped element: its number and how many of it are open.
    var droppedElement: UInt8?
    var droppedDepth = 0
    /// Where the text after the dropped element's start tag begins, and the
    /// elements found unclosed: a dropped element that never closes must not
    /// swallow the rest, so the pass goes back and unwraps it instead.
    var dropResume = 0
    var unwrappedForGood: [UInt8] = []
    /// Scratch for one attribute: its decoded value, and the URL made of it.
    var attributeValue: ByteWriter
    var safeURL: ByteWriter
    var refusedURLs = 0
    var firstRefusedScheme: String?

    init(input: UnsafeBufferPointer<UInt8>, baseURL: String?, textOnly: Bool) {
        self.input = input
        self.textOnly = textOnly
        html = ByteWriter(capacity: textOnly ? 0 : input.count + input.count / 8)
        text = CollapsedTextWriter(capacity: input.count)
        base = URLResolver.Base(baseURL)
        attributeValue = ByteWriter(capacity: 256)
        safeURL = ByteWriter(capacity: 256)
    }

    static let maxOpenElements = 256
    private static let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), amp = UInt8(ascii: "&"), slash = UInt8(ascii: "/")
    private static let quote = UInt8(ascii: "\"")

    mutating func run() {
        var start = 0
        while true {
            scan(from: start)
            guard let unclosed = droppedElement else { break }
            unwrappedForGood.append(unclosed)
            droppedElement = nil
            droppedDepth = 0
            start = dropResume
        }
        while let element = open.popLast() { writeEndTag(element) }
    }

    private mutating func scan(from start: Int) {
        let count = input.count
        var index = start
        while index < count {
            let runStart = index
            index = ByteScan.firstIndex(of: Self.lt, Self.amp, Self.gt, in: input, from: index)
            if index > runStart { appendText(UnsafeBufferPointer(rebasing: input[runStart..<index])) }
            guard index < count else { break }
            switch input[index] {
            case Self.amp:
                index = characterReference(at: index)
            case Self.gt:
                appendCharacter(UInt32(Self.gt))
                index += 1
            default:
                index = markup(at: index)
            }
        }
    }

    // MARK: Text

    /// A run with no `<`, `&` or `>`: the same bytes in the HTML and the text.
    private mutating func appendText(_ run: UnsafeBufferPointer<UInt8>) {
        guard droppedElement == nil else { return }
        text.append(run)
        if !textOnly { html.append(run) }
    }

    private mutating func appendCharacter(_ value: UInt32) {
        guard droppedElement == nil else { return }
        text.append(scalar: value)
        guard !textOnly else { return }
        if value < 0x80, let replacement = HTMLEscaping.textReplacement(UInt8(value)) {
            html.append(replacement)
        } else {
            html.append(scalar: value)
        }
    }

    /// Decodes `&name;`, `&#123;` or `&#x7B;` at `start`; a `&` that starts
    /// no known reference is itself. Returns where the text goes on.
    private mutating func characterReference(at start: Int) -> Int {
        guard let (value, end) = Self.decodeReference(input, at: start) else {
            appendCharacter(UInt32(Self.amp))
            return start + 1
        }
        appendCharacter(value)
        return end
    }

    /// The code point of the reference at `start` and the index after it.
    static func decodeReference(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (UInt32, Int)? {
        var index = start + 1
        let limit = min(bytes.count, start + 12)
        if index < limit, bytes[index] == UInt8(ascii: "#") {
            index += 1
            if index < limit, bytes[index] | 0x20 == UInt8(ascii: "x") { index += 1 }
            let digitsStart = index
            while index < limit, isHexDigit(bytes[index]) { index += 1 }
            guard index > digitsStart else { return nil }
            let body = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<index])
            let end = index < bytes.count && bytes[index] == UInt8(ascii: ";") ? index + 1 : index
            return (EntityRepair.characterReferenceValue(body) ?? 0xFFFD, end)
        }
        while index < limit, isAlphanumeric(bytes[index]) { index += 1 }
        guard index > start + 1, index < bytes.count, bytes[index] == UInt8(ascii: ";"),
              let value = HTMLEntities.value(named: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<index])) else { return nil }
        return (value, index + 1)
    }

    @inline(__always)
    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }

    @inline(__always)
    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
    }

    @inline(__always)
    private static func isLetter(_ byte: UInt8) -> Bool {
        byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    // MARK: Markup

    /// Reads what starts with `<` at `start`; returns the index after it.
    private mutating func markup(at start: Int) -> Int {
        let count = input.count
        guard start + 1 < count else {
            appendCharacter(UInt32(Self.lt))
            return count
        }
        let next = input[start + 1]
        if Self.isLetter(next) { return startTag(at: start) }
        if next == Self.slash {
            if start + 2 < count, Self.isLetter(input[start + 2]) { return endTag(at: start) }
            return skipPast(Self.gt, from: start + 2)
        }
        if next == UInt8(ascii: "!") {
            if start + 3 < count, input[start + 2] == UInt8(ascii: "-"), input[start + 3] == UInt8(ascii: "-") {
                return skipComment(from: start + 4)
            }
            return skipPast(Self.gt, from: start + 2)
        }
        if next == UInt8(ascii: "?") { return skipPast(Self.gt, from: start + 2) }
        appendCharacter(UInt32(Self.lt))
        return start + 1
    }

    private func skipPast(_ byte: UInt8, from start: Int) -> Int {
        var index = start
        while index < input.count, input[index] != byte { index += 1 }
        return min(index + 1, input.count)
    }

    private func skipComment(from start: Int) -> Int {
        // `<!-->` and `<!--->` end at once, as in HTML.
        if start < input.count, input[start] == Self.gt { return start + 1 }
        if start + 1 < input.count, input[start] == UInt8(ascii: "-"), input[start + 1] == Self.gt { return start + 2 }
        var index = start
        while index + 2 < input.count {
            if input[index] == UInt8(ascii: "-"), input[index + 1] == UInt8(ascii: "-"), input[index + 2] == Self.gt { return index + 3 }
            index += 1
        }
        return input.count
    }

    /// The tag name at `start` (a letter) as a table key, and the index after it.
    private func tagName(from start: Int) -> (NameTable.Key, Int) {
        var key = NameTable.Key()
        var index = start
        while index < input.count {
            let byte = input[index]
            if Self.isSpace(byte) || byte == Self.slash || byte == Self.gt { break }
            _ = key.append(byte)
            index += 1
        }
        return (key, index)
    }

    private mutating func startTag(at start: Int) -> Int {
        let (key, nameEnd) = tagName(from: start + 1)
        let number = HTMLPolicy.elementTable.number(of: key)
        let element = number.map { HTMLPolicy.elements[Int($0)] }
        if droppedElement == nil, let number, let element, element.handling == .kept {
            if element.isBlock || number == HTMLPolicy.br { text.separateWords() }
            // Past the depth limit elements are unwrapped: a flood of unclosed
            // tags must not make every later end tag search a long stack.
            if !textOnly, element.isVoid || open.count < Self.maxOpenElements {
                closeImpliedElements(before: number, element)
                return writeStartTag(number, element, attributesFrom: nameEnd)
            }
        }
        // Not written: unknown, unwrapped, dropped, or inside a dropped element.
        let tag = TagReader.skipped(from: nameEnd, in: input)
        guard let number, let element, !tag.selfClosing else { return tag.position }
        if let dropped = droppedElement {
            if number == dropped { droppedDepth += 1 }
        } else if element.handling == .dropped, !element.isVoid, !tag.reachedEnd, !unwrappedForGood.contains(number) {
            droppedElement = number
            droppedDepth = 1
            dropResume = tag.position
        }
        return element.handling == .droppedRawText ? skipRawText(of: number, from: tag.position) : tag.position
    }

    private mutating func writeStartTag(_ number: UInt8, _ element: HTMLPolicy.Element, attributesFrom position: Int) -> Int {
        let tagStart = html.count
        html.append(Self.lt)
        html.append(element.name)
        var tag = TagReader(position: position)
        var written = HTMLPolicy.AttributeSet()
        let needsSource = number == HTMLPolicy.img || number == HTMLPolicy.source
        while let attribute = tag.next(in: input) {
            guard let attributeNumber = HTMLPolicy.attributeTable.number(of: attribute.name) else { continue }
            let bit = HTMLPolicy.AttributeSet(number: attributeNumber)
            guard !written.contains(bit), element.attributes.contains(bit) || HTMLPolicy.globalAttributes.contains(bit) else { continue }
            decodeAttributeValue(attribute.value)
            let mark = html.count
            html.append(0x20)
            html.append(HTMLPolicy.attributeNameBytes[Int(attributeNumber)])
            html.append("=\"")
            if HTMLPolicy.urlAttributes.contains(bit) {
                let allowImageData = number == HTMLPolicy.img && bit == HTMLPolicy.src
                safeURL.removeAll()
                let verdict = HTMLPolicy.appendSafeURL(attributeValue.bytes, allowImageData: allowImageData, base: &base, to: &safeURL)
                var refused = false
                if case .refused(let scheme) = verdict {
                    refused = true
                    refusedURLs += 1
                    firstRefusedScheme = firstRefusedScheme ?? scheme
                }
                guard !refused, verdict != nil, safeURL.count > 0 else {
                    html.truncate(to: mark)
                    continue
                }
                HTMLEscaping.appendEscapedAttribute(safeURL.bytes, to: &html)
            } else if bit == HTMLPolicy.styleAttribute {
                // Only the safe part of the CSS: nothing that loads, scripts or escapes.
                safeURL.removeAll()
                CSSFilter.appendSafeDeclarations(attributeValue.bytes, to: &safeURL)
                guard safeURL.count > 0 else {
                    html.truncate(to: mark)
                    continue
                }
                HTMLEscaping.appendEscapedAttribute(safeURL.bytes, to: &html)
            } else {
                HTMLEscaping.appendEscapedAttribute(attributeValue.bytes, to: &html)
            }
            html.append(Self.quote)
            written.insert(bit)
        }
        // An image without a usable source is no image; a tag cut off by the end of the input is no tag.
        if tag.reachedEnd || (needsSource && !written.contains(HTMLPolicy.src)) {
            html.truncate(to: tagStart)
            return tag.position
        }
        html.append(Self.gt)
        if !element.isVoid {
            if tag.selfClosing {
                writeEndTag(number)
            } else {
                open.append(number)
            }
        }
        return tag.position
    }

    /// The attribute value with its character references decoded, into `attributeValue`.
    private mutating func decodeAttributeValue(_ range: Range<Int>) {
        attributeValue.removeAll()
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = input[index]
            if byte == Self.amp, let (value, end) = Self.decodeReference(UnsafeBufferPointer(rebasing: input[..<range.upperBound]), at: index) {
                attributeValue.append(scalar: value)
                index = end
            } else {
                attributeValue.append(byte)
                index += 1
            }
        }
    }

    private mutating func endTag(at start: Int) -> Int {
        let (key, nameEnd) = tagName(from: start + 2)
        let end = TagReader.skip(from: nameEnd, in: input)
        guard let number = HTMLPolicy.elementTable.number(of: key) else { return end }
        if let dropped = droppedElement {
            if number == dropped {
                droppedDepth -= 1
                if droppedDepth == 0 { droppedElement = nil }
            }
            return end
        }
        let element = HTMLPolicy.elements[Int(number)]
        if element.isBlock { text.separateWords() }
        guard !textOnly, element.handling == .kept, !element.isVoid, let depth = open.lastIndex(of: number) else { return end }
        while open.count > depth { writeEndTag(open.removeLast()) }
        return end
    }

    private mutating func writeEndTag(_ number: UInt8) {
        html.append("</")
        html.append(HTMLPolicy.elements[Int(number)].name)
        html.append(Self.gt)
    }

    /// Skips the content of `script`, `style` … up to its end tag, which may
    /// be missing (then the rest goes).
    private func skipRawText(of number: UInt8, from start: Int) -> Int {
        let name = HTMLPolicy.elements[Int(number)].name
        var index = start
        while index + 1 < input.count {
            if input[index] == Self.lt, input[index + 1] == Self.slash, index + 2 + name.count <= input.count {
                var matches = true
                for offset in 0..<name.count where input[index + 2 + offset] | 0x20 != name[offset] {
                    matches = false
                    break
                }
                let after = index + 2 + name.count
                if matches, after == input.count || Self.isSpace(input[after]) || input[after] == Self.slash || input[after] == Self.gt {
                    return TagReader.skip(from: after, in: input)
                }
            }
            index += 1
        }
        return input.count
    }

    /// HTML's implied end tags, the part that keeps common markup balanced:
    /// a block ends an open paragraph, a list item the previous item, a cell
    /// the previous cell, a row the previous row, a link an open link.
    private mutating func closeImpliedElements(before number: UInt8, _ element: HTMLPolicy.Element) {
        guard !open.isEmpty else { return }
        if element.closesParagraph { closeOpen(HTMLPolicy.p, stoppingAt: Self.cellScope) }
        switch number {
        case HTMLPolicy.li:
            closeOpen(HTMLPolicy.li, stoppingAt: Self.listScope)
        case HTMLPolicy.dt, HTMLPolicy.dd:
            closeOpen(HTMLPolicy.dt, stoppingAt: Self.definitionScope)
            closeOpen(HTMLPolicy.dd, stoppingAt: Self.definitionScope)
        case HTMLPolicy.tr:
            closeOpen(HTMLPolicy.tr, stoppingAt: Self.tableScope)
        case HTMLPolicy.td, HTMLPolicy.th:
            closeOpen(HTMLPolicy.td, stoppingAt: Self.rowScope)
            closeOpen(HTMLPolicy.th, stoppingAt: Self.rowScope)
        case HTMLPolicy.tbody, HTMLPolicy.thead, HTMLPolicy.tfoot:
            for section in Self.tableSections { closeOpen(section, stoppingAt: Self.tableScope) }
        case HTMLPolicy.a:
            closeOpen(HTMLPolicy.a, stoppingAt: [])
        default:
            if HTMLPolicy.headings.contains(number), let last = open.last, HTMLPolicy.headings.contains(last) {
                writeEndTag(open.removeLast())
            }
        }
    }

    // Where an implied end stops looking: a paragraph or list item outside
    // the current table cell or list is not the one to close.
    private static let cellScope = [HTMLPolicy.table, HTMLPolicy.td, HTMLPolicy.th]
    private static let listScope = [HTMLPolicy.ul, HTMLPolicy.ol, HTMLPolicy.table, HTMLPolicy.td, HTMLPolicy.th]
    private static let definitionScope = [HTMLPolicy.dl, HTMLPolicy.table]
    private static let tableScope = [HTMLPolicy.table]
    private static let rowScope = [HTMLPolicy.tr, HTMLPolicy.table]
    private static let tableSections = [HTMLPolicy.tbody, HTMLPolicy.thead, HTMLPolicy.tfoot]

    /// Closes the innermost open `target` and everything inside it, unless
    /// one of `barriers` is open inside it.
    private mutating func closeOpen(_ target: UInt8, stoppingAt barriers: [UInt8]) {
        var depth = open.count - 1
        while depth >= 0 {
            let candidate = open[depth]
            if candidate == target { break }
            if barriers.contains(candidate) { return }
            depth -= 1
        }
        guard depth >= 0 else { return }
        while open.count > depth { writeEndTag(open.removeLast()) }
    }
}

/// Reads the attributes of a tag, HTML's way: names end at space, `/`, `>`
/// or `=`; values are double-quoted, single-quoted or bare.
private struct TagReader {
    struct Attribute {
        var name: NameTable.Key
        var value: Range<Int>
    }

    var position: Int
    /// The tag ended with `/>`.
    var selfClosing = false
    /// The input ended inside the tag.
    var reachedEnd = false

    /// The next attribute, or nil at the end of the tag (`position` is then past its `>`).
    mutating func next(in input: UnsafeBufferPointer<UInt8>) -> Attribute? {
        let count = input.count
        while position < count {
            let byte = input[position]
            if byte == UInt8(ascii: ">") {
                position += 1
                return nil
            }
            if byte == UInt8(ascii: "/") {
                selfClosing = position + 1 < count && input[position + 1] == UInt8(ascii: ">")
                position += 1
                continue
            }
            if byte <= 0x20 {
                position += 1
                continue
            }
            selfClosing = false
            var name = NameTable.Key()
            // The first character may be `=`, as in HTML.
            _ = name.append(byte)
            position += 1
            while position < count {
                let byte = input[position]
                if byte <= 0x20 || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "=") { break }
                _ = name.append(byte)
                position += 1
            }
            var probe = position
            while probe < count, input[probe] <= 0x20 { probe += 1 }
            guard probe < count, input[probe] == UInt8(ascii: "=") else {
                return Attribute(name: name, value: position..<position)
            }
            position = probe + 1
            while position < count, input[position] <= 0x20 { position += 1 }
            guard position < count else { break }
            let opening = input[position]
            if opening == UInt8(ascii: "\"") || opening == UInt8(ascii: "'") {
                let valueStart = position + 1
                var valueEnd = valueStart
                while valueEnd < count, input[valueEnd] != opening { valueEnd += 1 }
                guard valueEnd < count else { break }
                position = valueEnd + 1
                return Attribute(name: name, value: valueStart..<valueEnd)
            }
            let valueStart = position
            while position < count, input[position] > 0x20, input[position] != UInt8(ascii: ">") { position += 1 }
            return Attribute(name: name, value: valueStart..<position)
        }
        position = count
        reachedEnd = true
        return nil
    }

    /// The index after the tag whose attributes start at `position`.
    static func skip(from position: Int, in input: UnsafeBufferPointer<UInt8>) -> Int {
        skipped(from: position, in: input).position
    }

    /// The reader after every attribute of the tag, to see how the tag ended.
    static func skipped(from position: Int, in input: UnsafeBufferPointer<UInt8>) -> TagReader {
        var reader = TagReader(position: position)
        while reader.next(in: input) != nil {}
        return reader
    }
}
