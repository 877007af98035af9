import FeedModel
import Foundation
import Testing
@testable import FeedParser

@Suite("Chunked input gives the same result as whole documents")
struct StreamingTests {
    @Test("Every fixture parses the same in 1-, 7- and 4096-byte chunks", arguments: [
        "wordpress-rss2.xml", "blogger-atom.xml", "youtube-atom.xml", "podcast-itunes.xml", "slashdot-rdf.xml",
        "medium-rss.xml", "feedburner-rss.xml", "broken-undeclared-entities.xml", "broken-unclosed-tags.xml",
        "broken-mixed-encodings.xml", "hostile-xxe.xml", "jsonfeed.json",
    ])
    func chunked(name: String) throws {
        let bytes = Array(try Fixtures.data(name))
        let whole = try FeedParser.parse(bytes)
        for size in [1, 7, 4096] {
            let chunked = try parseInChunks(bytes, chunkSize: size)
            #expect(chunked.items == whole.items, "chunk size \(size)")
            #expect(chunked.title == whole.title)
            #expect(chunked.warnings.map(\.message) == whole.warnings.map(\.message), "chunk size \(size)")
        }
    }
}
