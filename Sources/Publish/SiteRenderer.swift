import FeedDocuments
import FeedModel
import FeedParser
import FeedsConfig
import Foundation
import Mustache

/// The site's files, as bytes by path inside the output folder: templates
/// (built in, or the operator's from `templates:`) filled with the content,
/// every value escaped by the template engine; feed.json by the JSON writer.
struct SiteRenderer {
    let publish: PublishConfiguration
    let library: MustacheLibrary
    let style: [UInt8]

    /// The templates the site is made of; a file `NAME.mustache` in
    /// `templates:` replaces the built-in one of that name.
    static let templateNames = ["index.html", "origin.html", "item", "atom.xml", "rss.xml"]

    init(_ publish: PublishConfiguration) throws(PublishError) {
        self.publish = publish
        var library = MustacheLibrary()
        let builtIn = try BuiltInTemplates.folder()
        for name in Self.templateNames {
            let override = publish.templatesDirectory?.appendingPathComponent(name + ".mustache")
            let file = override.flatMap { FileManager.default.fileExists(atPath: $0.path) ? $0 : nil }
                ?? builtIn.appendingPathComponent(name + ".mustache")
            guard let data = FileManager.default.contents(atPath: file.path), let text = String(data: data, encoding: .utf8) else {
                throw PublishError("cannot read the template \(file.path)")
            }
            do {
                try library.register(text, named: name)
            } catch {
                throw PublishError("the template \(file.path) is not valid Mustache: \(error)")
            }
        }
        self.library = library
        guard let style = FileManager.default.contents(atPath: builtIn.appendingPathComponent("style.css").path) else {
            throw PublishError("cannot read the built-in style.css")
        }
        self.style = [UInt8](style)
    }

    func render(_ content: SiteContent) -> [String: [UInt8]] {
        let updated = content.items.map(\.updated).max() ?? Date(timeIntervalSince1970: 0)
        var files: [String: [UInt8]] = [:]
        let site = siteContext(updated: updated)
        var feedContext = site
        feedContext["items"] = content.items.map { feedItemContext($0) }
        files["atom.xml"] = render("atom.xml", feedContext)
        files["rss.xml"] = render("rss.xml", feedContext)
        files["feed.json"] = jsonFeed(content.items)
        var index = site
        index["days"] = days(content.items).map { day in
            ["day": day.key, "dayLabel": day.label, "items": day.items.map { pageItemContext($0, originPages: "origins/") }] as [String: Any]
        }
        files["index.html"] = render("index.html", index)
        for origin in content.origins {
            var page = site
            page["site"] = origin.site
            page["items"] = origin.items.map { pageItemContext($0, originPages: "") }
            if let summary = origin.summary {
                var values: [String: Any] = [
                    "articles": summary.articles, "articlesNoun": summary.articles == 1 ? "article" : "articles",
                    "firstSeen": Self.dayLabel(summary.firstSeen), "lastSeen": Self.dayLabel(summary.lastSeen),
                ]
                if !summary.republishers.isEmpty { values["republishers"] = summary.republishers.joined(separator: ", ") }
                if let notice = summary.rightsNotice { values["rightsNotice"] = notice }
                page["summary"] = values
            }
            files["origins/\(Self.pageName(origin.site))"] = render("origin.html", page)
        }
        files["style.css"] = style
        return files
    }

    private func render(_ template: String, _ context: [String: Any]) -> [UInt8] {
        Array((library.render(context, withTemplate: template) ?? "").utf8)
    }

