import FeedModel
import Foundation

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), read with
/// Foundation's JSON parser and tolerant of wrong types: a field of the wrong
/// type is dropped with a warning, never the feed.
enum JSONFeedParser {
    static func parse(_ bytes: [UInt8], options: FeedParserOptions, warnings: WarningLog) throws(FeedParserError) -> ParsedFeed {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw .unrecognized("not a feed: the document starts like JSON but is not valid JSON (\(Self.describe(error)))")
        }
        guard let root = object as? [String: Any] else {
            throw .unrecognized("not a JSON Feed: the top level is not an object")
        }
        let version = (root["version"] as? String) ?? ""
        let format: FeedFormat
        if version.hasPrefix("https://jsonfeed.org/version/1.1") || version.hasPrefix("http://jsonfeed.org/version/1.1") {
            format = .jsonFeed11
        } else if version.contains("jsonfeed.org/version/1") {
            format = .jsonFeed10
        } else {
            throw .unrecognized("not a JSON Feed: no jsonfeed.org version")
        }
        let reader = FieldReader(warnings: warnings)
        let sanitizer = HTMLSanitizer()
        let selfURL = reader.string(root, "feed_url", in: "feed").flatMap { URLResolver.resolve($0, against: options.baseURL) }
        let base = options.baseURL ?? selfURL
        var feed = ParsedFeed(format: format)
        feed.title = reader.string(root, "title", in: "feed").map(TextNormalization.collapseWhitespace)
        feed.link = reader.string(root, "home_page_url", in: "feed").flatMap { URLResolver.resolve($0, against: base) }
        feed.selfURL = selfURL
        feed.description = reader.string(root, "description", in: "feed").map { sanitizer.sanitize($0, baseURL: base).html }
        feed.language = reader.string(root, "language", in: "feed")
        feed.image = (reader.string(root, "icon", in: "feed") ?? reader.string(root, "favicon", in: "feed"))
            .flatMap { URLResolver.resolve($0, against: base) }
        feed.authors = reader.authors(root, in: "feed")

        let rawItems = root["items"] as? [Any] ?? []
        if root["items"] != nil && !(root["items"] is [Any]) { warnings.add(line: nil, "JSON Feed: 'items' is not an array") }
        for (position, rawItem) in rawItems.enumerated() {
            guard let entry = rawItem as? [String: Any] else {
                warnings.add(line: nil, "JSON Feed: item \(position + 1) is not an object; skipped")
                continue
            }
            let place = "item \(position + 1)"
            let link = reader.string(entry, "url", in: place).flatMap { URLResolver.resolve($0, against: base) }
            let external = reader.string(entry, "external_url", in: place).flatMap { URLResolver.resolve($0, against: base) }
            let contentHTML = reader.string(entry, "content_html", in: place)
            let contentText = reader.string(entry, "content_text", in: place)
            let content: SanitizedHTML? = contentHTML.map { sanitizer.sanitize($0, baseURL: link ?? base) }
                ?? contentText.map { SanitizedHTML(html: HTMLEscaping.escapeText($0), text: TextNormalization.collapseWhitespace($0)) }
            let summaryText = reader.string(entry, "summary", in: place)
            let summary = summaryText.map { SanitizedHTML(html: HTMLEscaping.escapeText($0), text: TextNormalization.collapseWhitespace($0)) }
            let title = reader.string(entry, "title", in: place).map { sanitizer.plainText($0) }
            let rawID: String? = (entry["id"] as? String) ?? (entry["id"] as? NSNumber).map { $0.stringValue }
            let id = nonEmpty(rawID?.trimmingCharacters(in: .whitespaces)) ?? link
                ?? StableHash.identifier(title: title, body: contentHTML ?? contentText ?? summaryText ?? "")
            var item = ParsedItem(id: id)
            item.link = link
            item.title = nonEmpty(title)
            item.summary = nonEmpty(summary?.html)
            item.content = nonEmpty(content?.html)
            item.text = nonEmpty(content?.text) ?? nonEmpty(summary?.text)
            item.authors = reader.authors(entry, in: place)
            item.published = reader.date(entry, "date_published", in: place)
            item.updated = reader.date(entry, "date_modified", in: place)
            item.categories = (entry["tags"] as? [Any])?.compactMap { $0 as? String } ?? []
            if let external, external != link {
                // JSON Feed's external_url: the article this item is about, elsewhere.
                item.viaLink = external
            }
            for attachment in (entry["attachments"] as? [Any]) ?? [] {
                guard let attachment = attachment as? [String: Any],
                      let url = (attachment["url"] as? String).flatMap({ URLResolver.resolve($0, against: base) }) else { continue }
                item.enclosures.append(ParsedEnclosure(url: url, type: attachment["mime_type"] as? String,
                                                       length: (attachment["size_in_bytes"] as? NSNumber)?.int64Value))
            }
            feed.items.append(item)
        }
        return feed
    }

    private static func describe(_ error: Error) -> String {
        let text = String(describing: (error as NSError).userInfo[NSDebugDescriptionErrorKey] ?? error.localizedDescription)
        return text
    }

    private struct FieldReader {
        let warnings: WarningLog

        func string(_ object: [String: Any], _ key: String, in place: String) -> String? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard let text = value as? String else {
                warnings.add(line: nil, "JSON Feed: \(place) '\(key)' is not a string; left out")
                return nil
            }
            let trimmed = TextNormalization.trim(text)
            return trimmed.isEmpty ? nil : trimmed
        }

        func date(_ object: [String: Any], _ key: String, in place: String) -> Date? {
            guard let text = string(object, key, in: place) else { return nil }
            guard let date = DateParser.parse(text) else {
                warnings.add(line: nil, "JSON Feed: \(place) '\(key)' '\(text.prefix(60))' is not a date; left out")
                return nil
            }
            return date
        }

        func authors(_ object: [String: Any], in place: String) -> [ParsedPerson] {
            var raw: [Any] = (object["authors"] as? [Any]) ?? []
            if raw.isEmpty, let single = object["author"] { raw = [single] }
            return raw.compactMap { entry in
                guard let fields = entry as? [String: Any] else { return nil }
                let person = ParsedPerson(name: fields["name"] as? String, uri: fields["url"] as? String)
                return person.isEmpty ? nil : person
            }
        }
    }
}
