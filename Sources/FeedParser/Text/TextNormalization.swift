/// White space handling on UTF-8 bytes: Foundation's `trimmingCharacters`
/// and Unicode property look-ups cost more than the whole XML parse.
enum TextNormalization {
    /// The length of the white-space character at `index`, or 0: HTML's
    /// white space (space, tab, line feed, form feed, carriage return, and the
    /// other ASCII controls), plus NEL and the line and paragraph separators.
    /// No-break and typographic spaces (U+00A0, U+2002, U+2003, U+2009 …) are
    /// characters a publisher chose (`&nbsp;`, `&emsp;`): they stay.
    @inline(__always)
    static func whitespaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 { return byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) ? 1 : 0 }
        if byte == 0xC2, index + 1 < bytes.count { return bytes[index + 1] == 0x85 ? 2 : 0 }
        if byte == 0xE2, index + 2 < bytes.count {
            return bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9) ? 3 : 0
        }
        return 0
    }

    /// Runs of white space (including no-break spaces) become one space; ends trimmed.
    static func collapseWhitespace(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { collapseWhitespace(bytes: $0) }
    }

    static func collapseWhitespace(bytes: UnsafeBufferPointer<UInt8>) -> String {
        var writer = CollapsedTextWriter(capacity: bytes.count)
        writer.append(bytes)
        return writer.string()
    }

    /// The text without white space at either end.
    static func trim(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { bytes in
            let range = trimmedRange(bytes)
            if range.count == bytes.count { return text }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
    }

    /// The part of the bytes between white space at either end.
    static func trimmedRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = 0
        var end = bytes.count
        while start < end {
            let length = whitespaceLength(bytes, at: start)
            if length == 0 { break }
            start += length
        }
        if start == end { return 0..<0 }
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
        return start..<end
    }

    /// The same white space as `whitespaceLength`, for a decoded code point.
    static func isWhitespace(scalar value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }
}
