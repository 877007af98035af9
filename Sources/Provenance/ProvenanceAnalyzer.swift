import Foundation
import FeedModel

/// Decides, for every item of a parsed feed, its origin, rights and
/// republisher from the item's metadata, by the precedence of
/// spec/provenance.md. Pure: the only input besides the feed is the address
/// it was fetched from.
///
/// Still to come (issue 3): attribution footers written into the content,
/// and fingerprint matches across feeds (with the store).
public struct ProvenanceAnalyzer: Sendable {
    private let suffixes: PublicSuffixList

    public init(suffixes: PublicSuffixList = .shared) {
        self.suffixes = suffixes
    }

    public func analyze(_ feed: ParsedFeed, fetchedFrom: String? = nil) -> [ProvenanceRecord] {
        let channel = ChannelIdentity(feed: feed, fetchedFrom: fetchedFrom, suffixes: suffixes)
        return feed.items.map { record(for: $0, channel: channel) }
    }

    struct ChannelIdentity {
        var site: String?
        var feedURL: String?
        var rights: String?

        init(feed: ParsedFeed, fetchedFrom: String?, suffixes: PublicSuffixList) {
            feedURL = feed.selfURL ?? fetchedFrom
            site = [feed.link, feed.selfURL, fetchedFrom].lazy.compactMap { $0 }.compactMap { SiteAddress.site(of: $0, suffixes: suffixes) }.first
            rights = feed.rights
        }
    }

    private struct Candidate {
        var method: ProvenanceMethod
        var origin: ProvenanceOrigin
        var confidence: Double
    }

    func record(for item: ParsedItem, channel: ChannelIdentity) -> ProvenanceRecord {
        var signals: [ProvenanceSignal] = []
        var candidates: [Candidate] = []
        let itemSite = item.link.flatMap { SiteAddress.site(of: $0, suffixes: suffixes) }

        if let source = item.source, source.url != nil || source.link != nil || source.id != nil {
            let feedAddress = source.url ?? source.link ?? source.id ?? ""
            signals.append(ProvenanceSignal(kind: "item.source", value: feedAddress, evidence: source.title))
            let site = [source.link, source.url, source.id].lazy.compactMap { $0 }.compactMap { SiteAddress.site(of: $0, suffixes: self.suffixes) }.first
            if let site {
                // The source names the origin feed; the article is the item's link when it is on that site.
                let article = itemSite == site ? item.link : nil
                candidates.append(Candidate(method: .sourceElement, origin: ProvenanceOrigin(url: article, site: site, name: source.title), confidence: 0.95))
            }
        }
        if let via = item.viaLink {
            signals.append(ProvenanceSignal(kind: "item.via", value: via))
            if let site = SiteAddress.site(of: via, suffixes: suffixes), site != channel.site {
                candidates.append(Candidate(method: .viaLink, origin: ProvenanceOrigin(url: via, site: site), confidence: 0.9))
            }
        }
        if let dcSource = item.dcSource {
            signals.append(ProvenanceSignal(kind: "item.dc-source", value: dcSource))
            if let site = SiteAddress.site(of: dcSource, suffixes: suffixes), site != channel.site {
                candidates.append(Candidate(method: .dcSource, origin: ProvenanceOrigin(url: dcSource, site: site), confidence: 0.85))
            }
        }
        if let link = item.link, let site = itemSite, let channelSite = channel.site, site != channelSite {
            signals.append(ProvenanceSignal(kind: "item.foreign-permalink", value: link, evidence: "the item links to \(site), the feed is \(channelSite)"))
            candidates.append(Candidate(method: .foreignPermalink, origin: ProvenanceOrigin(url: link, site: site), confidence: 0.7))
        }

        let rights = self.rights(for: item, channel: channel, signals: &signals)
        let author = item.authors.lazy.compactMap { $0.name ?? $0.email }.first
        let fingerprint = SimHash.fingerprint(of: item.text ?? item.title ?? "")

        guard let winner = candidates.first else {
            return ProvenanceRecord(
                origin: ProvenanceOrigin(url: item.link, site: channel.site ?? itemSite), republisher: nil, rights: rights,
                author: author, method: .own, confidence: 0.7, signals: signals, fingerprint: fingerprint)
        }
        return ProvenanceRecord(
            origin: winner.origin, republisher: ProvenanceRepublisher(site: channel.site, feedURL: channel.feedURL),
            rights: rights, author: author, method: winner.method, confidence: winner.confidence, signals: signals,
            fingerprint: fingerprint)
    }

    /// Item-level rights first, then the origin feed's (an Atom source's);
    /// only then the carrying channel's notice, marked inherited.
    private func rights(for item: ParsedItem, channel: ChannelIdentity, signals: inout [ProvenanceSignal]) -> ProvenanceRights? {
        let marks = item.rightsMarks
        if let notice = item.rights { signals.append(ProvenanceSignal(kind: "rights.item", value: notice)) }
        if let holder = marks.holder { signals.append(ProvenanceSignal(kind: "rights.holder", value: holder)) }
        for license in marks.licenses { signals.append(ProvenanceSignal(kind: "rights.license", value: license)) }
        for credit in marks.credits { signals.append(ProvenanceSignal(kind: "rights.credit", value: credit)) }
        if let sourceRights = item.source?.rights { signals.append(ProvenanceSignal(kind: "rights.source-feed", value: sourceRights)) }
        if let channelRights = channel.rights { signals.append(ProvenanceSignal(kind: "rights.channel", value: channelRights)) }

        let license = marks.licenses.first
        if let notice = item.rights ?? marks.mediaCopyright ?? item.source?.rights {
            return ProvenanceRights(notice: notice, holder: marks.holder ?? Self.holder(in: notice), license: license, inherited: false)
        }
        if marks.holder != nil || license != nil {
            return ProvenanceRights(notice: nil, holder: marks.holder, license: license, inherited: false)
        }
        if let notice = channel.rights {
            return ProvenanceRights(notice: notice, holder: Self.holder(in: notice), license: nil, inherited: true)
        }
        return nil
    }

    /// The holder named by a copyright line: "© 2025 Example Media. All rights
    /// reserved." → "Example Media".
    static func holder(in notice: String) -> String? {
        var words = notice.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        let marks: Set<String> = ["©", "(c)", "(C)", "copyright", "Copyright", "COPYRIGHT", "&copy;"]
        while let first = words.first, marks.contains(first) || first.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "–" || $0 == "," }) {
            words.removeFirst()
        }
        var holder = words.joined(separator: " ")
        for ending in [". All rights reserved.", ", all rights reserved.", " All rights reserved.", ". All Rights Reserved.", " All Rights Reserved", "."] where holder.hasSuffix(ending) {
            holder.removeLast(ending.count)
        }
        holder = holder.trimmingCharacters(in: .whitespaces.union(.punctuationCharacters))
        return holder.isEmpty ? nil : holder
    }
}
