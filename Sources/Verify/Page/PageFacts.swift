import FeedModel
import Provenance
import Foundation

/// What an article page says of itself, in its head and its structured data:
/// where the article lives (canonical address), whose it is (author,
/// publisher, copyright holder, licence) and what it is based on; and the
/// text of its article, without navigation, comments or footers.
public struct PageFacts: Sendable, Equatable, Codable {
    /// One statement, named after where the page makes it: `canonical`,
    /// `og:url`, `jsonld.copyright-holder` … with the value as written.
    public struct Statement: Sendable, Equatable, Codable {
        public var kind: String
        public var value: String
    }

    public var statements: [Statement] = []
    /// The article's text (the largest cluster of paragraphs); not kept in the page cache.
    public var articleText: String = ""
    /// Its word 3-grams as hashes and its word count: what the text check needs, and what
    /// the page cache keeps (hashes, never the words, so a cached page quotes nobody).
    public var articleShingles: [UInt64] = []
    public var articleWords = 0

    enum CodingKeys: String, CodingKey { case statements, articleShingles, articleWords }

    public func first(_ kind: String) -> String? { statements.first { $0.kind == kind }?.value }

    /// Reads a page fetched from `url` (the address after redirects, the base of relative references).
    public static func read(_ bytes: [UInt8], url: String, charset: String? = nil) -> PageFacts? {
        guard let page = HTMLPage(bytes: bytes, url: url, charset: charset) else { return nil }
        var facts = PageFacts()
        func add(_ kind: String, _ value: String?, resolve: Bool = false) {
            guard var value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return }
            if resolve {
                // Addresses are resolved against the page and must be web addresses to count.
                guard let absolute = URL(string: value, relativeTo: URL(string: url))?.absoluteURL.absoluteString,
                      URLSafety.isWebBase(absolute) else { return }
                value = absolute
            }
            guard !facts.statements.contains(Statement(kind: kind, value: value)) else { return }
            facts.statements.append(Statement(kind: kind, value: String(value.prefix(500))))
        }
        var jsonLD: [String] = []
        page.root.descendants { element in
            switch element.name {
            case "link":
                let rel = Set((element.attribute("rel") ?? "").lowercased().split(separator: " ").map(String.init))
                if rel.contains("canonical") { add("canonical", element.attribute("href"), resolve: true) }
                if rel.contains("license") { add("license", element.attribute("href"), resolve: true) }
            case "a":
                if (element.attribute("rel") ?? "").lowercased().split(separator: " ").contains("license") {
                    add("license", element.attribute("href"), resolve: true)
                }
            case "meta":
                let key = (element.attribute("property") ?? element.attribute("name") ?? "").lowercased()
                let content = element.attribute("content")
                switch key {
                case "og:url": add("og:url", content, resolve: true)
                case "og:site_name": add("og:site-name", content)
                case "article:author": add("article:author", content)
                case "article:publisher": add("article:publisher", content)
                case "author": add("author", content)
                case "copyright", "dc.rights", "dcterms.rights": add("copyright", content)
                case "dc.source", "dcterms.source": add("dc:source", content, resolve: true)
                case "dc.creator", "dcterms.creator": add("author", content)
                default: break
                }
            case "script":
                if (element.attribute("type") ?? "").lowercased().hasPrefix("application/ld+json") { jsonLD.append(element.text) }
            default:
                break
            }
        }
        for script in jsonLD {
            for (kind, value, isAddress) in JSONLD.statements(script) { add(kind, value, resolve: isAddress) }
        }
        facts.articleText = MainText.of(page.root)
        facts.articleWords = facts.articleText.split(separator: " ").count
        var text = facts.articleText
        facts.articleShingles = Array(Set(text.withUTF8 { SimHash.shingles(utf8: $0) })).sorted()
        return facts
    }
}
