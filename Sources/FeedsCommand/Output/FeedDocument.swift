import FeedModel
import FeedParser
import Foundation

/// The normalized document of spec/feed-json.md.
public enum FeedDocument {
    public static func json(_ feed: ParsedFeed) -> JSONValue {
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
        object.add("items", array: feed.items.map(item), always: true)
        object.add("warnings", array: feed.warnings.map { .string($0.description) }, always: true)
        return object.value
    }

    public static func item(_ item: ParsedItem) -> JSONValue {
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
