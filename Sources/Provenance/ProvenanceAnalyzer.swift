import Foundation
import FeedModel

/// Decides, for every item of a parsed feed, its origin, rights and
/// republisher from the item's metadata and the attribution footers in its
/// content, by the precedence of docs/provenance.md. Pure: the only input
/// besides the feed is the address it was fetched from. Matching copies across
/// feeds by fingerprint needs the other feeds, so the store does it.
public struct ProvenanceAnalyzer: Sendable {
    private let suffixes: PublicSuffixList

    public init(suffixes: PublicSuffixList = .shared) {
        self.suffixes = suffixes
    }

    public func analyze(_ feed: ParsedFeed, fetchedFrom: String? = nil) -> [ProvenanceRecord] {
        let channel = ChannelIdentity(feed: feed, fetchedFrom: fetchedFrom, suffixes: suffixes)
        let sites = SiteNames(suffixes)
        return feed.items.map { record(for: $0, channel: channel, sites: sites).withoutRefusedURLs() }
    }

    struct ChannelIdentity {
        var site: String?
        var feedURL: String?
        var rights: String?

        init(feed: ParsedFeed, fetchedFrom: String?, suffixes: PublicSuffixList) {
            let fetchedFrom = fetchedFrom.flatMap { URLSafety.isWebBase($0) ? $0 : nil }
            // One rule everywhere: the address we fetched, which is what the operator subscribed to.
            feedURL = fetchedFrom ?? feed.selfURL
            site = [feed.link, feed.selfURL, fetchedFrom].lazy.compactMap { $0 }.compactMap { SiteAddress.site(of: $0, suffixes: suffixes) }.first
            rights = feed.rights
        }
    }

    private struct Candidate {
        var method: ProvenanceMethod
        var origin: ProvenanceOrigin
        var confidence: Double
    }

    func record(for item: ParsedItem, channel: ChannelIdentity, sites: SiteNames) -> ProvenanceRecord {
        var signals: [ProvenanceSignal] = []
        var candidates: [Candidate] = []
        let itemSite = item.link.flatMap(sites.site(of:))

        if let source = item.source, source.url != nil || source.link != nil || source.id != nil {
            let feedAddress = source.url ?? source.link ?? source.id ?? ""
            signals.append(ProvenanceSignal(kind: "item.source", value: feedAddress, evidence: source.title))
            let site = [source.link, source.url, source.id].lazy.compactMap { $0 }.compactMap(sites.site(of:)).first
            if let site {
                // The source names the origin feed; the article is the item's link when it is on that site.
                let article = itemSite == site ? item.link : nil
                if article == nil, source.link == nil, let sourceURL = source.url, Self.isFeedHost(sourceURL),
                   let link = item.link, let itemSite, itemSite != channel.site {
                    // A feed on a feed or CDN host (feeds.bbci.co.uk for bbc.co.uk, feedburner, rss.…): the
                    // article the item links to, on a site other than the republisher's, is the origin.
                    candidates.append(Candidate(method: .sourceElement, origin: ProvenanceOrigin(url: link, site: itemSite, name: source.title),
                                                confidence: 0.9))
                } else {
                    candidates.append(Candidate(method: .sourceElement, origin: ProvenanceOrigin(url: article, site: site, name: source.title),
                                                confidence: 0.95))
                }
            }
        }
        if let via = item.viaLink {
            signals.append(ProvenanceSignal(kind: "item.via", value: via))
            if let site = sites.site(of: via), site != channel.site {
                candidates.append(Candidate(method: .viaLink, origin: ProvenanceOrigin(url: via, site: site), confidence: 0.9))
            }
        }
        if let dcSource = item.dcSource {
            signals.append(ProvenanceSignal(kind: "item.dc-source", value: dcSource))
            if let site = sites.site(of: dcSource), site != channel.site {
                candidates.append(Candidate(method: .dcSource, origin: ProvenanceOrigin(url: dcSource, site: site), confidence: 0.85))
            }
        }
        if let link = item.link, let site = itemSite, let channelSite = channel.site, site != channelSite {
            signals.append(ProvenanceSignal(kind: "item.foreign-permalink", value: link, evidence: "the item links to \(site), the feed is \(channelSite)"))
            candidates.append(Candidate(method: .foreignPermalink, origin: ProvenanceOrigin(url: link, site: site), confidence: 0.7))
        }

        let content = ContentAttribution(item: item)
        for clue in content.clues {
            signals.append(ProvenanceSignal(kind: clue.kind.rawValue, value: clue.value, evidence: Self.shortened(clue.evidence)))
        }
        if let footer = footerCandidate(content.clues, channel: channel, sites: sites) { candidates.append(footer) }

        let rights = self.rights(for: item, footer: content.clues, channel: channel, republished: !candidates.isEmpty, sites: sites,
                                 signals: &signals)
        // A republished item's metadata author is often the aggregator's
        // account ("admin"); the footer's "Author:" line names the writer.
        let metadataAuthor = item.authors.lazy.compactMap { $0.name ?? $0.email }.first
        let footerAuthor = content.clues.first { $0.kind == .author }?.value
        let author = candidates.isEmpty ? metadataAuthor ?? footerAuthor : footerAuthor ?? metadataAuthor
        let removalContact = content.clues.first { $0.kind == .removalContact }?.value

        guard var winner = candidates.first else {
            return ProvenanceRecord(
                origin: ProvenanceOrigin(url: item.link, site: channel.site ?? itemSite), republisher: nil, rights: rights,
                author: author, method: .own, confidence: 0.7, signals: signals, fingerprint: content.fingerprint, sketch: content.sketch)
        }
        winner.confidence = Self.confidence(of: winner, candidates: candidates, clues: content.clues, rights: rights,
                                            footerSite: { Self.footerSite($0, sites: sites) })
        return ProvenanceRecord(
            origin: winner.origin,
            republisher: ProvenanceRepublisher(site: channel.site, feedURL: channel.feedURL, removalContact: removalContact),
            rights: rights, author: author, method: winner.method, confidence: winner.confidence, signals: signals,
            fingerprint: content.fingerprint, sketch: content.sketch)
    }

