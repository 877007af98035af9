/// Finding the next byte of interest sixteen bytes at a time: the content of
/// a feed is long runs of text between a few markup characters, and every
/// pass over it (encoding check, entity repair, sanitizing) is mostly this.
public enum ByteScan {
    /// The index of the first `a` or `b` at or after `start`, or `bytes.count`.
    @inlinable
    @inline(__always)
    public static func firstIndex(of a: UInt8, _ b: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return count }
        var index = start
        let va = SIMD16<UInt8>(repeating: a), vb = SIMD16<UInt8>(repeating: b)
        while index + 16 <= count {
            let block = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
            if anySet((block .== va) .| (block .== vb)) { break }
            index += 16
        }
        while index < count {
            let byte = base[index]
            if byte == a || byte == b { return index }
            index += 1
        }
        return count
    }

    /// The index of the first `a`, `b` or `c` at or after `start`, or `bytes.count`.
    @inlinable
    @inline(__always)
    public static func firstIndex(of a: UInt8, _ b: UInt8, _ c: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return count }
        var index = start
        let va = SIMD16<UInt8>(repeating: a), vb = SIMD16<UInt8>(repeating: b), vc = SIMD16<UInt8>(repeating: c)
        while index + 16 <= count {
            let block = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
            if anySet((block .== va) .| (block .== vb) .| (block .== vc)) { break }
            index += 16
        }
        while index < count {
            let byte = base[index]
            if byte == a || byte == b || byte == c { return index }
            index += 1
        }
        return count
    }

    /// The index of the first byte that is not printable ASCII, tab, line
    /// feed or carriage return, at or after `start`; or `bytes.count`.
    @inlinable
    @inline(__always)
    public static func firstNonPlainASCII(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return count }
        var index = start
        let space = SIMD16<UInt8>(repeating: 0x20), range = SIMD16<UInt8>(repeating: 0x60)
        let tab = SIMD16<UInt8>(repeating: 0x09), lineFeed = SIMD16<UInt8>(repeating: 0x0A), carriageReturn = SIMD16<UInt8>(repeating: 0x0D)
        while index + 16 <= count {
            let block = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
            let plain = ((block &- space) .< range) .| (block .== tab) .| (block .== lineFeed) .| (block .== carriageReturn)
            if !allSet(plain) { break }
            index += 16
        }
        while index < count {
            let byte = base[index]
            if !(byte >= 0x20 && byte < 0x80 || byte == 0x0A || byte == 0x09 || byte == 0x0D) { return index }
            index += 1
        }
        return count
    }

    // The standard library's any/all reduce lane by lane through generic
    // code; two 64-bit words say the same in one comparison.
    @inlinable
    @inline(__always)
    public static func anySet(_ mask: SIMDMask<SIMD16<Int8>>) -> Bool {
        let words = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
        return words[0] | words[1] != 0
    }

    @inlinable
    @inline(__always)
    public static func allSet(_ mask: SIMDMask<SIMD16<Int8>>) -> Bool {
        let words = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
        return words[0] & words[1] == UInt64.max
    }

    /// How many times `byte` occurs in `bytes[range]` (line feeds, for line numbers).
    @inlinable
    public static func count(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var total = 0
        var index = range.lowerBound
        let wanted = SIMD16<UInt8>(repeating: byte)
        while index + 16 <= range.upperBound {
            // Lanes of a mask are 0 or -1: subtracting counts them, up to 255 rounds per lane.
            var lanes = SIMD16<UInt8>()
            var rounds = 0
            while rounds < 255, index + 16 <= range.upperBound {
                let block = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
                lanes &-= unsafeBitCast(block .== wanted, to: SIMD16<UInt8>.self)
                index += 16
                rounds += 1
            }
            for lane in 0..<16 { total += Int(lanes[lane]) }
        }
        while index < range.upperBound {
            if base[index] == byte { total += 1 }
            index += 1
        }
        return total
    }

    /// The index where `literal` starts at or after `start`, or nil.
    @inlinable
    public static func find(_ literal: StaticString, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let length = literal.utf8CodeUnitCount
        let pattern = literal.utf8Start
        let first = pattern[0]
        var index = start
        while true {
            index = firstIndex(of: first, first, in: bytes, from: index)
            guard index + length <= bytes.count else { return nil }
            var offset = 1
            while offset < length, bytes[index + offset] == pattern[offset] { offset += 1 }
            if offset == length { return index }
            index += 1
        }
    }
}
