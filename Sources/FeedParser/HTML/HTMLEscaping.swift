/// Escaping for HTML we write: one table for text, one for attribute values.
enum HTMLEscaping {
    @inline(__always)
    static func textReplacement(_ byte: UInt8) -> StaticString? {
        switch byte {
        case UInt8(ascii: "&"): return "&amp;"
        case UInt8(ascii: "<"): return "&lt;"
        case UInt8(ascii: ">"): return "&gt;"
        default: return nil
        }
    }

    @inline(__always)
    static func attributeReplacement(_ byte: UInt8) -> StaticString? {
        byte == UInt8(ascii: "\"") ? "&quot;" : textReplacement(byte)
    }

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
            guard let replacement = textReplacement(text[index]) else { continue }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<index]))
            output.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            runStart = index + 1
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart...]))
    }

    static func appendEscapedAttribute(_ value: String, to output: inout [UInt8]) {
        for byte in value.utf8 {
            if let replacement = attributeReplacement(byte) {
                output.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            } else {
                output.append(byte)
            }
        }
    }

    static func appendEscapedAttribute(_ value: UnsafeBufferPointer<UInt8>, to output: inout ByteWriter) {
        for byte in value {
            if let replacement = attributeReplacement(byte) {
                output.append(replacement)
            } else {
                output.append(byte)
            }
        }
    }
}