    /// The origin named by the footers: the strongest clue that points at
    /// another site than the carrying feed's (a site's own "appeared first
    /// on" footer points home and names no other origin).
    private func footerCandidate(_ clues: [FooterClue], channel: ChannelIdentity, sites: SiteNames) -> Candidate? {
        func footerSite(_ clue: FooterClue) -> String? { Self.footerSite(clue, sites: sites) }
        for kind in FooterClue.Kind.originPriority {
            for clue in clues where clue.kind == kind {
                let site = footerSite(clue)
                if let site, site == channel.site { continue }
                guard site != nil || clue.name != nil else { continue }
                // Another clue may hold the article URL or the site's name for the same site.
                let sameSite = clues.filter { $0 != clue && site != nil && footerSite($0) == site }
                let article = ([clue] + sameSite).lazy.compactMap(\.url).first { !SiteAddress.isHomePage($0) }
                let name = ([clue] + sameSite).lazy.compactMap(\.name).first { sites.site(named: $0) == nil }
                let confidence = article != nil ? 0.9 : (site != nil ? 0.8 : 0.6)
                return Candidate(method: .footer, origin: ProvenanceOrigin(url: article, site: site, name: name), confidence: confidence)
            }
        }
        return nil
    }

    /// How sure the record is: the deciding clue's own weight, raised by each
    /// independent clue that names the same site (another kind of footer
    /// line, a foreign permalink, item metadata, rights that name it). One
    /// footer link alone is 0.75; a footer with a foreign permalink and rights
    /// naming the same site about 0.9.
    private static func confidence(of winner: Candidate, candidates: [Candidate], clues: [FooterClue], rights: ProvenanceRights?,
                           footerSite: (FooterClue) -> String?) -> Double {
        guard let site = winner.origin.site else { return winner.confidence }
        var agreeing = 0
        // Other metadata or permalink candidates naming the same site.
        agreeing += candidates.filter { $0.method != winner.method && $0.origin.site == site }.count
        // Footer lines of other kinds naming the same site.
        let footerKinds = Set(clues.filter { footerSite($0) == site }.map(\.kind))
        agreeing += max(0, footerKinds.count - (winner.method == .footer ? 1 : 0))
        // Rights whose holder or notice names the site.
        let rightsText = [rights?.holder, rights?.notice].compactMap { $0?.lowercased() }.joined(separator: " ")
        let siteName = site.split(separator: ".").first.map(String.init) ?? site
        if !rightsText.isEmpty, rightsText.contains(site) || rightsText.contains(siteName) { agreeing += 1 }
        let base = winner.method == .footer ? min(winner.confidence, 0.75) : winner.confidence
        return min(0.99, base + 0.07 * Double(agreeing))
    }

    /// Whether a feed's address is on a host that serves feeds for a site
    /// elsewhere: a `feeds.`/`feed.`/`rss.` subdomain, a feed proxy, or a
    /// publisher's CDN domain.
    static func isFeedHost(_ address: String) -> Bool {
        guard let host = URLComponents(string: address)?.host?.lowercased() else { return false }
        let labels = host.split(separator: ".")
        if let first = labels.first, ["feeds", "feed", "rss", "rssfeeds", "feedproxy", "feedpress", "atom"].contains(String(first)) { return true }
        return ["feedburner.com", "feedblitz.com", "feedproxy.google.com", "feedpress.me", "bbci.co.uk", "rss.app", "fetchrss.com"]
            .contains { host == $0 || host.hasSuffix("." + $0) }
    }

