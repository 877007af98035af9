import FeedModel
import Foundation

/// The sanitized HTML of an item cut into its visible blocks (paragraphs,
/// list items, lines split by `<br>` …), each with its text and links, so
/// footers can be read where they stand: in the closing blocks.
///
/// Reads the parser's sanitized output, not arbitrary HTML: attributes are
/// double-quoted and text escapes only `&amp;`, `&lt;`, `&gt;` (`&quot;` in
/// attributes), so a byte scan is exact and costs far less than a second
/// HTML parse.
struct ContentBlocks {
    struct Link: Equatable {
        var href: String
        var text: String
        var classes: String?
        /// `rel` (`license` marks a licence link).
        var rel: String? = nil
    }

    struct Block {
        /// The block's text bytes within `text`.
        var range: Range<Int>
        var links: [Link]
    }

    /// Every block's text, one after another, separated by a newline.
    private(set) var text: [UInt8] = []
    private(set) var blocks: [Block] = []

    func text(of block: Block) -> String {
        String(decoding: text[block.range], as: UTF8.self)
    }

    static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre",
        "section", "summary", "table", "td", "th", "tr", "ul",
    ]

    /// `decodingLinksOfLast`: only the last this many blocks get every link
    /// decoded (href, text, class, rel); earlier blocks get only the links
    /// that carry a class (plugin marks). The footer reader needs no more,
    /// and decoding every link of a long article cost more than the rest.
    init(html: String, decodingLinksOfLast linkWindow: Int = .max) {
        var copy = html
        copy.withUTF8 { bytes in
            // The text is written into a buffer as long as the HTML and kept as an array once: appending
            // to the array run by run cost more than the scan. It never outgrows the HTML: a run or an
            // entity writes no more bytes than it reads, a block's newline stands for a tag of two bytes
            // or more, and the one newline that stands for none, the last block's, has its byte.
            let capacity = bytes.count + 1
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            defer { buffer.deallocate() }
            scratch = UnsafeMutableBufferPointer(start: buffer, count: capacity)
            scan(bytes)
            closeBlock()
            text = Array(UnsafeBufferPointer(start: buffer, count: length))
            scratch = nil
            decodeLinks(bytes, window: linkWindow)
        }
    }

    /// The text while it is scanned, and how much of it is written.
    private var scratch: UnsafeMutableBufferPointer<UInt8>?
    private var length = 0

    @inline(__always)
    private mutating func write(_ run: UnsafeBufferPointer<UInt8>) {
        guard let scratch, let source = run.baseAddress else { return }
        precondition(length + run.count <= scratch.count, "text past the buffer")
        (scratch.baseAddress! + length).update(from: source, count: run.count)
        length += run.count
    }

    @inline(__always)
    private mutating func write(_ byte: UInt8) {
        guard let scratch else { return }
        precondition(length < scratch.count, "text past the buffer")
        scratch[length] = byte
        length += 1
    }

    /// A link as scanned: where its tag and its text are, decoded later if needed.
    private struct RawLink {
        /// The block it stands in (a block with a link is always kept).
        var block: Int
        var tag: Range<Int>
        var textStart: Int
        var textEnd: Int?
    }

    private var blockStart = 0
    /// Every link of the item, in order; those of the open block from `blockLinksStart`.
    private var rawLinks: [RawLink] = []
    private var blockLinksStart = 0
    private var openLink: Int?

    private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
        var index = 0
        let count = bytes.count
        while index < count {
            // A run of text is found sixteen bytes at a time and copied at once.
            let end = ByteScan.firstIndex(of: UInt8(ascii: "<"), UInt8(ascii: "&"), in: bytes, from: index)
            if end > index { write(UnsafeBufferPointer(rebasing: bytes[index..<end])) }
            guard end < count else { break }
            if bytes[end] == UInt8(ascii: "<") {
                let close = ByteScan.firstIndex(of: UInt8(ascii: ">"), UInt8(ascii: ">"), in: bytes, from: end + 1)
                tag(bytes, (end + 1)..<close)
                index = close + 1
            } else {
                index = appendEntity(bytes, at: end)
            }
        }
    }

    private static let entities: [([UInt8], UInt8)] = [
        (Array("&amp;".utf8), UInt8(ascii: "&")), (Array("&lt;".utf8), UInt8(ascii: "<")),
        (Array("&gt;".utf8), UInt8(ascii: ">")), (Array("&quot;".utf8), UInt8(ascii: "\"")),
    ]

    private mutating func appendEntity(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        for (name, character) in Self.entities
        where index + name.count <= bytes.count && bytes[index..<(index + name.count)].elementsEqual(name) {
            write(character)
            return index + name.count
        }
        write(UInt8(ascii: "&"))
        return index + 1
    }

    private mutating func tag(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        let inside = UnsafeBufferPointer(rebasing: bytes[range])
        let closing = inside.first == UInt8(ascii: "/")
        var nameEnd = closing ? 1 : 0
        while nameEnd < inside.count, inside[nameEnd] != 0x20, inside[nameEnd] != UInt8(ascii: "/") { nameEnd += 1 }
        let name = UnsafeBufferPointer(rebasing: inside[(closing ? 1 : 0)..<nameEnd])
        if name.count == 1 && name[0] == UInt8(ascii: "a") {
            if closing {
                if let open = openLink {
                    rawLinks[open].textEnd = length
                    openLink = nil
                }
            } else {
                // A link that opens inside another (the sanitizer never writes one) ends the first.
                if let open = openLink { rawLinks[open].textEnd = length }
                rawLinks.append(RawLink(block: blocks.count, tag: (range.lowerBound + nameEnd)..<range.upperBound, textStart: length))
                openLink = rawLinks.count - 1
            }
        } else if Self.isBlockElement(name) {
            closeBlock()
        }
    }

    /// Block element names packed into words (up to 8 bytes), by first byte, so a tag is judged
    /// without building a String: hashing into a Set cost more than the rest of the tag.
    private static let blockKeys: [[UInt64]] = {
        var keys = [[UInt64]](repeating: [], count: 256)
        for name in blockElements where name.utf8.count <= 8 { keys[Int(name.utf8.first!)].append(key(Array(name.utf8)[...])) }
        return keys
    }()

    private static func key(_ name: some Collection<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        for (offset, byte) in name.prefix(8).enumerated() { value |= UInt64(byte) << UInt64(offset * 8) }
        return value
    }

    /// For each first byte, the lengths (bits 1–10) block names starting with it have: most inline
    /// tags (`em`, `strong`, `span`, `img`, `b`, `code` …) are let go on this one test.
    private static let blockNameLengths: [UInt16] = {
        var lengths = [UInt16](repeating: 0, count: 256)
        for name in blockElements { lengths[Int(name.utf8.first!)] |= 1 << UInt16(name.utf8.count) }
        return lengths
    }()

    private static let blockquote = Array("blockquote".utf8), figcaption = Array("figcaption".utf8)

    private static func isBlockElement(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        // The sanitizer writes names in lower case; none of the block names is longer than 10 bytes.
        guard !name.isEmpty, name.count <= 10, blockNameLengths[Int(name[0])] & (1 << UInt16(name.count)) != 0 else { return false }
        guard name.count <= 8 else { return name.elementsEqual(Self.blockquote) || name.elementsEqual(Self.figcaption) }
        var wanted: UInt64 = 0
        for offset in 0..<name.count { wanted |= UInt64(name[offset]) << UInt64(offset * 8) }
        return blockKeys[Int(name[0])].contains(wanted)
    }

    private mutating func closeBlock() {
        if let open = openLink {
            // A link that spans blocks belongs to the block it started in.
            rawLinks[open].textEnd = length
            openLink = nil
        }
        let range = blockStart..<length
        let hasText = scratch.map { UnsafeBufferPointer(rebasing: $0[range]).contains { $0 > 0x20 } } ?? false
        if hasText || rawLinks.count > blockLinksStart {
            blocks.append(Block(range: range, links: []))
            write(0x0A)
        } else {
            length = blockStart
        }
        blockLinksStart = rawLinks.count
        blockStart = length
    }

    /// Links with an href become `Link`s: all of them in the last `window` blocks, those with a class before.
    private mutating func decodeLinks(_ bytes: UnsafeBufferPointer<UInt8>, window: Int) {
        let classMark = Array(" class=\"".utf8)
        let firstInWindow = blocks.count - min(window, blocks.count)
        for raw in rawLinks {
            let tag = UnsafeBufferPointer(rebasing: bytes[raw.tag])
            if raw.block < firstInWindow && !Bytes.contains(tag, classMark) { continue }
            let attributes = Self.linkAttributes(tag)
            guard let href = attributes.href else { continue }
            let end = min(raw.textEnd ?? text.count, text.count)
            let linkText = text.withUnsafeBufferPointer { Self.collapsed(bytes: UnsafeBufferPointer(rebasing: $0[min(raw.textStart, end)..<end])) }
            blocks[raw.block].links.append(Link(href: href, text: linkText, classes: attributes.classes, rel: attributes.rel))
        }
        rawLinks = []
    }

    /// A link's `href`, `class` and `rel`, from `key="value"` pairs as the sanitizer writes them; the
    /// other attributes are skipped without being decoded.
    private static func linkAttributes(_ bytes: UnsafeBufferPointer<UInt8>) -> (href: String?, classes: String?, rel: String?) {
        var result: (href: String?, classes: String?, rel: String?) = (nil, nil, nil)
        var index = 0
        while index < bytes.count {
            while index < bytes.count && bytes[index] == 0x20 { index += 1 }
            let keyStart = index
            while index < bytes.count && bytes[index] != UInt8(ascii: "=") && bytes[index] != 0x20 { index += 1 }
            let key = UnsafeBufferPointer(rebasing: bytes[keyStart..<index])
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "="), bytes[index + 1] == UInt8(ascii: "\"") else {
                index += 1
                continue
            }
            let valueStart = index + 2
            var valueEnd = valueStart
            while valueEnd < bytes.count && bytes[valueEnd] != UInt8(ascii: "\"") { valueEnd += 1 }
            let value = UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd])
            // The last of a repeated attribute wins, as it did when pairs were gathered into a dictionary.
            if key.elementsEqual("href".utf8) { result.href = unescape(value) }
            else if key.elementsEqual("class".utf8) { result.classes = unescape(value) }
            else if key.elementsEqual("rel".utf8) { result.rel = unescape(value) }
            index = valueEnd + 1
        }
        return result
    }

    /// The sanitizer's attribute escapes undone, on bytes (Foundation's string search cost more than the rest).
    private static let escapes: [(bytes: [UInt8], character: UInt8)] = [
        (Array("&amp;".utf8), UInt8(ascii: "&")), (Array("&quot;".utf8), UInt8(ascii: "\"")), (Array("&lt;".utf8), UInt8(ascii: "<")),
        (Array("&gt;".utf8), UInt8(ascii: ">")), (Array("&#39;".utf8), UInt8(ascii: "'")),
    ]

    private static func unescape(_ value: UnsafeBufferPointer<UInt8>) -> String {
        guard value.contains(UInt8(ascii: "&")) else { return String(decoding: value, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(value.count)
        var index = 0
        outer: while index < value.count {
            if value[index] == UInt8(ascii: "&") {
                for escape in escapes where index + escape.bytes.count <= value.count
                    && value[index..<(index + escape.bytes.count)].elementsEqual(escape.bytes) {
                    output.append(escape.character)
                    index += escape.bytes.count
                    continue outer
                }
            }
            output.append(value[index])
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Runs of ASCII white space and no-break spaces as one space, ends
    /// trimmed; on bytes, as Unicode property look-ups per character are slow.
    static func collapsed(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { collapsed(bytes: $0) }
    }

    /// The same of bytes, written straight into the String (never longer than the bytes).
    static func collapsed(bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { output in
            var written = 0
            var pendingSpace = false
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    pendingSpace = written > 0
                    index += 1
                } else if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 {
                    pendingSpace = written > 0
                    index += 2
                } else {
                    if pendingSpace {
                        output[written] = 0x20
                        written += 1
                        pendingSpace = false
                    }
                    output[written] = byte
                    written += 1
                    index += 1
                }
            }
            return written
        }
    }
}

extension ContentBlocks {
    /// The text of every block but the given ones.
    func text(excluding excluded: Set<Int>) -> [UInt8] {
        guard !excluded.isEmpty else { return text }
        var kept: [UInt8] = []
        kept.reserveCapacity(text.count)
        for (index, block) in blocks.enumerated() where !excluded.contains(index) {
            kept.append(contentsOf: text[block.range])
            kept.append(0x0A)
        }
        return kept
    }
}
