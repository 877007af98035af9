import FeedModel
import Foundation
import GRDB
import Provenance

/// How a parsed item and its provenance map to an `items` row, and back.
enum ItemColumns {
    /// Texts shorter than this fingerprint too loosely to match across feeds.
    static let minimumMatchableText = 200

    struct Person: Codable {
        var name: String?
        var email: String?
        var uri: String?
    }

    struct Enclosure: Codable {
        var url: String
        var type: String?
        var length: Int64?
    }

    static func json<T: Encodable>(_ value: T) -> String? {
        guard let data = try? JSONEncoder().encode(value) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// What decides whether a stored item changed: its content, not when we saw it.
    static func contentHash(_ item: ParsedItem) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String?) {
            // Over the contiguous bytes: iterating the UTF-8 view was 2.7 % of a cold sync's CPU.
            var copy = text ?? "\u{0}"
            copy.withUTF8 { bytes in
                for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            }
            hash = (hash ^ 0x1F) &* 0x0000_0100_0000_01B3
        }
        mix(item.link)
        mix(item.title)
        mix(item.summary)
        mix(item.content)
        mix(item.published.map { String($0.timeIntervalSince1970) })
        mix(item.updated.map { String($0.timeIntervalSince1970) })
        for author in item.authors { mix(author.name); mix(author.email) }
        mix(item.categories.joined(separator: "\u{1}"))
        for enclosure in item.enclosures { mix(enclosure.url) }
        mix(item.rights)
        return Int64(bitPattern: hash)
    }

    /// Column values of an item row, in `names` order.
    static let names = [
        "link", "title", "summary", "content", "text", "authors", "categories", "enclosures", "comments", "rights",
        "published", "updated", "content_hash", "origin_url", "origin_url_key", "link_key", "origin_site", "origin_name",
        "rights_notice", "rights_holder", "rights_license", "rights_inherited", "author", "republisher_site",
        "republisher_feed_url", "removal_contact", "method", "confidence", "fingerprint", "band0", "band1", "band2", "band3", "sketch", "verification",
    ]

    static func values(_ item: ParsedItem, _ provenance: ProvenanceRecord) -> [(any DatabaseValueConvertible)?] {
        let bands = provenance.fingerprint.bands
        return [
            item.link, item.title, CompressedText.stored(item.summary), CompressedText.stored(item.content), CompressedText.stored(item.text),
            item.authors.isEmpty ? nil : json(item.authors.map { Person(name: $0.name, email: $0.email, uri: $0.uri) }),
            item.categories.isEmpty ? nil : json(item.categories),
            item.enclosures.isEmpty ? nil : json(item.enclosures.map { Enclosure(url: $0.url, type: $0.type, length: $0.length) }),
            item.comments, item.rights,
            item.published?.timeIntervalSince1970, item.updated?.timeIntervalSince1970, contentHash(item),
            provenance.origin.url, provenance.origin.url.flatMap(SiteAddress.normalize), item.link.flatMap(SiteAddress.normalize),
            provenance.origin.site, provenance.origin.name,
            provenance.rights?.notice, provenance.rights?.holder, provenance.rights?.license, provenance.rights.map { $0.inherited },
            provenance.author, provenance.republisher?.site, provenance.republisher?.feedURL, provenance.republisher?.removalContact,
            provenance.method.rawValue, provenance.confidence, Int64(bitPattern: provenance.fingerprint.value),
            Int64(bands[0]), Int64(bands[1]), Int64(bands[2]), Int64(bands[3]), provenance.sketch.map { Data($0.bytes) },
            provenance.verification.map { json(Verification(status: $0.status.rawValue, url: $0.url, checked: $0.checked.timeIntervalSince1970,
                                                            detail: $0.detail)) },
        ]
    }

    struct Verification: Codable {
        var status: String
        var url: String
        var checked: Double
        var detail: String
    }

    static func verification(_ row: Row) -> ProvenanceVerification? {
        guard let stored = decode(Verification.self, row["verification"]), let status = ProvenanceVerification.Status(rawValue: stored.status) else {
            return nil
        }
        return ProvenanceVerification(status: status, url: stored.url, checked: Date(timeIntervalSince1970: stored.checked), detail: stored.detail)
    }

    static func sketch(_ row: Row) -> ShingleSketch? {
        (row["sketch"] as Data?).flatMap { ShingleSketch(bytes: Array($0)) }
    }

    static func fingerprint(_ row: Row) -> Fingerprint { Fingerprint(UInt64(bitPattern: row["fingerprint"])) }

    static func storedItem(_ row: Row, signals: [ProvenanceSignal]) -> StoredItem {
        var item = ParsedItem(id: row["guid"], link: row["link"], title: row["title"],
                              summary: CompressedText.text(row["summary"]), content: CompressedText.text(row["content"]),
                              text: CompressedText.text(row["text"]))
        item.authors = (decode([Person].self, row["authors"]) ?? []).map { ParsedPerson(name: $0.name, email: $0.email, uri: $0.uri) }
        item.categories = decode([String].self, row["categories"]) ?? []
        item.enclosures = (decode([Enclosure].self, row["enclosures"]) ?? []).map { ParsedEnclosure(url: $0.url, type: $0.type, length: $0.length) }
        item.comments = row["comments"]
        item.rights = row["rights"]
        item.published = (row["published"] as Double?).map(Date.init(timeIntervalSince1970:))
        item.updated = (row["updated"] as Double?).map(Date.init(timeIntervalSince1970:))
        let rightsInherited: Bool? = row["rights_inherited"]
        let rights = rightsInherited.map { inherited in
            ProvenanceRights(notice: row["rights_notice"], holder: row["rights_holder"], license: row["rights_license"], inherited: inherited)
        }
        let republisherSite: String? = row["republisher_site"]
        let republisherFeed: String? = row["republisher_feed_url"]
        let method = ProvenanceMethod(rawValue: row["method"]) ?? .own
        let republisher = method == .own ? nil : ProvenanceRepublisher(site: republisherSite, feedURL: republisherFeed, removalContact: row["removal_contact"])
        var provenance = ProvenanceRecord(
            origin: ProvenanceOrigin(url: row["origin_url"], site: row["origin_site"], name: row["origin_name"]),
            republisher: republisher, rights: rights, author: row["author"], method: method, confidence: row["confidence"],
            signals: signals, fingerprint: Fingerprint(UInt64(bitPattern: row["fingerprint"])), sketch: sketch(row))
        provenance.verification = verification(row)
        let removal = (row["removed_at"] as Double?).map { RemovalMark(at: Date(timeIntervalSince1970: $0), request: row["removal_request"] ?? "") }
        return StoredItem(storeID: row["id"], feed: row["feed_name"], item: item, provenance: provenance,
                          firstSeen: Date(timeIntervalSince1970: row["first_seen"]), matchedItemID: row["matched_item_id"],
                          unattributed: row["unattributed"], removal: removal, carrierSite: row["carrier_site"])
    }
}
