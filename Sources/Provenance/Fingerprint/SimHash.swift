import FeedModel

/// Charikar's SimHash over word shingles, as used for web-scale near-duplicate
/// detection: every run of three words votes on each of 64 bits with its hash.
/// Case, punctuation, markup leftovers and spacing do not change the words, so
/// a reformatted copy of an article keeps its fingerprint within a few bits.
public enum SimHash {
    public static let shingleLength = 3
    /// Texts shorter than this (in UTF-8 bytes) are too short to match across feeds at all.
    public static let minimumMatchableText = 200

    /// Each run of three words as a 64-bit hash (fewer words: one shingle of them all).
    public static func shingles(utf8 text: UnsafeBufferPointer<UInt8>) -> [UInt64] {
        let words = self.words(utf8: text)
        guard !words.isEmpty else { return [] }
        return (0..<max(1, words.count - shingleLength + 1)).map { start in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for word in words[start..<min(words.count, start + shingleLength)] { hash = (hash ^ word) &* 0x0000_0100_0000_01B3 }
            return hash
        }
    }

    public static func fingerprint(of text: String) -> Fingerprint {
        var copy = text
        return copy.withUTF8 { fingerprint(utf8: $0) }
    }

    public static func fingerprint(utf8 text: UnsafeBufferPointer<UInt8>) -> Fingerprint {
        fingerprint(shingles: shingles(utf8: text))
    }

    /// The fingerprint of shingles already hashed (`shingles(utf8:)`), so that
    /// a short text's sketch and fingerprint share one reading of its words.
    public static func fingerprint(shingles: [UInt64]) -> Fingerprint {
        guard !shingles.isEmpty else { return Fingerprint(0) }
        // Counts of set bits per position, eight 8-bit counters to a word
        // (word j holds bits j, j+8, … j+56): eight adds a shingle instead of
        // sixty-four, flushed into wide counters before a byte can overflow.
        var ones = [Int](repeating: 0, count: 64)
        var lanes = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        func flush() {
            withUnsafeBytes(of: &lanes) { raw in
                let counters = raw.bindMemory(to: UInt8.self)
                for lane in 0..<8 {
                    for byte in 0..<8 { ones[byte * 8 + lane] += Int(counters[lane * 8 + byte]) }
                }
            }
            lanes = (0, 0, 0, 0, 0, 0, 0, 0)
        }
        let spread: UInt64 = 0x0101_0101_0101_0101
        var pending = 0
        for shingle in shingles {
            let hash = mix(shingle)
            lanes.0 &+= hash & spread
            lanes.1 &+= (hash >> 1) & spread
            lanes.2 &+= (hash >> 2) & spread
            lanes.3 &+= (hash >> 3) & spread
            lanes.4 &+= (hash >> 4) & spread
            lanes.5 &+= (hash >> 5) & spread
            lanes.6 &+= (hash >> 6) & spread
            lanes.7 &+= (hash >> 7) & spread
            pending += 1
            if pending == 255 {
                flush()
                pending = 0
            }
        }
        flush()
        // A bit is set when more shingles set it than not (a vote of +1 or -1 each).
        var value: UInt64 = 0
        for bit in 0..<64 where 2 * ones[bit] > shingles.count { value |= 1 << UInt64(bit) }
        return Fingerprint(value)
    }

    /// Each word as a 64-bit hash of its letters and digits, ASCII folded to
    /// lower case. Read on UTF-8 bytes: Unicode property look-ups per character
    /// cost more than the whole parse. Bytes of other scripts count as letters;
    /// apostrophes (ASCII and U+2019) join words; general punctuation
    /// (U+2000–U+206F: dashes, quotes, spaces) and Latin-1 punctuation split them.
    static func words(in text: String) -> [UInt64] {
        var copy = text
        return copy.withUTF8 { words(utf8: $0) }
    }

    /// How each byte reads: 0 splits words; 1–0x7F is an ASCII letter or digit,
    /// folded to lower case, that joins the hash; `special` needs a look at its
    /// neighbours (an apostrophe, U+0080–U+00BF, general punctuation); any other
    /// byte of a multi-byte character is part of a word as it is.
    private static let special: UInt8 = 0xFF
    private static let byteClass: [UInt8] = (0...255).map { value -> UInt8 in
        let byte = UInt8(value)
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte | 0x20
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return byte
        case 0x27, 0xC2, 0xE2: return special
        case 0x80...0xFF: return 0xFE  // a byte of another script: a word byte, hashed as itself
        default: return 0
        }
    }

    static func words(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [UInt64] {
        var words: [UInt64] = []
        words.reserveCapacity(bytes.count / 5)
        let seed: UInt64 = 0xcbf2_9ce4_8422_2325
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var hash = seed
        var inWord = false
        var index = 0
        let count = bytes.count
        byteClass.withUnsafeBufferPointer { table in
            while index < count {
                let byte = bytes[index]
                let kind = table[Int(byte)]
                if kind != 0 && kind < special - 1 {
                    hash = (hash ^ UInt64(kind)) &* prime
                    inWord = true
                    index += 1
                    continue
                }
                if kind == special - 1 {
                    hash = (hash ^ UInt64(byte)) &* prime
                    inWord = true
                    index += 1
                    continue
                }
                var skip = 1
                if kind == special {
                    if byte == 0x27 { index += 1; continue }  // an apostrophe joins
                    if byte == 0xE2, index + 2 < count, bytes[index + 1] == 0x80 || bytes[index + 1] == 0x81 {
                        if bytes[index + 1] == 0x80 && bytes[index + 2] == 0x99 { index += 3; continue }  // ’ joins
                        skip = 3  // general punctuation splits
                    } else if byte == 0xC2, index + 1 < count, bytes[index + 1] < 0xC0 {
                        skip = 2  // U+0080–U+00BF: NBSP, «, », ©, ·, ¿ … split
                    } else {
                        hash = (hash ^ UInt64(byte)) &* prime  // the lead byte of another character
                        inWord = true
                        index += 1
                        continue
                    }
                }
                if inWord {
                    words.append(hash)
                    hash = seed
                    inWord = false
                }
                index += skip
            }
        }
        if inWord { words.append(hash) }
        return words
    }

    /// SplitMix64's finaliser: spreads FNV's weak low bits over all 64 (the one the sketch uses).
    @inline(__always)
    static func mix(_ input: UInt64) -> UInt64 { ShingleSketch.mix(input) }
}