    /// An origin site's page: its registrable domain, which is letters, digits, dots and hyphens.
    static func pageName(_ site: String) -> String {
        String(site.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") ? $0 : "_" }) + ".html"
    }

    private func siteContext(updated: Date) -> [String: Any] {
        [
            "title": XMLText.clean(publish.title), "siteURL": publish.siteURL,
            "updated": ISO8601Formatting.string(from: updated), "updatedRFC822": RFC822Date.string(from: updated),
            "removalContact": publish.removalContact,
            "removalContactLabel": publish.removalContact.hasPrefix("mailto:") ? String(publish.removalContact.dropFirst(7)) : publish.removalContact,
        ]
    }

    /// The values every template may show of an item.
    private func commonContext(_ item: PublishedItem) -> [String: Any] {
        var values: [String: Any] = [
            "id": item.id, "title": XMLText.clean(item.title), "originSite": item.originSite,
            "published": ISO8601Formatting.string(from: item.published), "updated": ISO8601Formatting.string(from: item.updated),
            "publishedRFC822": RFC822Date.string(from: item.published),
        ]
        func add(_ key: String, _ value: String?) { if let value, !value.isEmpty { values[key] = XMLText.clean(value) } }
        add("link", item.link)
        add("viaLink", item.viaLink)
        add("originName", item.originName)
        add("republisherSite", item.republisherSite)
        add("originFeedURL", item.originFeedURL)
        add("author", item.author)
        add("license", item.license)
        add("licenseName", item.license.map(LicenseName.of))
        add("rightsNotice", item.rightsNotice)
        add("rights", item.rightsNotice ?? item.license)
        add("contentHTML", item.contentHTML)
        add("excerpt", item.excerpt)
        if item.unattributed { values["unattributed"] = true }
        return values
    }

    private func feedItemContext(_ item: PublishedItem) -> [String: Any] {
        var values = commonContext(item)
        // RSS's <source>: the channel the item came from, as far as we know it: the origin's feed when the
        // carrier named it, else the origin site (for the origin's own items, the feed we read them from).
        values["sourceURL"] = item.originFeedURL ?? "https://\(item.originSite)/"
        values["sourceTitle"] = XMLText.clean(item.originName ?? item.originSite)
        return values
    }

    private func pageItemContext(_ item: PublishedItem, originPages: String) -> [String: Any] {
        var values = commonContext(item)
        values["originPage"] = originPages + Self.pageName(item.originSite)
        values["originLabel"] = XMLText.clean(item.originName.map { "\($0) (\(item.originSite))" } ?? item.originSite)
        return values
    }

    private func days(_ items: [PublishedItem]) -> [(key: String, label: String, items: [PublishedItem])] {
        var days: [(key: String, label: String, items: [PublishedItem])] = []
        for item in items {
            let key = String(ISO8601Formatting.string(from: item.published).prefix(10))
            if days.last?.key == key { days[days.count - 1].items.append(item) } else { days.append((key, Self.dayLabel(item.published), [item])) }
        }
        return days
    }

    static func dayLabel(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
        let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(weekdays[(parts.weekday ?? 1) - 1]) \(parts.day ?? 1) \(months[(parts.month ?? 1) - 1]) \(parts.year ?? 1970)"
    }

    /// JSON Feed 1.1, each item's provenance record as the `_provenance` extension.
    private func jsonFeed(_ items: [PublishedItem]) -> [UInt8] {
        var feed = JSONObjectBuilder()
        feed.add("version", "https://jsonfeed.org/version/1.1")
        feed.add("title", publish.title)
        feed.add("home_page_url", publish.siteURL)
        feed.add("feed_url", publish.siteURL + "feed.json")
        feed.add("items", array: items.map { item in
            var object = JSONObjectBuilder()
            object.add("id", item.id)
            object.add("url", item.link)
            object.add("external_url", item.viaLink)
            object.add("title", item.title)
            object.add("content_html", item.contentHTML)
            object.add("content_text", item.contentHTML == nil ? (item.excerpt ?? "") : nil)
            object.add("date_published", ISO8601Formatting.string(from: item.published))
            object.add("date_modified", ISO8601Formatting.string(from: item.updated))
            object.add("authors", array: item.author.map { [.object([("name", .string($0))])] } ?? [])
            object.add("_provenance", FeedDocument.provenance(item.record))
            return object.value
        }, always: true)
        return Array((feed.value.serialized(pretty: true) + "\n").utf8)
    }
}

/// The built-in templates: the package's resources, which SwiftPM puts in
/// `feeds_Publish.resources` beside the binary. Found from the binary's real
/// path (not through `Bundle.module`, which stops the program when the
/// folder is missing), so that an installed binary says what to copy.
enum BuiltInTemplates {
    static let bundleName = "feeds_Publish.resources"

    static func folder() throws(PublishError) -> URL {
        let binary = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent()
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            binary.appendingPathComponent(bundleName),
            binary.deletingLastPathComponent().appendingPathComponent("share/feeds/\(bundleName)"),
        ]
        for bundle in candidates {
            let templates = bundle.appendingPathComponent("Templates")
            if FileManager.default.fileExists(atPath: templates.appendingPathComponent("index.html.mustache").path) { return templates }
        }
        throw PublishError("the built-in templates are not installed: copy \(bundleName) from the build folder beside "
                           + "\(binary.appendingPathComponent("feeds").path) (README, \"Installing the binary\")")
    }
}

/// Text bound for XML: the characters XML 1.0 cannot carry (most C0
/// controls, lone surrogates cannot occur in a String, U+FFFE/U+FFFF) are
/// dropped, so that escaping by the template engine is all it needs.
enum XMLText {
    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isForbidden) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter { !isForbidden($0) })
        return String(scalars)
    }

    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0xFFFE || scalar.value == 0xFFFF
    }
}

/// A licence URL as people name it: "CC BY-ND 4.0" for
/// creativecommons.org/licenses/by-nd/4.0/, "CC0 1.0" for the public-domain
/// dedication; any other licence is "licence".
enum LicenseName {
    static func of(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host?.lowercased(),
              host == "creativecommons.org" || host.hasSuffix(".creativecommons.org") else { return "licence" }
        let parts = components.path.split(separator: "/").map(String.init)
        if parts.count >= 2, parts[0] == "licenses" {
            return "CC " + parts[1].uppercased() + (parts.count >= 3 ? " " + parts[2] : "")
        }
        if parts.count >= 2, parts[0] == "publicdomain" {
            return parts[1] == "zero" ? "CC0" + (parts.count >= 3 ? " " + parts[2] : "") : "Public Domain Mark"
        }
        return "licence"
    }
}

/// Why the site could not be written, in plain words.
public struct PublishError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
