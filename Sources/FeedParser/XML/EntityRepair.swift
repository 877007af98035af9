import FeedModel
/// A streaming pass over UTF-8 XML, before libxml2 sees it, that makes every
/// entity reference harmless and every stray markup character literal:
///
/// - named references become character references: the five XML ones and the
///   HTML ones (`&nbsp;`, `&eacute;` …) that real feeds use undeclared. libxml2
///   drops undeclared entities, and once a document has had any error it drops
///   later *named* references too (`&amp;` vanishes) — but never character
///   references, so after this pass nothing depends on its recovery;
/// - a reference to anything else (`&xxe;`, `&lol9;`) is kept as literal text:
///   entities declared in a DTD are never expanded, which is what stops XXE
///   and entity bombs before they start;
/// - a bare `&` or a `<` that cannot start markup becomes a literal character;
/// - numeric references to the C1 range are read as windows-1252, as browsers do.
///
/// CDATA sections, comments, processing instructions and the DOCTYPE pass
/// through untouched. Line breaks are never added or removed, so libxml2's
/// line numbers stay right.
struct EntityRepair {
    enum NoteKind: Hashable {
        case bareAmpersand
        case bareLessThan
        case htmlEntity(String)
        case undefinedEntity(String)
        case invalidCharacterReference
        case dtdEntityDeclarations
    }

    struct Note {
        var kind: NoteKind
        var line: Int
    }

    private enum State {
        case text
        case tag
        case attributeValue(quote: UInt8)
        case comment
        case cdata
        case processingInstruction
        case doctype(bracketDepth: Int, quote: UInt8?)
    }

    private var state = State.text
    private var pending: [UInt8] = []
    /// A DOCTYPE with an external identifier (Netscape's RSS 0.91 DTD, XHTML)
    /// declares the HTML entities, so using them is not worth a warning.
    private(set) var doctypeDeclaresEntities = false
    private var doctypeBytes: [UInt8] = []
    /// Lines fully consumed so far (1-based line of the next byte = linesBefore + 1).
    private(set) var completedLines = 0

