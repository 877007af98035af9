import FeedModel
/// A growable byte buffer for the hot loops of the sanitizer: appending a
/// byte is a store and an increment, with none of Array's uniqueness and
/// exclusivity checks. Owns its memory; not copyable, so it is freed once.
struct ByteWriter: ~Copyable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 32)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Room for `extra` more bytes, so that `appendUnchecked` may follow.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    /// Only after `reserve` has made room.
    @inline(__always)
    mutating func appendUnchecked(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    @inline(__always)
    mutating func append(_ literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Sixteen bytes at once; only after `reserve` has made room.
    @inline(__always)
    mutating func appendUnchecked(_ block: SIMD16<UInt8>) {
        UnsafeMutableRawPointer(base + count).storeBytes(of: block, as: SIMD16<UInt8>.self)
        count += 16
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// The UTF-8 encoding of a code point.
    mutating func append(scalar value: UInt32) {
        reserve(4)
        switch value {
        case 0..<0x80:
            appendUnchecked(UInt8(value))
        case 0x80..<0x800:
            appendUnchecked(UInt8(0xC0 | (value >> 6)))
            appendUnchecked(UInt8(0x80 | (value & 0x3F)))
        case 0x800..<0x10000:
            appendUnchecked(UInt8(0xE0 | (value >> 12)))
            appendUnchecked(UInt8(0x80 | ((value >> 6) & 0x3F)))
            appendUnchecked(UInt8(0x80 | (value & 0x3F)))
        default:
            appendUnchecked(UInt8(0xF0 | (value >> 18)))
            appendUnchecked(UInt8(0x80 | ((value >> 12) & 0x3F)))
            appendUnchecked(UInt8(0x80 | ((value >> 6) & 0x3F)))
            appendUnchecked(UInt8(0x80 | (value & 0x3F)))
        }
    }

    mutating func truncate(to length: Int) { count = min(count, length) }

    mutating func removeAll() { count = 0 }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// The bytes as a String, without white space at either end.
    func trimmedString() -> String {
        let range = TextNormalization.trimmedRange(bytes)
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}

/// Visible text with white space collapsed as it is written: runs of spaces,
/// line breaks and no-break spaces become one space, none at either end.
struct CollapsedTextWriter: ~Copyable {
    private(set) var output: ByteWriter
    /// The last byte written is a space, or nothing is written yet: white
    /// space here adds nothing.
    private var afterSpace = true

    init(capacity: Int) { output = ByteWriter(capacity: capacity) }

    /// Words on either side of this point stay apart (a block boundary, `<br>`).
    @inline(__always)
    mutating func separateWords() {
        if !afterSpace {
            output.append(0x20)
            afterSpace = true
        }
    }

    mutating func append(_ run: UnsafeBufferPointer<UInt8>) {
        guard let base = run.baseAddress else { return }
        let count = run.count
        output.reserve(count)
        let space = SIMD16<UInt8>(repeating: 0x20), printableRange = SIMD16<UInt8>(repeating: 0x5F)
        var index = 0
        while index < count {
            // Sixteen printable ASCII bytes with no double space copy as they are.
            if index + 17 <= count {
                let block = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
                let shifted = UnsafeRawPointer(base + index + 1).loadUnaligned(as: SIMD16<UInt8>.self)
                let spaces = block .== space
                if ByteScan.allSet((block &- space) .< printableRange), !ByteScan.anySet(spaces .& (shifted .== space)), !(afterSpace && block[0] == 0x20) {
                    output.appendUnchecked(block)
                    afterSpace = block[15] == 0x20
                    index += 16
                    continue
                }
            }
            let byte = base[index]
            if byte > 0x20 && byte < 0x80 {
                output.appendUnchecked(byte)
                afterSpace = false
                index += 1
                continue
            }
            let length = TextNormalization.whitespaceLength(run, at: index)
            if length > 0 {
                if !afterSpace {
                    output.appendUnchecked(0x20)
                    afterSpace = true
                }
                index += length
                continue
            }
            output.appendUnchecked(byte)
            afterSpace = false
            index += 1
        }
    }

    mutating func append(scalar value: UInt32) {
        if TextNormalization.isWhitespace(scalar: value) {
            separateWords()
            return
        }
        output.append(scalar: value)
        afterSpace = false
    }

    /// The text, without the space a last separation may have left.
    func string() -> String {
        var bytes = output.bytes
        if bytes.last == 0x20 { bytes = UnsafeBufferPointer(rebasing: bytes.dropLast()) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
