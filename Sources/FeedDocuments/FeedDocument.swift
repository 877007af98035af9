import FeedModel
import FeedParser
import Foundation

/// The normalized document of docs/feed-json.md.
public enum FeedDocument {
    /// The document, with each item's provenance record when given (one per item).
    public static func json(_ feed: ParsedFeed, provenance: [ProvenanceRecord] = []) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("format", feed.format.rawValue)
        object.add("title", feed.title)
        object.add("link", feed.link)
        object.add("self_url", feed.selfURL)
        object.add("description", feed.description)
        object.add("language", feed.language)
        object.add("rights", feed.rights)
        object.add("generator", feed.generator)
        object.add("authors", array: feed.authors.map(person))
        object.add("updated", feed.updated.map(ISO8601Formatting.string(from:)))
        object.add("image", feed.image)
        object.add("ttl_minutes", feed.schedule.ttlMinutes)
        let items = feed.items.enumerated().map { index, entry in
            item(entry, provenance: index < provenance.count ? provenance[index] : nil)
        }
        object.add("items", array: items, always: true)
        object.add("warnings", array: feed.warnings.map { .string($0.description) }, always: true)
        return object.value
    }

    public static func item(_ item: ParsedItem, provenance: ProvenanceRecord? = nil) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("id", item.id)
        object.add("link", item.link)
        object.add("title", item.title)
        object.add("summary", item.summary)
        object.add("content", item.content)
        object.add("text", item.text)
        object.add("authors", array: item.authors.map(person))
        object.add("published", item.published.map(ISO8601Formatting.string(from:)))
        object.add("updated", item.updated.map(ISO8601Formatting.string(from:)))
        object.add("categories", array: item.categories.map { .string($0) })
        object.add("enclosures", array: item.enclosures.map { enclosure in
            var entry = JSONObjectBuilder()
            entry.add("url", enclosure.url)
            entry.add("type", enclosure.type)
            entry.add("length", enclosure.length)
            return entry.value
        })
        object.add("comments", item.comments)
        if let source = item.source {
            var entry = JSONObjectBuilder()
            entry.add("url", source.url)
            entry.add("title", source.title)
            entry.add("link", source.link)
            entry.add("id", source.id)
            entry.add("rights", source.rights)
            entry.add("authors", array: source.authors.map(person))
            if !entry.members.isEmpty { object.add("source", entry.value) }
        }
        object.add("rights", item.rights)
        object.add("provenance", provenance.map(Self.provenance))
        return object.value
    }

    /// The provenance object of docs/provenance.md, plus the item's fingerprint.
    public static func provenance(_ record: ProvenanceRecord) -> JSONValue {
        var object = JSONObjectBuilder()
        var origin = JSONObjectBuilder()
        origin.add("url", record.origin.url)
        origin.add("site", record.origin.site)
        origin.add("name", record.origin.name)
        object.add("origin", origin.value)
        if let republisher = record.republisher {
            var entry = JSONObjectBuilder()
            entry.add("site", republisher.site)
            entry.add("feed_url", republisher.feedURL)
            entry.add("removal_contact", republisher.removalContact)
            object.add("republisher", entry.value)
        }
        if let rights = record.rights {
            var entry = JSONObjectBuilder()
            entry.add("notice", rights.notice)
            entry.add("holder", rights.holder)
            entry.add("license", rights.license)
            entry.add("inherited", rights.inherited)
            object.add("rights", entry.value)
        }
        object.add("author", record.author)
        object.add("method", record.method.rawValue)
        object.add("confidence", record.confidence)
        object.add("signals", array: record.signals.map { signal in
            var entry = JSONObjectBuilder()
            entry.add("kind", signal.kind)
            entry.add("value", signal.value)
            entry.add("evidence", signal.evidence)
            return entry.value
        }, always: true)
        object.add("fingerprint", record.fingerprint.description)
        if let verification = record.verification {
            var entry = JSONObjectBuilder()
            entry.add("status", verification.status.rawValue)
            entry.add("url", verification.url)
            entry.add("checked", ISO8601Formatting.string(from: verification.checked))
            entry.add("detail", verification.detail)
            object.add("verified", entry.value)
        }
        return object.value
    }

    static func person(_ person: ParsedPerson) -> JSONValue {
        var object = JSONObjectBuilder()
        object.add("name", person.name)
        object.add("email", person.email)
        object.add("uri", person.uri)
        return object.value
    }
}