    /// Repairs a chunk into `output`. Returns true when the chunk needed no
    /// change at all: then nothing was written, and the caller passes the
    /// input on as it is (most chunks of most feeds).
    @discardableResult
    mutating func process(_ input: UnsafeBufferPointer<UInt8>, final: Bool, into output: inout [UInt8], notes: inout [Note]) -> Bool {
        if pending.isEmpty {
            let (consumed, unchanged) = run(input, final: final, into: &output, notes: &notes, mayPassThrough: true)
            if consumed < input.count { pending.append(contentsOf: UnsafeBufferPointer(rebasing: input[consumed...])) }
            return unchanged
        }
        var joined = pending
        joined.append(contentsOf: input)
        pending.removeAll(keepingCapacity: true)
        joined.withUnsafeBufferPointer { buffer in
            let (consumed, _) = run(buffer, final: final, into: &output, notes: &notes, mayPassThrough: false)
            if consumed < buffer.count { pending.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[consumed...])) }
        }
        return false
    }

    private static let amp = UInt8(ascii: "&"), lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">")
    private static let semicolon = UInt8(ascii: ";"), hash = UInt8(ascii: "#")
    private static let referenceLimit = 40

    // Returns how many bytes were consumed (the rest waits for more input),
    // and whether the bytes went through unchanged and uncopied.
    private mutating func run(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool, into output: inout [UInt8], notes: inout [Note],
                              mayPassThrough: Bool) -> (consumed: Int, unchanged: Bool) {
        let count = bytes.count
        // Every change starts with a flush of the text before it, so a chunk
        // with no flush is a chunk with no change.
        var copying = !mayPassThrough
        var index = 0
        var runStart = 0
        var lineCountedUpTo = 0
        var linesInChunk = 0

        func lineAt(_ position: Int) -> Int {
            if position > lineCountedUpTo {
                linesInChunk += ByteScan.count(of: 0x0A, in: bytes, range: lineCountedUpTo..<position)
                lineCountedUpTo = position
            }
            return completedLines + linesInChunk + 1
        }
        func flush(upTo position: Int) {
            if !copying {
                copying = true
                output.reserveCapacity(output.count + count + 64)
            }
            if position > runStart { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position])) }
        }
        func finishChunk(consumed: Int) -> (consumed: Int, unchanged: Bool) {
            _ = lineAt(consumed)
            completedLines += linesInChunk
            return (consumed, !copying)
        }

        while index < count {
            switch state {
            case .text:
                index = ByteScan.firstIndex(of: Self.amp, Self.lt, in: bytes, from: index)
                guard index < count else { break }
                if bytes[index] == Self.amp {
                    flush(upTo: index)
                    guard let used = repairReference(bytes, at: index, final: final, into: &output, notes: &notes, line: lineAt(index)) else {
                        return finishChunk(consumed: index)
                    }
                    index += used
                    runStart = index
                    continue
                }
                // '<': decide what it opens.
                guard index + 1 < count else {
                    if final { flush(upTo: index); output.append(contentsOf: Self.literalLessThan); notes.append(Note(kind: .bareLessThan, line: lineAt(index))); index += 1; runStart = index; continue }
                    flush(upTo: index); runStart = index
                    return finishChunk(consumed: index)
                }
                let next = bytes[index + 1]
                if next == UInt8(ascii: "/") || Self.isNameStart(next) {
                    index += 1
                    state = .tag
                } else if next == UInt8(ascii: "?") {
                    index += 2
                    state = .processingInstruction
                } else if next == UInt8(ascii: "!") {
                    guard index + 9 <= count else {
                        if !final { flush(upTo: index); runStart = index; return finishChunk(consumed: index) }
                        index += 2; state = .tag; continue
                    }
                    if bytes[index + 2] == UInt8(ascii: "-") && bytes[index + 3] == UInt8(ascii: "-") {
                        index += 4; state = .comment
                    } else if Self.matches(bytes, at: index + 2, "[CDATA[") {
                        index += 9; state = .cdata
                    } else if Self.matchesCaseInsensitive(bytes, at: index + 2, "doctype") {
                        index += 9; state = .doctype(bracketDepth: 0, quote: nil)
                        doctypeBytes.removeAll()
                    } else {
                        index += 2; state = .tag
                    }
                } else {
                    flush(upTo: index)
                    output.append(contentsOf: Self.literalLessThan)
                    notes.append(Note(kind: .bareLessThan, line: lineAt(index)))
                    index += 1
                    runStart = index
                }

            case .tag:
                index = ByteScan.firstIndex(of: Self.gt, UInt8(ascii: "\""), UInt8(ascii: "'"), in: bytes, from: index)
                guard index < count else { break }
                let byte = bytes[index]
                index += 1
                state = byte == Self.gt ? .text : .attributeValue(quote: byte)

            case .attributeValue(let quote):
                index = ByteScan.firstIndex(of: quote, Self.amp, Self.lt, in: bytes, from: index)
                guard index < count else { break }
                if bytes[index] == quote { index += 1; state = .tag; continue }
                flush(upTo: index)
                if bytes[index] == Self.lt {
                    output.append(contentsOf: Self.literalLessThan)
                    notes.append(Note(kind: .bareLessThan, line: lineAt(index)))
                    index += 1
                } else {
                    guard let used = repairReference(bytes, at: index, final: final, into: &output, notes: &notes, line: lineAt(index)) else {
                        return finishChunk(consumed: index)
                    }
                    index += used
                }
                runStart = index

            case .comment:
                guard let end = Self.find(bytes, from: index, "-->") else {
                    index = max(index, count - 2)
                    flush(upTo: index); runStart = index
                    if final { index = count; break }
                    return finishChunk(consumed: index)
                }
                index = end + 3; state = .text

            case .cdata:
                guard let end = Self.find(bytes, from: index, "]]>") else {
                    index = max(index, count - 2)
                    flush(upTo: index); runStart = index
                    if final { index = count; break }
                    return finishChunk(consumed: index)
                }
                index = end + 3; state = .text

            case .processingInstruction:
                guard let end = Self.find(bytes, from: index, "?>") else {
                    index = max(index, count - 1)
                    flush(upTo: index); runStart = index
                    if final { index = count; break }
                    return finishChunk(consumed: index)
                }
                index = end + 2; state = .text

            case .doctype(var depth, var quote):
                while index < count {
                    let byte = bytes[index]
                    if doctypeBytes.count < 4096 { doctypeBytes.append(byte) }
                    index += 1
                    if let open = quote {
                        if byte == open { quote = nil }
                    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                        quote = byte
                    } else if byte == UInt8(ascii: "[") {
                        depth += 1
                    } else if byte == UInt8(ascii: "]") {
                        depth = max(0, depth - 1)
                    } else if byte == Self.gt && depth == 0 {
                        finishDoctype(line: lineAt(index), notes: &notes)
                        state = .text
                        break
                    }
                }
                if case .doctype = state { state = .doctype(bracketDepth: depth, quote: quote) }
            }
        }
        if copying { flush(upTo: count) }
        return finishChunk(consumed: count)
    }

    private mutating func finishDoctype(line: Int, notes: inout [Note]) {
        let text = String(decoding: doctypeBytes, as: UTF8.self)
        let head = text.prefix(while: { $0 != "[" })
        doctypeDeclaresEntities = head.contains("PUBLIC") || head.contains("SYSTEM")
        if text.contains("<!ENTITY") {
            notes.append(Note(kind: .dtdEntityDeclarations, line: line))
        }
        doctypeBytes.removeAll()
    }

    static let literalAmpersand: [UInt8] = Array("&#38;".utf8)
    static let literalLessThan: [UInt8] = Array("&#60;".utf8)

    /// Rewrites the reference starting at `start` (an '&'). Returns the bytes
    /// consumed, or nil when the chunk ends before the reference can be judged.
    private mutating func repairReference(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, final: Bool,
                                          into output: inout [UInt8], notes: inout [Note], line: Int) -> Int? {
        var end = start + 1
        let limit = min(bytes.count, start + Self.referenceLimit)
        while end < limit, Self.isReferenceCharacter(bytes[end]) { end += 1 }
        if end == limit && limit < start + Self.referenceLimit && !final {
            return nil
        }
        guard end < bytes.count, bytes[end] == Self.semicolon, end > start + 1 else {
            output.append(contentsOf: Self.literalAmpersand)
            notes.append(Note(kind: .bareAmpersand, line: line))
            return 1
        }
        let body = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<end])
        if body[0] == Self.hash {
            if let written = Self.characterReferenceCodePoint(body), let value = Self.characterReferenceValue(codePoint: written) {
                if value == written && body.count > 1 && body[1] != UInt8(ascii: "X") {
                    // libxml2 reads it as meant (not `&#X41;`: XML wants a lower-case x, HTML takes either).
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...end]))
                } else {
                    appendCharacterReference(value, into: &output)
                }
            } else {
                output.append(contentsOf: Array("&#xFFFD;".utf8))
                notes.append(Note(kind: .invalidCharacterReference, line: line))
            }
            return end - start + 1
        }
        if let predefined = Self.predefinedReplacement(body) {
            output.append(contentsOf: UnsafeBufferPointer(start: predefined.utf8Start, count: predefined.utf8CodeUnitCount))
            return end - start + 1
        }
        let name = String(decoding: body, as: UTF8.self)
        switch name {
        default:
            if let value = HTMLEntities.value(named: body) {
                appendCharacterReference(value, into: &output)
                if !doctypeDeclaresEntities { notes.append(Note(kind: .htmlEntity(name), line: line)) }
            } else {
                output.append(contentsOf: Self.literalAmpersand)
                output.append(contentsOf: body)
                output.append(Self.semicolon)
                notes.append(Note(kind: .undefinedEntity(name), line: line))
            }
        }
        return end - start + 1
    }

    private func appendCharacterReference(_ value: UInt32, into output: inout [UInt8]) {
        output.append(Self.amp)
        output.append(Self.hash)
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            } while rest > 0
            for index in stride(from: count - 1, through: 0, by: -1) { output.append(buffer[index]) }
        }
        output.append(Self.semicolon)
    }

    /// The character reference for one of XML's five predefined entities.
    private static func predefinedReplacement(_ name: UnsafeBufferPointer<UInt8>) -> StaticString? {
        switch name.count {
        case 2 where name[1] == UInt8(ascii: "t"):
            if name[0] == UInt8(ascii: "l") { return "&#60;" }
            if name[0] == UInt8(ascii: "g") { return "&#62;" }
            return nil
        case 3 where name[0] == UInt8(ascii: "a") && name[1] == UInt8(ascii: "m") && name[2] == UInt8(ascii: "p"):
            return "&#38;"
        case 4 where name.elementsEqual("quot".utf8):
            return "&#34;"
        case 4 where name.elementsEqual("apos".utf8):
            return "&#39;"
        default:
            return nil
        }
    }

    /// The code point of `#123` / `#x7B`, mapped the way browsers map it; nil
    /// when it is not a character XML allows.
    static func characterReferenceValue(_ body: UnsafeBufferPointer<UInt8>) -> UInt32? {
        characterReferenceCodePoint(body).flatMap { characterReferenceValue(codePoint: $0) }
    }

    /// The number `#123` / `#x7B` writes, as written; nil when it is not a number.
    static func characterReferenceCodePoint(_ body: UnsafeBufferPointer<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        var digits = 0
        if body.count > 1, body[1] | 0x20 == UInt8(ascii: "x") {
            for byte in body.dropFirst(2) {
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value &* 16 &+ UInt32(digit)
                digits += 1
                if digits > 8 { return nil }
            }
        } else {
            for byte in body.dropFirst() {
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
                value = value &* 10 &+ UInt32(byte - UInt8(ascii: "0"))
                digits += 1
                if digits > 8 { return nil }
            }
        }
        return digits > 0 ? value : nil
    }

    /// A referenced code point as browsers read it: the C1 range as
    /// windows-1252; nil for what XML does not allow.
    static func characterReferenceValue(codePoint value: UInt32) -> UInt32? {
        if value >= 0x80 && value < 0xA0 { return Transcoder.windows1252High[Int(value - 0x80)] }
        switch value {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return value
        default: return nil
        }
    }

    @inline(__always)
    static func isNameStart(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    @inline(__always)
    static func isReferenceCharacter(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "#")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }

    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard start + length <= bytes.count else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<length where bytes[start + offset] != pointer[offset] { return false }
        return true
    }

    static func matchesCaseInsensitive(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ lowercase: StaticString) -> Bool {
        let length = lowercase.utf8CodeUnitCount
        guard start + length <= bytes.count else { return false }
        let pointer = lowercase.utf8Start
        for offset in 0..<length where bytes[start + offset] | 0x20 != pointer[offset] { return false }
        return true
    }

    static func find(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ literal: StaticString) -> Int? {
        ByteScan.find(literal, in: bytes, from: start)
    }
}
