import FeedModel

/// Charikar's SimHash over word shingles, as used for web-scale near-duplicate
/// detection: every run of three words votes on each of 64 bits with its hash.
/// Case, punctuation, markup leftovers and spacing do not change the words, so
/// a reformatted copy of an article keeps its fingerprint within a few bits.
public enum SimHash {
    public static let shingleLength = 3

    public static func fingerprint(of text: String) -> Fingerprint {
        let words = self.words(in: text)
        guard !words.isEmpty else { return Fingerprint(0) }
        var votes = [Int32](repeating: 0, count: 64)
        let count = max(1, words.count - shingleLength + 1)
        for start in 0..<count {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for word in words[start..<min(words.count, start + shingleLength)] {
                hash = (hash ^ word) &* 0x0000_0100_0000_01B3
            }
            hash = mix(hash)
            for bit in 0..<64 {
                votes[bit] += (hash >> UInt64(bit)) & 1 == 1 ? 1 : -1
            }
        }
        var value: UInt64 = 0
        for bit in 0..<64 where votes[bit] > 0 { value |= 1 << UInt64(bit) }
        return Fingerprint(value)
    }

    /// Each word as a 64-bit hash of its lower-cased letters and digits.
    static func words(in text: String) -> [UInt64] {
        var words: [UInt64] = []
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var inWord = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                var value = scalar.value
                for _ in 0..<4 where value != 0 {
                    hash = (hash ^ UInt64(value & 0xFF)) &* 0x0000_0100_0000_01B3
                    value >>= 8
                }
                inWord = true
            } else if scalar == "'" || scalar == "’" {
                continue  // "it's" and "its" differ only by punctuation
            } else if inWord {
                words.append(hash)
                hash = 0xcbf2_9ce4_8422_2325
                inWord = false
            }
        }
        if inWord { words.append(hash) }
        return words
    }

    /// SplitMix64's finaliser: spreads FNV's weak low bits over all 64.
    @inline(__always)
    static func mix(_ input: UInt64) -> UInt64 {
        var z = input &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
