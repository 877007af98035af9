import FeedModel
import Foundation

/// A text field as captured: its characters (or re-serialised markup), how
/// the feed says to read it, and the `xml:base` in effect where it stood.
struct CapturedText {
    /// `rssTitle`: an RSS title, HTML only when it holds markup. Otherwise its
    /// text is taken as written, so double-encoded entities (`&amp;lt;b&amp;gt;`)
    /// stay what the publisher wrote rather than being decoded twice.
    enum Kind { case text, html, xhtml, rssTitle }
    /// UTF-8, as libxml2 delivered it: most fields go to the sanitizer as
    /// bytes and never need to be a String of their own.
    var bytes: [UInt8]
    var kind: Kind
    var base: String?
    var line: Int

    var value: String { String(decoding: bytes, as: UTF8.self) }

    /// Nothing but white space.
    var isBlank: Bool { bytes.withUnsafeBufferPointer { TextNormalization.trimmedRange($0).isEmpty } }
}

/// An item while its elements are still arriving.
struct ItemDraft {
    var base: String?
    var title: CapturedText?
    var fallbackTitle: CapturedText?
    var link: String?
    var alternateLink: String?
    var origLink: String?
    var guid: String?
    var guidIsPermalink = true
    var atomID: String?
    var rdfAbout: String?
    var summary: CapturedText?
    var content: CapturedText?
    var fallbackSummary: CapturedText?
    var published: Date?
    var updated: Date?
    var dcDate: Date?
    var authors: [ParsedPerson] = []
    var categories: [String] = []
    var enclosures: [ParsedEnclosure] = []
    var comments: String?
    var source: ParsedSource?
    var rights: String?
    var dcRights: String?
    var viaLink: String?
    var dcSource: String?
    var marks = ParsedRightsMarks()

    mutating func addEnclosure(_ enclosure: ParsedEnclosure) {
        if let index = enclosures.firstIndex(where: { $0.url == enclosure.url }) {
            if enclosures[index].type == nil { enclosures[index].type = enclosure.type }
            if enclosures[index].length == nil { enclosures[index].length = enclosure.length }
        } else {
            enclosures.append(enclosure)
        }
    }
}

/// Channel metadata while the document is still arriving.
struct FeedDraft {
    var title: CapturedText?
    var link: String?
    var selfURL: String?
    var description: CapturedText?
    var language: String?
    var rights: String?
    var generator: String?
    var authors: [ParsedPerson] = []
    var updated: Date?
    var published: Date?
    var image: String?
    var icon: String?
    var schedule = ParsedSchedule()
    var updatePeriod: String?
    var updateFrequency: Int?
    var managingEditor: ParsedPerson?
    var webMaster: ParsedPerson?
    var publisher: String?
}

extension ParsedPerson {
    /// RSS's `author`/`managingEditor`: "jane@example.com (Jane Doe)", "Jane Doe
    /// <jane@example.com>", a bare address or a bare name.
    static func fromRSS(_ raw: String) -> ParsedPerson? {
        let text = TextNormalization.collapseWhitespace(raw)
        guard !text.isEmpty else { return nil }
        func trimmed(_ part: Substring, also extra: Set<Character> = []) -> String? {
            let kept = part.drop { $0 == " " || extra.contains($0) }
            let result = String(kept.reversed().drop { $0 == " " || extra.contains($0) }.reversed())
            return result.isEmpty ? nil : result
        }
        if let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close {
            let outside = trimmed(text[..<open])
            let inside = trimmed(text[text.index(after: open)..<close])
            // "jane@example.com (Jane Doe)" as RSS says, or "Jane Doe (jane@example.com)" as many write it.
            if inside?.contains("@") == true, outside?.contains("@") != true, inside?.contains(" ") != true {
                return ParsedPerson(name: outside, email: inside)
            }
            return ParsedPerson(name: inside, email: outside?.contains("@") == true ? outside : nil)
        }
        if let open = text.firstIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
            return ParsedPerson(name: trimmed(text[..<open], also: ["\"", "'"]), email: trimmed(text[text.index(after: open)..<close]))
        }
        if text.contains("@") && !text.contains(" ") { return ParsedPerson(email: text) }
        return ParsedPerson(name: text)
    }
}
