import FeedModel
import Foundation
import GRDB
@testable import Store
import Testing

@Suite("Large HTML columns are stored compressed")
struct CompressedTextTests {
    @Test("A full-text item reads back exactly, stored as a zstd frame several times smaller; a plain row from before still reads")
    func roundTrip() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zstd-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore.open(inCache: folder)
        _ = try store.registerFeeds([(name: "feed-0", url: "https://carrier0.example.com/feed")])
        let paragraphs = (0..<40).map { "<p>Paragraph \($0) of the council’s report on the harbor, with <a href=\"https://example.org/\($0)\">a link</a>.</p>" }
        let html = paragraphs.joined(separator: "\n")
        var entry = OriginTalliesTests.item(0, 1, origin: 0, republisher: nil, version: 0, when: 1_780_000_000)
        entry.item.content = html
        var state = FeedState(name: "feed-0", configuredURL: "https://carrier0.example.com/feed", currentURL: "https://carrier0.example.com/feed")
        state.lastResult = "fetched"
        _ = try store.apply(FeedUpdate(state: state, site: "carrier0.example.com", items: [entry]))
        let stored = try #require(try store.items(ItemQuery()).first)
        #expect(stored.item.content == html)
        #expect(stored.item.summary == entry.item.summary, "a short summary stays plain text")
        let bytes = try store.database.read { db in try Int.fetchOne(db, sql: "SELECT length(CAST(content AS BLOB)) FROM items") } ?? 0
        #expect(bytes > 0 && bytes * 4 < html.utf8.count, "\(bytes) bytes stored for \(html.utf8.count)")
        // A row written before compression (plain text) reads as it was.
        try store.database.write { db in try db.execute(sql: "UPDATE items SET content = ?", arguments: [html]) }
        #expect(try store.items(ItemQuery()).first?.item.content == html)
    }
}