    /// The site a footer clue points at: its link's, else the domain it names.
    private static func footerSite(_ clue: FooterClue, sites: SiteNames) -> String? {
        clue.url.flatMap(sites.site(of:)) ?? clue.name.flatMap(sites.site(named:))
    }

    private static func shortened(_ evidence: String) -> String {
        evidence.count <= 300 ? evidence : String(evidence.prefix(299)) + "…"
    }

    /// Item-level rights first, then the origin feed's (an Atom source's);
    /// only then the carrying channel's notice, marked inherited, and only
    /// for the channel's own items: a republisher's channel rights never
    /// apply to what it republished.
    private func rights(for item: ParsedItem, footer: [FooterClue], channel: ChannelIdentity, republished: Bool, sites: SiteNames,
                        signals: inout [ProvenanceSignal]) -> ProvenanceRights? {
        func footerSite(_ clue: FooterClue) -> String? { Self.footerSite(clue, sites: sites) }
        let marks = item.rightsMarks
        if let notice = item.rights { signals.append(ProvenanceSignal(kind: "rights.item", value: notice)) }
        if let holder = marks.holder { signals.append(ProvenanceSignal(kind: "rights.holder", value: holder)) }
        for license in marks.licenses { signals.append(ProvenanceSignal(kind: "rights.license", value: license)) }
        for credit in marks.credits { signals.append(ProvenanceSignal(kind: "rights.credit", value: credit)) }
        if let sourceRights = item.source?.rights { signals.append(ProvenanceSignal(kind: "rights.source-feed", value: sourceRights)) }
        if let channelRights = channel.rights { signals.append(ProvenanceSignal(kind: "rights.channel", value: channelRights)) }

        // A licence in the metadata, else a licence link in the footer.
        let license = marks.licenses.first ?? footer.first { $0.kind == .license }?.url
        if let notice = item.rights ?? marks.mediaCopyright ?? item.source?.rights {
            return ProvenanceRights(notice: notice, holder: marks.holder ?? Self.holder(in: notice), license: license, inherited: false)
        }
        // A notice written into the item's own content is the item's, not inherited.
        if let owner = footer.first(where: { $0.kind == .copyrightOwner }) {
            let holder = marks.holder ?? footerSite(owner) ?? owner.name
            return ProvenanceRights(notice: owner.evidence, holder: holder, license: license, inherited: false)
        }
        // "Content courtesy of <a>Site</a> … All rights reserved by the original publisher": the holder is the linked site.
        if let reserved = footer.first(where: { $0.kind == .rightsToOriginal }),
           let courtesy = footer.first(where: { $0.kind == .courtesy || $0.kind == .originalSourceLink || $0.kind == .originallyPublished }) {
            return ProvenanceRights(notice: reserved.evidence, holder: marks.holder ?? footerSite(courtesy) ?? courtesy.name, license: license,
                                    inherited: false)
        }
        if let line = footer.first(where: { $0.kind == .copyright }) {
            return ProvenanceRights(notice: line.evidence, holder: marks.holder ?? Self.holder(in: line.evidence) ?? line.name,
                                    license: license, inherited: false)
        }
        if marks.holder != nil || license != nil {
            return ProvenanceRights(notice: nil, holder: marks.holder, license: license, inherited: false)
        }
        if let notice = channel.rights, !republished {
            return ProvenanceRights(notice: notice, holder: Self.holder(in: notice), license: nil, inherited: true)
        }
        return nil
    }

    /// The holder named by a copyright line: "© 2025 Example Media. All rights
    /// reserved." → "Example Media".
    static func holder(in notice: String) -> String? {
        var words = notice.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        let marks: Set<String> = ["©", "(c)", "(C)", "copyright", "Copyright", "COPYRIGHT", "&copy;"]
        while let first = words.first, marks.contains(first) || first.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "–" || $0 == "," })
                || (first.lowercased() == "by" && words.count > 1) {
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

extension ProvenanceRecord {
    /// The record with every URL that may not leave feeds taken out
    /// (`URLSafety`): the parser already checked the item's fields, but a
    /// record is only as safe as its weakest input, and it is what every
    /// command prints and the store keeps.
    func withoutRefusedURLs() -> ProvenanceRecord {
        func checked(_ url: String?) -> String? { url.flatMap { URLSafety.isAllowed($0) ? $0 : nil } }
        var record = self
        record.origin.url = checked(origin.url)
        record.republisher?.feedURL = checked(republisher?.feedURL)
        record.republisher?.removalContact = checked(republisher?.removalContact)
        record.rights?.license = checked(rights?.license)
        // A value with white space is prose, not a URL ("Hat tip: X").
        // The byte check first: walking a String by Characters costs more than the whole URL check.
        record.signals = signals.filter { signal in
            URLSafety.isAllowed(signal.value) || signal.value.contains(where: \.isWhitespace)
        }
        return record
    }
}
