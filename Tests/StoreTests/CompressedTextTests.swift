import FeedModel
import Foundation
import GRDB
@testable import Store
import Testing

@Suite("Large HTML columns are stored compressed")
struct CompressedTextTests {
    @Test("A full-text item reads back exactly, stored as a zstd frame several times smaller; a plain row from before still reads")
    func roundTrip() throws {
        let (store, folder) = try OneFeedStore.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let paragraphs = (0..<40).map { "<p>Paragraph \($0) of the council’s report on the harbor, with <a href=\"https://example.org/\($0)\">a link</a>.</p>" }
        let html = paragraphs.joined(separator: "\n")
        var entry = OriginTalliesTests.item(0, 1, origin: 0, republisher: nil, version: 0, when: 1_780_000_000)
        entry.item.content = html
        try OneFeedStore.apply([entry], to: store)
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
