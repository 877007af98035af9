import FeedModel
import Foundation
import Testing
@testable import FeedParser

@Suite("Encodings: BOM, then HTTP charset, then XML declaration, then detection")
struct EncodingTests {
    private let body = "<rss version=\"2.0\"><channel><title>Crème brûlée – “test”</title></channel></rss>"

    @Test("UTF-16 little endian with a byte order mark")
    func utf16LE() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in ("<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + body).utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try FeedParser.parse(bytes).title == "Crème brûlée – “test”")
    }

    @Test("UTF-16 big endian without a byte order mark")
    func utf16BE() throws {
        var bytes: [UInt8] = []
        for unit in ("<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + body).utf16 { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        #expect(try FeedParser.parse(bytes).title == "Crème brûlée – “test”")
    }

    @Test("ISO-8859-1 is read as windows-1252, so curly quotes survive")
    func latin1AsWindows1252() throws {
        let bytes: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>It".utf8)
            + [0x92] + Array("s caf".utf8) + [0xE9] + Array("</title></channel></rss>".utf8)
        let feed = try FeedParser.parse(bytes)
        #expect(feed.title == "It’s café")
        #expect(feed.warnings.isEmpty)
    }

    @Test("The HTTP charset outranks the XML declaration, and the conflict is reported")
    func httpCharsetWins() throws {
        let bytes: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>caf".utf8)
            + [0xE9] + Array("</title></channel></rss>".utf8)
        let feed = try FeedParser.parse(bytes, options: FeedParserOptions(httpCharset: "iso-8859-1"))
        #expect(feed.title == "café")
        #expect(feed.warnings.contains { $0.message.contains("overrides") })
    }

    @Test("A byte order mark outranks the HTTP charset")
    func bomWins() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(body.utf8)
        let feed = try FeedParser.parse(bytes, options: FeedParserOptions(httpCharset: "windows-1252"))
        #expect(feed.title == "Crème brûlée – “test”")
    }

    @Test("No declaration and not UTF-8: detected as windows-1252")
    func detection() throws {
        let bytes: [UInt8] = Array("<rss version=\"2.0\"><channel><title>".utf8) + [0x93, 0x71, 0x94] + Array("</title></channel></rss>".utf8)
        let feed = try FeedParser.parse(bytes)
        #expect(feed.title == "“q”")
        #expect(feed.warnings.contains { $0.message.contains("read as windows-1252") })
    }

    @Test("Other encodings go through iconv (KOI8-R)")
    func koi8r() throws {
        // "Привет" in KOI8-R.
        let bytes: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"KOI8-R\"?><rss version=\"2.0\"><channel><title>".utf8)
            + [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4] + Array("</title></channel></rss>".utf8)
        #expect(try FeedParser.parse(bytes).title == "Привет")
    }

    @Test("An unknown charset is read as UTF-8 with a warning")
    func unknownCharset() throws {
        let feed = try parse("<?xml version=\"1.0\" encoding=\"x-made-up\"?><rss version=\"2.0\"><channel><title>ok</title></channel></rss>")
        #expect(feed.title == "ok")
        #expect(feed.warnings.contains { $0.message.contains("x-made-up") })
    }

    @Test("U+FFFE and U+FFFF are well-formed UTF-8 but not XML characters: each becomes one U+FFFD")
    func nonCharacters() throws {
        let bytes: [UInt8] = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>a".utf8)
            + [0xEF, 0xBF, 0xBE] + Array("b".utf8) + [0xEF, 0xBF, 0xBF] + Array("c \u{FFFD}é</title></channel></rss>".utf8)
        let feed = try FeedParser.parse(bytes)
        #expect(feed.title == "a\u{FFFD}b\u{FFFD}c \u{FFFD}é")
        #expect(feed.warnings.contains { $0.message.contains("2 byte sequences") })
    }

    @Test("A UTF-8 sequence split across chunks is not damaged")
    func splitSequence() throws {
        let bytes = Array(body.utf8)
        let feed = try parseInChunks(bytes, chunkSize: 1)
        #expect(feed.title == "Crème brûlée – “test”")
        #expect(feed.warnings.isEmpty)
    }
}
