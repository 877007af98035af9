import FeedModel
import Testing
@testable import FeedParser

@Suite("Encodings that exist in the wild, by any of their names")
struct WildEncodingTests {
    @Test("EBCDIC, Mac and IBM code pages, and common spellings of supported names", arguments: [
        ("mainframe-bulletin-cp037.xml", "Mainframe Bulletin", "Überweisung für Café Ñandú, naïve"),
        ("mainframe-bulletin-cp500.xml", "Mainframe Bulletin", "Preis: £3 [ok] {ja} ¬ |x|"),
        ("mainframe-greek-cp875.xml", "Ελληνικά νέα", "Καλημέρα κόσμε"),
        ("mainframe-euro-ibm1140.xml", "Euro Bulletin", "Kosten: 12 € pro Monat"),
        ("mainframe-csibm037.xml", "Alias Bulletin", "Señor Müller"),
        ("mac-publisher-macroman.xml", "Mac Publisher", "“Smart quotes” — café"),
        ("mac-publisher-maccentraleurope.xml", "Mac Central", "Łódź, Žižkov, Győr"),
        ("mac-publisher-maclatin2.xml", "Mac Latin2", "Příliš žluťoučký kůň"),
        ("mac-publisher-macgreek.xml", "Mac Greek", "Αθήνα και Θεσσαλονίκη"),
        ("mac-publisher-maciceland.xml", "Mac Iceland", "Þingvellir og Ísafjörður"),
        ("mac-publisher-macturkish.xml", "Mac Turkish", "İstanbul'da güzel bir ağaç"),
        ("iceland-news-cp-is.xml", "Iceland News", "Reykjavík þjóð"),
        ("windows-underscore-1252.xml", "Underscore Label", "“Curly” – dash € sign"),
    ])
    func declared(_ fixture: String, _ title: String, _ text: String) throws {
        let feed = try Fixtures.parse(fixture)
        #expect(feed.title == title)
        #expect(feed.items.first?.title == text)
        #expect(feed.items.first?.text == text)
        #expect(feed.warnings.isEmpty, "\(feed.warningText)")
    }

    @Test("An unknown charset name falls back to detection with a warning and never rejects the feed")
    func unknownName() throws {
        let utf8 = try parse(#"<?xml version="1.0" encoding="x-no-such-charset"?><rss version="2.0"><channel><title>Grüße</title></channel></rss>"#)
        #expect(utf8.title == "Grüße")
        #expect(utf8.warnings.first?.message == "encoding: unknown charset 'x-no-such-charset'; read as utf-8, which the bytes fit")
        let latin = try FeedParser.parse(Array(#"<?xml version="1.0" encoding="klingon"?><rss version="2.0"><channel><title>Gr"#.utf8) + [0xFC, 0xDF] + Array("e</title></channel></rss>".utf8))
        #expect(latin.title == "Grüße")
        #expect(latin.warnings.first?.message.contains("read as windows-1252") == true)
    }

    @Test("iconv's names for a label: hyphens or underscores, any case, cp, ibm and csibm prefixes")
    func names() {
        #expect(IconvNames.candidates(for: "csibm037").contains("IBM037"))
        #expect(IconvNames.candidates(for: "ibm_1140").contains("CP1140"))
        #expect(IconvNames.candidates(for: "MacRoman").first == "MACINTOSH")
        #expect(CharacterEncoding(label: "Windows_1252") == .windows1252)
        #expect(CharacterEncoding(label: "x_mac_greek") == .singleByte(.macGreek))
    }
}
