import FeedModel

/// One copy of an article as the origin election weighs it: where it is
/// carried, what its own provenance says, and when it was published.
public struct CopyCandidate: Sendable, Equatable {
    /// The site (registrable domain) of the feed that carries it.
    public var site: String?
    /// Its own link, normalized (`SiteAddress.normalize`).
    public var linkKey: String?
    /// How its own provenance was decided; `self` and `fingerprint` name no other origin.
    public var method: ProvenanceMethod
    /// The origin its own provenance names.
    public var originSite: String?
    public var originURLKey: String?
    public var rightsHolder: String?
    /// Published, else first seen (seconds since 1970).
    public var time: Double

    public init(site: String?, linkKey: String?, method: ProvenanceMethod, originSite: String?, originURLKey: String?,
                rightsHolder: String?, time: Double) {
        self.site = site
        self.linkKey = linkKey
        self.method = method
        self.originSite = originSite
        self.originURLKey = originURLKey
        self.rightsHolder = rightsHolder
        self.time = time
    }

    /// Says nothing of where it came from: it claims to be its own origin.
    public var namesNoOtherOrigin: Bool { method == .own || method == .fingerprint }
}

/// Which of several copies of one article (the same text, held from different
/// sites) is the original. What the copies themselves say outranks when they
/// were published, since republishers' dates are often earlier than the
/// original's (time zones, scheduled posts, copied `pubDate`s):
///
/// 1. a copy whose link another copy names as its origin URL;
/// 2. a copy on the site another copy names as its origin, that names no
///    other origin itself;
/// 3. a copy on the site a copy's rights name as holder;
/// 4. the earliest copy that names no other origin;
/// 5. the earliest copy.
///
/// A copy that credits another site is never the origin while a copy on that
/// site is held; and the origin is never called an unattributed copy.
public enum OriginElection {
    /// The index of the origin in `copies` (which must not be empty).
    public static func origin(of copies: [CopyCandidate]) -> Int {
        precondition(!copies.isEmpty)
        let crediting = copies.filter { !$0.namesNoOtherOrigin }
        let creditedURLs = Set(crediting.compactMap(\.originURLKey))
        let creditedSites = Set(crediting.compactMap(\.originSite))
        let holders = Set(copies.compactMap { $0.rightsHolder?.lowercased() })
        let rules: [(CopyCandidate) -> Bool] = [
            { copy in copy.linkKey.map(creditedURLs.contains) ?? false },
            { copy in copy.namesNoOtherOrigin && (copy.site.map(creditedSites.contains) ?? false) },
            { copy in copy.site.map(holders.contains) ?? false },
            { copy in copy.namesNoOtherOrigin },
            { _ in true },
        ]
        for rule in rules {
            let chosen = copies.indices.filter { rule(copies[$0]) }
            if let earliest = chosen.min(by: { (copies[$0].time, $0) < (copies[$1].time, $1) }) { return earliest }
        }
        return 0
    }

    /// Whether `copy` is an unattributed copy of `origin`: it names no origin
    /// of its own, and is carried by another site than the origin's.
    public static func isUnattributed(_ copy: CopyCandidate, of origin: CopyCandidate) -> Bool {
        copy.namesNoOtherOrigin && (copy.site == nil || copy.site != origin.site)
    }
}
