import Foundation

/// How the origin of an item was decided (docs/provenance.md, strongest first).
public enum ProvenanceMethod: String, Sendable, CaseIterable {
    case sourceElement = "source-element"
    case viaLink = "via-link"
    case dcSource = "dc-source"
    case foreignPermalink = "foreign-permalink"
    case footer
    case fingerprint
    case own = "self"
    /// The republisher's own article page names the original (`rel="canonical"`, `og:url`, JSON-LD) on another site.
    case pageCanonical = "page-canonical"
}

/// One clue, kept whether it decided the origin or lost, so a person can see
/// why feeds decided what it decided.
public struct ProvenanceSignal: Sendable, Hashable {
    public var kind: String
    public var value: String
    public var evidence: String?

    public init(kind: String, value: String, evidence: String? = nil) {
        self.kind = kind
        self.value = value
        self.evidence = evidence
    }
}

public struct ProvenanceOrigin: Sendable, Hashable {
    /// The original article.
    public var url: String?
    /// Its registrable domain.
    public var site: String?
    public var name: String?

    public init(url: String? = nil, site: String? = nil, name: String? = nil) {
        self.url = url
        self.site = site
        self.name = name
    }
}

public struct ProvenanceRepublisher: Sendable, Hashable {
    public var site: String?
    public var feedURL: String?
    public var removalContact: String?

    public init(site: String? = nil, feedURL: String? = nil, removalContact: String? = nil) {
        self.site = site
        self.feedURL = feedURL
        self.removalContact = removalContact
    }
}

public struct ProvenanceRights: Sendable, Hashable {
    public var notice: String?
    public var holder: String?
    public var license: String?
    /// True when the notice is the carrying channel's, not the item's own.
    public var inherited: Bool

    public init(notice: String? = nil, holder: String? = nil, license: String? = nil, inherited: Bool = false) {
        self.notice = notice
        self.holder = holder
        self.license = license
        self.inherited = inherited
    }
}

/// Whether the page at the origin carries the item's text.
public struct ProvenanceVerification: Sendable, Hashable {
    public enum Status: String, Sendable, CaseIterable {
        /// The origin's page carries the item's text.
        case sameText = "same-text"
        /// It does not: the claim is contradicted.
        case differentText = "different-text"
        /// The page could not be read (the HTTP outcome, robots.txt, no article text).
        case unreachable
    }

    public var status: Status
    /// The page checked.
    public var url: String
    public var checked: Date
    /// In words: how much of the text was found, or what stopped the fetch.
    public var detail: String

    public init(status: Status, url: String, checked: Date, detail: String) {
        self.status = status
        self.url = url
        self.checked = checked
        self.detail = detail
    }
}

/// Where an item came from, whose it is, and who carried it.
public struct ProvenanceRecord: Sendable, Hashable {
    /// Whether the other record's text is the same article as this one's.
    public func isSameArticle(as other: ProvenanceRecord) -> Bool {
        SameArticle.test(fingerprint, sketch, other.fingerprint, other.sketch)
    }

    public var origin: ProvenanceOrigin
    /// Nil when the item is its own origin.
    public var republisher: ProvenanceRepublisher?
    public var rights: ProvenanceRights?
    public var author: String?
    public var method: ProvenanceMethod
    public var confidence: Double
    public var signals: [ProvenanceSignal]
    public var fingerprint: Fingerprint
    /// For short texts only (`ShingleSketch.maximumTextBytes`), where the fingerprint alone is too coarse.
    public var sketch: ShingleSketch?
    /// What the web said when asked (`check --verify`, `trace --verify`, `verify: true`).
    public var verification: ProvenanceVerification?

    public init(origin: ProvenanceOrigin, republisher: ProvenanceRepublisher?, rights: ProvenanceRights?, author: String?,
                method: ProvenanceMethod, confidence: Double, signals: [ProvenanceSignal], fingerprint: Fingerprint,
                sketch: ShingleSketch? = nil) {
        self.sketch = sketch
        self.origin = origin
        self.republisher = republisher
        self.rights = rights
        self.author = author
        self.method = method
        self.confidence = confidence
        self.signals = signals
        self.fingerprint = fingerprint
    }
}
