import FeedModel
import Foundation
import Provenance

/// The standing rules of every request not revoked, as sync applies them to
/// each parsed item before anything is stored: by origin site, URL, author,
/// feed, and fingerprint within distance 3 of a purged article.
public struct RemovalRules: Sendable {
    private var origins: [String: String] = [:]
    private var urls: [String: String] = [:]
    private var authors: [String: String] = [:]
    private var feeds: [String: String] = [:]
    /// Item ids (guids) of item requests, in any feed.
    private var itemIDs: [String: String] = [:]
    /// Purged fingerprints by each 16-bit band: copies within distance 3 share one.
    private var bands: [[UInt16: [(fingerprint: Fingerprint, request: String)]]] = Array(repeating: [:], count: 4)
    /// Purged short texts' sketches by LSH band: edited copies share one.
    private var sketchBands: [Int64: [(sketch: ShingleSketch, request: String)]] = [:]
    public private(set) var activeRequests = 0
    /// Every record the rules were made from, and the shared ledger's sequence number they reach
    /// (0 without one): a sync on a shared store adds the requests recorded since.
    public private(set) var records: [LedgerRecord]
    public private(set) var ledgerSequence: Int64

    /// Items shorter than this are not matched by fingerprint (too few words to be reliable).
    public static let minimumFingerprintText = 200

    public init(records: [LedgerRecord], ledgerSequence: Int64 = 0) {
        self.records = records
        self.ledgerSequence = ledgerSequence
        let revoked = Set(records.filter { $0.kind == .revocation }.map(\.id))
        for record in records where record.kind == .request && !revoked.contains(record.id) {
            activeRequests += 1
            switch record.scope {
            case .origin(let site): origins[site] = record.id
            case .url(let url): urls[url] = record.id
            case .author(let name, let site): authors[Self.authorKey(name, site)] = record.id
            case .feed(let name): feeds[name] = record.id
            case .item(let key):
                // An item request recorded before the article was seen names it by URL or id.
                if let url = SiteAddress.normalize(key) { urls[url] = record.id } else if Int64(key) == nil { itemIDs[key] = record.id }
            case nil: break
            }
            // A feed's request keeps that feed's items out, not the article elsewhere.
            for copy in record.purged ?? [] where record.scope?.reachesCopies ?? true {
                for address in [copy.url, copy.originURL].compactMap({ $0 }) {
                    if let key = SiteAddress.normalize(address) { urls[key] = record.id }
                }
                if let hex = copy.fingerprint, let fingerprint = Fingerprint(hex: hex) {
                    for (band, value) in fingerprint.bands.enumerated() { bands[band][value, default: []].append((fingerprint, record.id)) }
                }
                if let hex = copy.sketch, let sketch = ShingleSketch(hex: hex) {
                    for band in sketch.bands { sketchBands[band, default: []].append((sketch, record.id)) }
                }
            }
        }
    }

    private static func authorKey(_ name: String, _ site: String) -> String {
        site + "\u{0}" + name.lowercased()
    }

    /// The id of the request that keeps this item out, or nil.
    public func request(covering item: ParsedItem, provenance: ProvenanceRecord, feed: String) -> String? {
        if let id = feeds[feed] { return id }
        if let id = itemIDs[item.id] { return id }
        if let site = provenance.origin.site {
            if let id = origins[site] { return id }
            if let author = provenance.author, let id = authors[Self.authorKey(author, site)] { return id }
        }
        for address in [item.link, provenance.origin.url].compactMap({ $0 }) {
            if let key = SiteAddress.normalize(address), let id = urls[key] { return id }
        }
        guard (item.text?.utf8.count ?? 0) >= Self.minimumFingerprintText else { return nil }
        for (band, value) in provenance.fingerprint.bands.enumerated() {
            if let match = bands[band][value]?.first(where: { $0.fingerprint.isSameArticle(as: provenance.fingerprint) }) {
                return match.request
            }
        }
        if let sketch = provenance.sketch {
            for band in sketch.bands {
                if let match = sketchBands[band]?.first(where: { $0.sketch.isSameArticle(as: sketch) }) { return match.request }
            }
        }
        return nil
    }
}

extension RemovalRules {
    /// The rules with the shared ledger's newer lines added (a request recorded on another machine).
    public func adding(lines: [String]) throws(RemovalError) -> RemovalRules {
        let newer = try lines.map { line throws(RemovalError) -> LedgerRecord in
            guard let record = RemovalLedger.record(fromLine: line) else {
                throw RemovalError("the removal ledger in the store holds a damaged record; refusing to store without its rules")
            }
            return record
        }
        return RemovalRules(records: records + newer, ledgerSequence: ledgerSequence)
    }
}
