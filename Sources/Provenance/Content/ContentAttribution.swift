import FeedModel

/// What an item's content says about its provenance: the attribution clues
/// of its closing blocks, and the fingerprint of the text without them, so
/// two copies of an article with different footers fingerprint alike.
struct ContentAttribution {
    var clues: [FooterClue]
    var fingerprint: Fingerprint

    init(item: ParsedItem) {
        guard let html = item.content ?? item.summary else {
            clues = []
            fingerprint = SimHash.fingerprint(of: item.text ?? item.title ?? "")
            return
        }
        let blocks = ContentBlocks(html: html)
        let reading = FooterReader.read(blocks)
        clues = reading.clues
        let article = blocks.text(excluding: reading.footerBlocks)
        fingerprint = article.contains(where: { $0 > 0x20 })
            ? article.withUnsafeBufferPointer { SimHash.fingerprint(utf8: $0) }
            : SimHash.fingerprint(of: item.title ?? "")
    }
}
