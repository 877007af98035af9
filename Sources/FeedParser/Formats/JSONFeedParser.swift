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
        let selfURL = reader.url(root, "feed_url", in: "feed", base: options.baseURL)
        let base = options.baseURL ?? selfURL.flatMap { URLSafety.isWebBase($0) ? $0 : nil }
        var feed = ParsedFeed(format: format)
        feed.title = reader.string(root, "title", in: "feed").map(TextNormalization.collapseWhitespace)
        feed.link = reader.url(root, "home_page_url", in: "feed", base: base)
        feed.selfURL = selfURL
        feed.description = reader.string(root, "description", in: "feed").map { reader.sanitized($0, base: base, sanitizer, field: "feed description").html }
        feed.language = reader.string(root, "language", in: "feed")
        feed.image = reader.url(root, "icon", in: "feed", base: base) ?? reader.url(root, "favicon", in: "feed", base: base)
        feed.authors = reader.authors(root, in: "feed", base: base)

        let rawItems = root["items"] as? [Any] ?? []
        if root["items"] != nil && !(root["items"] is [Any]) { warnings.add(line: nil, "JSON Feed: 'items' is not an array") }
        for (position, rawItem) in rawItems.enumerated() {
            guard let entry = rawItem as? [String: Any] else {
                warnings.add(line: nil, "JSON Feed: item \(position + 1) is not an object; skipped")
                continue
            }
            let place = "item \(position + 1)"
            let link = reader.url(entry, "url", in: place, base: base)
            let external = reader.url(entry, "external_url", in: place, base: base)
            let contentHTML = reader.string(entry, "content_html", in: place)
            let contentText = reader.string(entry, "content_text", in: place)
            // The item's own address is the base of its content, when it is an http(s) one.
            let contentBase = link.flatMap { URLSafety.isWebBase($0) ? $0 : nil } ?? base
            let content: SanitizedHTML? = contentHTML.map { reader.sanitized($0, base: contentBase, sanitizer, field: "\(place) content_html") }
                ?? contentText.map { SanitizedHTML(html: HTMLEscaping.escapeText($0), text: TextNormalization.collapseWhitespace($0)) }
            let summaryText = reader.string(entry, "summary", in: place)
            let summary = summaryText.map { SanitizedHTML(html: HTMLEscaping.escapeText($0), text: TextNormalization.collapseWhitespace($0)) }
            // JSON Feed titles are plain text: brackets in them are characters, not markup.
            // Character references still decode (titles made from HTML carry `&amp;`), but brackets are never tags.
            let title = reader.string(entry, "title", in: place).map {
                sanitizer.plainText($0.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;"))
            }
            let rawID: String? = (entry["id"] as? String) ?? (entry["id"] as? NSNumber).map { $0.stringValue }
            let id = nonEmpty(rawID?.trimmingCharacters(in: .whitespaces)) ?? link
                ?? StableHash.identifier(title: title, body: contentHTML ?? contentText ?? summaryText ?? "")
            var item = ParsedItem(id: id)
            item.link = link
            item.title = nonEmpty(title)
            item.summary = nonEmpty(summary?.html)
            item.content = nonEmpty(content?.html)
            item.text = nonEmpty(content?.text) ?? nonEmpty(summary?.text)
            item.authors = reader.authors(entry, in: place, base: base)
            item.published = reader.date(entry, "date_published", in: place)
            item.updated = reader.date(entry, "date_modified", in: place)
            item.categories = (entry["tags"] as? [Any])?.compactMap { $0 as? String } ?? []
            // `_provenance`, the extension feeds publish writes: the rights a republisher
            // states for the item, as JSON Feed has no field for them (docs/feed-json.md).
            if let extensionObject = entry["_provenance"] as? [String: Any], let rights = extensionObject["rights"] as? [String: Any] {
                item.rights = nonEmpty((rights["notice"] as? String).map(TextNormalization.trim))
                item.rightsMarks.holder = nonEmpty((rights["holder"] as? String).map(TextNormalization.trim))
                if let license = reader.url(rights, "license", in: "\(place) _provenance.rights", base: base) {
                    item.rightsMarks.licenses.append(license)
                }
            }
            if let external, external != link {
                // JSON Feed's external_url: the article this item is about, elsewhere.
                item.viaLink = external
            }
            for attachment in (entry["attachments"] as? [Any]) ?? [] {
                guard let attachment = attachment as? [String: Any],
                      let url = reader.url(attachment, "url", in: "\(place) attachment", base: base) else { continue }
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

        /// A URL field resolved, then checked: one whose scheme is not allowed is dropped with a warning.
        func url(_ object: [String: Any], _ key: String, in place: String, base: String?) -> String? {
            guard let text = string(object, key, in: place) else { return nil }
            switch URLResolver.resolveChecked(text, against: base) {
            case .url(let url): return url
            case .empty: return nil
            case .refused(let scheme):
                warnRefused(scheme: scheme, field: "\(place) '\(key)'")
                return nil
            }
        }

        func sanitized(_ html: String, base: String?, _ sanitizer: HTMLSanitizer, field: String) -> SanitizedHTML {
            let result = sanitizer.sanitize(html, baseURL: base)
            if let scheme = result.firstRefusedScheme {
                for _ in 0..<result.refusedURLs { warnRefused(scheme: scheme, field: field) }
            }
            return result
        }

        private func warnRefused(scheme: String, field: String) {
            warnings.add(line: nil, "JSON Feed: \(field): a '\(scheme):' URL was dropped (only http, https and mailto are allowed)",
                         foldKey: "scheme:" + field)
        }

        func date(_ object: [String: Any], _ key: String, in place: String) -> Date? {
            guard let text = string(object, key, in: place) else { return nil }
            guard let date = DateParser.parse(text) else {
                warnings.add(line: nil, "JSON Feed: \(place) '\(key)' '\(text.prefix(60))' is not a date; left out")
                return nil
            }
            return date
        }

        func authors(_ object: [String: Any], in place: String, base: String?) -> [ParsedPerson] {
            var raw: [Any] = (object["authors"] as? [Any]) ?? []
            if raw.isEmpty, let single = object["author"] { raw = [single] }
            return raw.compactMap { entry in
                guard let fields = entry as? [String: Any] else { return nil }
                let person = ParsedPerson(name: fields["name"] as? String, uri: url(fields, "url", in: "\(place) author", base: base))
                return person.isEmpty ? nil : person
            }
        }
    }
}
