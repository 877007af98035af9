import FeedModel
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Subscriptions in OPML, the format every feed reader speaks.
public enum OPML {
    public struct Subscription: Sendable, Equatable {
        public var url: String
        public var title: String?
        public var tags: [String]
        /// The outline's line in the OPML file, for errors that name it.
        public var line: Int?

        public init(url: String, title: String? = nil, tags: [String] = [], line: Int? = nil) {
            self.url = url
            self.title = title
            self.tags = tags
            self.line = line
        }
    }

    /// Every outline with an `xmlUrl`; its tags are its `category` paths and the folders it sits in.
    public static func read(_ data: Data) throws(ConfigurationError) -> [Subscription] {
        let delegate = Reader()
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        let parsed = parser.parse()
        guard parsed, parser.parserError == nil, delegate.closedOPML else {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "it ends before </opml>"
            throw ConfigurationError(file: "OPML", line: parser.lineNumber, message: "not valid OPML: \(reason)")
        }
        // Checked here, so that a bad entry is named in the OPML file, not in the feed list it would become.
        for subscription in delegate.subscriptions {
            let scheme = URLComponents(string: subscription.url)?.scheme?.lowercased()
            guard scheme == "http" || scheme == "https", URLComponents(string: subscription.url)?.host?.isEmpty == false else {
                throw ConfigurationError(file: "OPML", line: subscription.line,
                                         message: "the outline \"\(subscription.title ?? subscription.url)\" has xmlUrl \"\(subscription.url)\", "
                                             + "which is not an http or https address; nothing was imported")
            }
        }
        return delegate.subscriptions
    }

    private final class Reader: NSObject, XMLParserDelegate {
        var subscriptions: [Subscription] = []
        /// Folder names of the enclosing outlines (nil for a feed outline).
        var folders: [String?] = []
        var closedOPML = false

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            guard name.lowercased() == "outline" else { return }
            let title = attributes["title"] ?? attributes["text"]
            guard let url = attributes["xmlUrl"] ?? attributes["xmlurl"], !url.isEmpty else {
                folders.append(title)
                return
            }
            folders.append(nil)
            let categories = (attributes["category"] ?? "").split(separator: ",").flatMap { $0.split(separator: "/") }
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            var tags: [String] = []
            for tag in folders.compactMap({ $0 }) + categories where !tags.contains(tag) { tags.append(tag) }
            subscriptions.append(Subscription(url: url, title: title, tags: tags, line: parser.lineNumber))
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name.lowercased() == "outline", !folders.isEmpty { folders.removeLast() }
            if name.lowercased() == "opml" { closedOPML = true }
        }
    }

    /// OPML 2.0 of the configured feeds, tags as categories.
    public static func write(_ feeds: [FeedEntry], title: String) -> String {
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<opml version="2.0">"#,
            "  <head><title>\(escape(title))</title><dateCreated>\(RFC822Date.string(from: Date()))</dateCreated></head>",
            "  <body>",
        ]
        for feed in feeds {
            var attributes = #"type="rss" text="\#(escape(feed.name))" title="\#(escape(feed.name))" xmlUrl="\#(escape(feed.url))""#
            if !feed.tags.isEmpty { attributes += #" category="\#(escape(feed.tags.map { "/" + $0 }.joined(separator: ",")))""# }
            lines.append("    <outline \(attributes)/>")
        }
        lines += ["  </body>", "</opml>"]
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// Adds feeds to feeds.yml as text, so its comments, order and layout stay
/// as the operator wrote them: one block appended at the end of `feeds:`.
public enum FeedListEditor {
    public struct Addition: Sendable {
        public var text: String
        public var added: [FeedEntry]
        public var alreadyListed: Int
    }

    public static func adding(_ subscriptions: [OPML.Subscription], to text: String, configuration: FeedsConfiguration,
                              note: String) throws(ConfigurationError) -> Addition {
        var lines = text.components(separatedBy: "\n")
        guard let feedsLine = lines.firstIndex(where: { $0.hasPrefix("feeds:") }) else {
            throw ConfigurationError(file: configuration.file.path, line: nil, message: "no top-level `feeds:` to add to")
        }
        let inline = lines[feedsLine].dropFirst("feeds:".count).trimmingCharacters(in: .whitespaces)
        if inline == "[]" {
            lines[feedsLine] = "feeds:"
        } else if !inline.isEmpty && !inline.hasPrefix("#") {
            throw ConfigurationError(file: configuration.file.path, line: feedsLine + 1,
                                     message: "`feeds:` is written inline; write it as a block list to import into it")
        }
        var end = feedsLine + 1
        while end < lines.count, !(lines[end].first.map { $0.isLetter || $0 == "_" } ?? false) { end += 1 }
        // Blank lines and column-0 comments just before the next key belong to that key.
        while end > feedsLine + 1, lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty || lines[end - 1].hasPrefix("#") { end -= 1 }
        let indent = lines[(feedsLine + 1)..<end].first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("- ") }
            .map { String($0.prefix { $0 == " " }) } ?? "  "

        var known = Set(configuration.feeds.map { normalized($0.url) })
        var names = Set(configuration.feeds.map(\.name))
        var block = ["\(indent)# \(note)"]
        var added: [FeedEntry] = []
        var alreadyListed = 0
        for subscription in subscriptions {
            guard known.insert(normalized(subscription.url)).inserted else {
                alreadyListed += 1
                continue
            }
            var name = subscription.title.map(slug).flatMap { $0.isEmpty ? nil : $0 } ?? FeedEntry.derivedName(from: subscription.url)
            if names.contains(name) {
                var number = 2
                while names.contains("\(name)-\(number)") { number += 1 }
                name = "\(name)-\(number)"
            }
            names.insert(name)
            block.append("\(indent)- url: \(quoted(subscription.url))")
            block.append("\(indent)  name: \(quoted(name))")
            if !subscription.tags.isEmpty { block.append("\(indent)  tags: [\(subscription.tags.map(quoted).joined(separator: ", "))]") }
            added.append(FeedEntry(url: subscription.url, name: name, tags: subscription.tags))
        }
        guard !added.isEmpty else { return Addition(text: text, added: [], alreadyListed: alreadyListed) }
        lines.insert(contentsOf: block, at: end)
        let result = lines.joined(separator: "\n")
        _ = try ConfigurationReader.read(result, file: configuration.file)
        return Addition(text: result, added: added, alreadyListed: alreadyListed)
    }

    private static func normalized(_ url: String) -> String {
        var text = url.trimmingCharacters(in: .whitespaces).lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// "Jane's Blog: Notes" → "jane-s-blog-notes".
    static func slug(_ title: String) -> String {
        let words = title.lowercased().split { !($0.isLetter || $0.isNumber) }
        return words.joined(separator: "-")
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
