import FeedModel

/// What an item's content says about its provenance: the attribution clues
/// of its closing blocks, and the fingerprint of the text without them, so
/// two copies of an article with different footers fingerprint alike.
struct ContentAttribution {
    var clues: [FooterClue]
    var fingerprint: Fingerprint
    /// Only for short texts, where the fingerprint is too coarse.
    var sketch: ShingleSketch?

    init(item: ParsedItem) {
        guard let html = item.content ?? item.summary else {
            clues = []
            var text = Array((item.text ?? item.title ?? "").utf8)
            (fingerprint, sketch) = text.withUnsafeMutableBufferPointer { Self.marks(UnsafeBufferPointer($0)) }
            return
        }
        let blocks = ContentBlocks(html: html, decodingLinksOfLast: FooterReader.window)
        let reading = FooterReader.read(blocks)
        clues = reading.clues
        var article = blocks.text(excluding: reading.footerBlocks)
        if !article.contains(where: { $0 > 0x20 }) { article = Array((item.title ?? "").utf8) }
        (fingerprint, sketch) = article.withUnsafeBufferPointer { Self.marks($0) }
    }

    private static func marks(_ text: UnsafeBufferPointer<UInt8>) -> (Fingerprint, ShingleSketch?) {
        // One reading of the words serves both the fingerprint and the sketch; only a short text keeps its shingles.
        let wantsSketch = text.count >= SimHash.minimumMatchableText && text.count < ShingleSketch.maximumTextBytes
        let (fingerprint, shingles) = SimHash.marks(utf8: text, keepingShingles: wantsSketch)
        return (fingerprint, shingles.flatMap { ShingleSketch(shingles: $0) })
    }
}
