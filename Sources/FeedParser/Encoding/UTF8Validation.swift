/// UTF-8 checks on raw bytes, with an ASCII fast path.
enum UTF8Validation {
    /// The length of the sequence a lead byte announces, or 0 for a byte that
    /// cannot start one.
    @inline(__always)
    static func sequenceLength(lead: UInt8) -> Int {
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return 0
        }
    }

    /// Whether `bytes[index...]` starts with a complete, well-formed sequence of
    /// `length` bytes (no overlongs, no surrogates, nothing past U+10FFFF).
    @inline(__always)
    static func isWellFormed(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> Bool {
        let lead = bytes[index]
        let second = bytes[index + 1]
        switch lead {
        case 0xE0: guard second >= 0xA0 && second <= 0xBF else { return false }
        case 0xED: guard second >= 0x80 && second <= 0x9F else { return false }
        case 0xF0: guard second >= 0x90 && second <= 0xBF else { return false }
        case 0xF4: guard second >= 0x80 && second <= 0x8F else { return false }
        default: guard second & 0xC0 == 0x80 else { return false }
        }
        var position = index + 2
        while position < index + length {
            guard bytes[position] & 0xC0 == 0x80 else { return false }
            position += 1
        }
        return true
    }

    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>, allowTruncatedEnd: Bool) -> Bool {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length = sequenceLength(lead: lead)
            if length == 0 { return false }
            if index + length > bytes.count { return allowTruncatedEnd }
            if !isWellFormed(bytes, at: index, length: length) { return false }
            index += length
        }
        return true
    }
}
