import Provenance

/// Whether a page carries an item's text: the share of the item's word
/// 3-grams (the shingles the fingerprint is made of) found in the page's
/// article. A share, not a fingerprint distance, because a feed often
/// carries an excerpt of the page, or the page plus a republisher's footer.
public enum TextMatch {
    /// At least this share of the item's word runs must be on the page.
    public static let sameTextShare = 0.5
    /// A page with fewer words in its article is not read as contradicting anything.
    public static let minimumPageWords = 30

    public static func share(of item: String, in page: String) -> (share: Double, itemShingles: Int) {
        var pageCopy = page
        return share(of: item, inShingles: Set(pageCopy.withUTF8 { SimHash.shingles(utf8: $0) }))
    }

    public static func share(of item: String, inShingles pageShingles: Set<UInt64>) -> (share: Double, itemShingles: Int) {
        var itemCopy = item
        let itemShingles = itemCopy.withUTF8 { SimHash.shingles(utf8: $0) }
        guard !itemShingles.isEmpty else { return (0, 0) }
        let found = itemShingles.filter(pageShingles.contains).count
        return (Double(found) / Double(itemShingles.count), itemShingles.count)
    }
}
