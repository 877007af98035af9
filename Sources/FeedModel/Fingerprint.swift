/// A 64-bit SimHash of an article's visible text: copies of one article land
/// a few bits apart, different articles about half the bits apart.
public struct Fingerprint: Sendable, Hashable, CustomStringConvertible {
    public var value: UInt64

    public init(_ value: UInt64) { self.value = value }

    /// Two fingerprints this close or closer are taken to be the same article.
    public static let sameArticleDistance = 3

    public func distance(to other: Fingerprint) -> Int { (value ^ other.value).nonzeroBitCount }

    public func isSameArticle(as other: Fingerprint) -> Bool { distance(to: other) <= Self.sameArticleDistance }

    /// Sixteen hex digits, zero-padded: stable for storage and output.
    public var description: String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    public init?(hex: String) {
        guard hex.count == 16, let value = UInt64(hex, radix: 16) else { return nil }
        self.value = value
    }

    /// The four 16-bit bands: two fingerprints within distance 3 share at least
    /// one band exactly, which is what an index on the bands finds.
    public var bands: [UInt16] {
        (0..<4).map { UInt16(truncatingIfNeeded: value >> (UInt64($0) * 16)) }
    }
}
