/// A MinHash sketch of a short text's word 3-grams, for the texts where a
/// 64-bit SimHash is too coarse: below about 2 KB a one-word edit can move the
/// fingerprint four bits or more, past `Fingerprint.sameArticleDistance`. The
/// share of equal minimums estimates the Jaccard similarity of the two
/// shingle sets; eight bands of four minimums make an LSH index (copies with
/// similarity 0.9 share a band with probability 0.999, texts with 0.3 with 0.06).
public struct ShingleSketch: Sendable, Hashable {
    public static let size = 32
    public static let bandCount = 8
    /// Texts this long or longer are left to SimHash alone.
    public static let maximumTextBytes = 2048
    /// Estimated Jaccard similarity at or above which two short texts are one article.
    public static let sameArticleSimilarity = 0.7

    public var minimums: [UInt32]

    public init?(minimums: [UInt32]) {
        guard minimums.count == Self.size else { return nil }
        self.minimums = minimums
    }

    /// The sketch of a set of 64-bit shingle hashes (nil for none).
    ///
    /// An array, not any sequence: a generic parameter is not specialised
    /// across modules, and stepping a generic iterator per shingle cost
    /// twice the hashing.
    public init?(shingles: [UInt64]) {
        guard !shingles.isEmpty else { return nil }
        var minimums = [UInt32](repeating: .max, count: Self.size)
        // One full mix a shingle, then a multiply-add per function (a universal
        // hash family): the 32 minimums cost little more than one.
        Self.multipliers.withUnsafeBufferPointer { multipliers in
            Self.seeds.withUnsafeBufferPointer { seeds in
                minimums.withUnsafeMutableBufferPointer { minimums in
                    for shingle in shingles {
                        let mixed = Self.mix(shingle)
                        for index in 0..<Self.size {
                            let value = UInt32(truncatingIfNeeded: (mixed &* multipliers[index] &+ seeds[index]) >> 32)
                            if value < minimums[index] { minimums[index] = value }
                        }
                    }
                }
            }
        }
        self.minimums = minimums
    }

    /// Estimated Jaccard similarity of the two texts' shingle sets.
    public func similarity(to other: ShingleSketch) -> Double {
        Double(zip(minimums, other.minimums).filter { $0 == $1 }.count) / Double(Self.size)
    }

    public func isSameArticle(as other: ShingleSketch) -> Bool { similarity(to: other) >= Self.sameArticleSimilarity }

    /// The LSH band keys: two sketches that share one are candidates.
    public var bands: [Int64] {
        let rows = Self.size / Self.bandCount
        return (0..<Self.bandCount).map { band in
            var hash = UInt64(band) &* 0x9E37_79B9_7F4A_7C15
            for row in 0..<rows { hash = Self.mix(hash ^ UInt64(minimums[band * rows + row])) }
            return Int64(bitPattern: hash)
        }
    }

    /// 256 hex digits, for the ledger.
    public var hex: String {
        minimums.map { value in
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 8 - digits.count) + digits
        }.joined()
    }

    public init?(hex: String) {
        guard hex.utf8.count == Self.size * 8 else { return nil }
        var minimums: [UInt32] = []
        var index = hex.startIndex
        for _ in 0..<Self.size {
            let end = hex.index(index, offsetBy: 8)
            guard let value = UInt32(hex[index..<end], radix: 16) else { return nil }
            minimums.append(value)
            index = end
        }
        self.minimums = minimums
    }

    /// Little-endian bytes, for the store.
    public var bytes: [UInt8] { minimums.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } } }

    public init?(bytes: [UInt8]) {
        guard bytes.count == Self.size * 4 else { return nil }
        minimums = (0..<Self.size).map { index in
            (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[index * 4 + $1]) << ($1 * 8) }
        }
    }

    private static let seeds: [UInt64] = (0..<size).map { mix(UInt64($0) &+ 0x5EED_0F_5EED) }
    /// Odd multipliers, so that each function is a bijection of the mixed shingle.
    private static let multipliers: [UInt64] = (0..<size).map { mix(UInt64($0) &+ 0xA11C_E5EE_D000) | 1 }

    /// SplitMix64's finaliser: spreads a weak hash's bits over all 64 (SimHash uses it too).
    @inline(__always)
    public static func mix(_ input: UInt64) -> UInt64 {
        var z = input &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Whether two copies are one article: fingerprints within distance 3, or,
/// where both texts are short enough to carry a sketch, similar sketches.
public enum SameArticle {
    public static func test(_ a: Fingerprint, _ aSketch: ShingleSketch?, _ b: Fingerprint, _ bSketch: ShingleSketch?) -> Bool {
        if a.isSameArticle(as: b) { return true }
        guard let aSketch, let bSketch else { return false }
        return aSketch.isSameArticle(as: bSketch)
    }
}
