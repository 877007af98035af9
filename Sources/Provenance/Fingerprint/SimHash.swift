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
        var votes = ShingleVotes()
        for shingle in shingles { votes.add(shingle) }
        return votes.fingerprint
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

    /// How each byte reads, one look-up and one comparison on the common path: below `split`, a
    /// byte of a word and the value it adds to the hash (an ASCII letter or digit folded to lower
    /// case, or a byte of another script as itself); `split` ends a word; `special` needs a look at
    /// its neighbours (an apostrophe, U+0080–U+00BF, general punctuation).
    private static let split: UInt16 = 0x100
    private static let special: UInt16 = 0x200
    private static let byteClass: [UInt16] = (0...255).map { value -> UInt16 in
        let byte = UInt8(value)
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt16(byte | 0x20)
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt16(byte)
        case 0x27, 0xC2, 0xE2: return special
        case 0x80...0xFF: return UInt16(byte)  // a byte of another script: a word byte, hashed as itself
        default: return split
        }
    }

    static func words(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [UInt64] {
        var words: [UInt64] = []
        words.reserveCapacity(bytes.count / 5)
        forEachWord(utf8: bytes) { words.append($0) }
        return words
    }

    /// Calls `body` with each word's hash, in order (the one reading of words
    /// that `words`, `shingles` and `marks` share).
    @inline(__always)
    static func forEachWord(utf8 bytes: UnsafeBufferPointer<UInt8>, _ body: (UInt64) -> Void) {
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
                if kind < split {
                    hash = (hash ^ UInt64(kind)) &* prime
                    inWord = true
                    index += 1
                    // The rest of the run of word bytes, two at a time: most bytes of a text are here.
                    while index + 1 < count {
                        let first = table[Int(bytes[index])]
                        guard first < split else { break }
                        let second = table[Int(bytes[index + 1])]
                        guard second < split else {
                            hash = (hash ^ UInt64(first)) &* prime
                            index += 1
                            break
                        }
                        hash = (((hash ^ UInt64(first)) &* prime) ^ UInt64(second)) &* prime
                        index += 2
                    }
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
                    body(hash)
                    hash = seed
                    inWord = false
                }
                index += skip
            }
        }
        if inWord { body(hash) }
    }

    /// The fingerprint of a text, and its shingles when `keepingShingles`
    /// (a short text's sketch needs them), in one pass: words become shingles
    /// and shingles votes as they are read, with no array of either. Equal to
    /// `fingerprint(shingles: shingles(utf8:))` (tested), which is what stored
    /// fingerprints were made with.
    public static func marks(utf8 text: UnsafeBufferPointer<UInt8>, keepingShingles: Bool) -> (Fingerprint, [UInt64]?) {
        var votes = ShingleVotes()
        var kept: [UInt64]? = keepingShingles ? [] : nil
        var older: UInt64 = 0, previous: UInt64 = 0
        var wordCount = 0
        let seed: UInt64 = 0xcbf2_9ce4_8422_2325
        let prime: UInt64 = 0x0000_0100_0000_01B3
        // Two copies of the loop, so that a long text's words pay nothing for the short text's list.
        if keepingShingles {
            var shingles: [UInt64] = []
            forEachWord(utf8: text) { word in
                wordCount += 1
                if wordCount >= shingleLength {
                    let shingle = ((((seed ^ older) &* prime) ^ previous) &* prime ^ word) &* prime
                    votes.add(shingle)
                    shingles.append(shingle)
                }
                older = previous
                previous = word
            }
            kept = shingles
        } else {
            forEachWord(utf8: text) { word in
                wordCount += 1
                if wordCount >= shingleLength { votes.add(((((seed ^ older) &* prime) ^ previous) &* prime ^ word) &* prime) }
                older = previous
                previous = word
            }
        }
        if wordCount > 0 && wordCount < shingleLength {
            // Fewer words than a shingle: one shingle of them all.
            var shingle = (seed ^ (wordCount == 1 ? previous : older)) &* prime
            if wordCount == 2 { shingle = (shingle ^ previous) &* prime }
            votes.add(shingle)
            kept?.append(shingle)
        }
        return (votes.fingerprint, kept)
    }

    /// SplitMix64's finaliser: spreads FNV's weak low bits over all 64 (the one the sketch uses).
    @inline(__always)
    static func mix(_ input: UInt64) -> UInt64 { ShingleSketch.mix(input) }
}

