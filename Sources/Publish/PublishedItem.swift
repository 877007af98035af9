import FeedModel
import FeedsConfig
import Foundation
import Provenance
import Store

/// One item as the published site shows it: whose it is, where it came from,
/// who carried it, and how much of its text. Built only from what provenance
/// established: an item whose origin is unknown is its carrier's own.
struct PublishedItem: Sendable {
    /// The Atom id, RSS guid and JSON Feed id: stable across publishes and caches.
    var id: String
    var title: String
    /// The original article when provenance knows it, else the copy we fetched.
    var link: String?
    /// The copy we fetched, when it is not the original.
    var viaLink: String?
    /// The site the article is from; the carrier's own site when nothing says otherwise.
    var originSite: String
    var originName: String?
    /// The site of the feed that carried it, when that is not the origin.
    var republisherSite: String?
    /// The feed the origin publishes, when the carrier named it (`<source url>`).
    var originFeedURL: String?
    /// A later copy that said nothing of where it came from; its origin is the fingerprint match's.
    var unattributed: Bool
    var author: String?
    var rightsNotice: String?
    var license: String?
    /// Sanitized HTML when the text is shown whole.
    var contentHTML: String?
    /// A plain-text excerpt when it is not.
    var excerpt: String?
    var published: Date
    var updated: Date
    var record: ProvenanceRecord

    /// Excerpts stop at a word boundary near this many characters.
    static let excerptLength = 280

    init(_ stored: StoredItem, show: PublishedText) {
        let item = stored.item
        let provenance = stored.provenance
        record = provenance
        id = Self.stableID(feed: stored.feed, guid: item.id)
        title = item.title.flatMap { $0.isEmpty ? nil : $0 } ?? Self.fallbackTitle(item.text)
        let carrier = stored.carrierSite ?? provenance.republisher?.site ?? item.link.flatMap { URL(string: $0)?.host } ?? stored.feed
        let knownOrigin = provenance.method != .own ? provenance.origin.site : nil
        originSite = knownOrigin ?? provenance.origin.site ?? carrier
        originName = knownOrigin == nil ? nil : provenance.origin.name
        republisherSite = knownOrigin.flatMap { $0 == carrier ? nil : carrier }
        if knownOrigin != nil, let original = provenance.origin.url {
            link = original
            viaLink = item.link == original ? nil : item.link
        } else {
            link = item.link
        }
        originFeedURL = provenance.method == .sourceElement ? provenance.signals.first { $0.kind == "item.source" }?.value : nil
        unattributed = stored.unattributed
        author = provenance.author ?? item.authors.lazy.compactMap(\.name).first
        rightsNotice = provenance.rights?.notice
        license = provenance.rights?.license
        published = item.published ?? stored.firstSeen
        updated = item.updated ?? published
        // A no-derivatives licence allows the work only unchanged: never cut to an excerpt.
        let whole = show == .full || Self.forbidsDerivatives(license)
        let html = item.content ?? item.summary
        if whole, let html, !html.isEmpty {
            contentHTML = html
        } else {
            excerpt = Self.excerpt(item.text ?? "")
        }
    }

    /// `urn:feeds:` and a hash of feed and guid: a guid is only unique within its feed.
    static func stableID(feed: String, guid: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in feed.utf8 + [0] + guid.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return "urn:feeds:item:" + String(hash, radix: 16)
    }

    static func forbidsDerivatives(_ license: String?) -> Bool {
        // https://creativecommons.org/licenses/by-nd/4.0/, by-nc-nd, or a name such as "CC BY-ND 4.0".
        guard let license = license?.lowercased().replacingOccurrences(of: " ", with: "-") else { return false }
        return license.contains("by-nd") || license.contains("by-nc-nd")
    }

    static func fallbackTitle(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "(untitled)" }
        return excerpt(text, length: 80)
    }

    static func excerpt(_ text: String, length: Int = excerptLength) -> String {
        guard text.count > length else { return text }
        let cut = text.prefix(length)
        let end = cut.lastIndex(where: \.isWhitespace) ?? cut.endIndex
        return cut[..<end].trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)) + "…"
    }

    /// What the article is called when it is grouped: its original's address, else its own.
    var articleKey: String {
        (link.flatMap(SiteAddress.normalize)) ?? id
    }
}