/// SimHash's vote: for each of 64 bits, how many shingles set it. Counted in
/// two tiers of packed counters, so a shingle costs four masked adds instead
/// of sixty-four: four words of sixteen 4-bit counters (word k holds bits k,
/// k+4, … k+60), spilled every 15 shingles into eight words of eight 8-bit
/// counters (word j holds bits j, j+8, … j+56), spilled every 255 shingles
/// into wide counters, each before it can overflow. The counts are exact.
struct ShingleVotes {
    private var ones = [Int](repeating: 0, count: 64)
    private var nibble0: UInt64 = 0, nibble1: UInt64 = 0, nibble2: UInt64 = 0, nibble3: UInt64 = 0
    private var lane0: UInt64 = 0, lane1: UInt64 = 0, lane2: UInt64 = 0, lane3: UInt64 = 0
    private var lane4: UInt64 = 0, lane5: UInt64 = 0, lane6: UInt64 = 0, lane7: UInt64 = 0
    /// Shingles in the 4-bit counters, and in the 4- and 8-bit counters together.
    private var inNibbles = 0
    private var pending = 0
    private var total = 0

    @inline(__always)
    mutating func add(_ shingle: UInt64) {
        let hash = SimHash.mix(shingle)
        let spread: UInt64 = 0x1111_1111_1111_1111
        nibble0 &+= hash & spread
        nibble1 &+= (hash >> 1) & spread
        nibble2 &+= (hash >> 2) & spread
        nibble3 &+= (hash >> 3) & spread
        inNibbles += 1
        if inNibbles == 15 { spillNibbles() }
    }

    /// Nibble 2m of word k is bit 8m+k (byte m of lane k); nibble 2m+1 is bit 8m+4+k (lane k+4).
    private mutating func spillNibbles() {
        let low: UInt64 = 0x0F0F_0F0F_0F0F_0F0F
        lane0 &+= nibble0 & low
        lane4 &+= (nibble0 >> 4) & low
        lane1 &+= nibble1 & low
        lane5 &+= (nibble1 >> 4) & low
        lane2 &+= nibble2 & low
        lane6 &+= (nibble2 >> 4) & low
        lane3 &+= nibble3 & low
        lane7 &+= (nibble3 >> 4) & low
        (nibble0, nibble1, nibble2, nibble3) = (0, 0, 0, 0)
        pending += inNibbles
        inNibbles = 0
        if pending == 255 { flush() }
    }

    private mutating func flush() {
        let lanes = [lane0, lane1, lane2, lane3, lane4, lane5, lane6, lane7]
        for lane in 0..<8 {
            for byte in 0..<8 { ones[byte * 8 + lane] += Int((lanes[lane] >> UInt64(byte * 8)) & 0xFF) }
        }
        total += pending
        pending = 0
        (lane0, lane1, lane2, lane3, lane4, lane5, lane6, lane7) = (0, 0, 0, 0, 0, 0, 0, 0)
    }

    /// A bit is set when more shingles set it than not (a vote of +1 or -1 each).
    var fingerprint: Fingerprint {
        mutating get {
            spillNibbles()
            flush()
            guard total > 0 else { return Fingerprint(0) }
            var value: UInt64 = 0
            for bit in 0..<64 where 2 * ones[bit] > total { value |= 1 << UInt64(bit) }
            return Fingerprint(value)
        }
    }
}
