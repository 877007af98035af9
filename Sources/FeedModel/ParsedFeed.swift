import Foundation

/// The syndication format a document was recognised as. Raw values are the
/// `format` strings of the normalized document (docs/feed-json.md).
public enum FeedFormat: String, Sendable, CaseIterable {
    case rss090 = "rss0.90"
    case rss091 = "rss0.91"
    case rss092 = "rss0.92"
    case rss10 = "rss1.0"
    case rss20 = "rss2.0"
    case atom03 = "atom0.3"
    case atom10 = "atom1.0"
    case jsonFeed10 = "jsonfeed1.0"
    case jsonFeed11 = "jsonfeed1.1"
    case unknown
}

/// A person named by a feed: RSS `author`/`managingEditor`, `dc:creator`,
/// Atom person constructs, JSON Feed authors.
public struct ParsedPerson: Sendable, Hashable {
    public var name: String?
    public var email: String?
    public var uri: String?

    public init(name: String? = nil, email: String? = nil, uri: String? = nil) {
        self.name = name
        self.email = email
        self.uri = uri
    }

    public var isEmpty: Bool { name == nil && email == nil && uri == nil }
}

public struct ParsedEnclosure: Sendable, Hashable {
    public var url: String
    public var type: String?
    public var length: Int64?

    public init(url: String, type: String? = nil, length: Int64? = nil) {
        self.url = url
        self.type = type
        self.length = length
    }
}

/// Where an item says it came from: RSS `<source url>` or the metadata an
/// Atom `<source>` copies from the origin feed.
public struct ParsedSource: Sendable, Hashable {
    /// The origin feed's address (RSS `source@url`, Atom source `link rel=self`).
    public var url: String?
    public var title: String?
    /// Atom source: the origin feed's `id` and `link rel=alternate` (its site).
    public var id: String?
    public var link: String?
    public var rights: String?
    public var authors: [ParsedPerson]

    public init(url: String? = nil, title: String? = nil, id: String? = nil, link: String? = nil,
                rights: String? = nil, authors: [ParsedPerson] = []) {
        self.url = url
        self.title = title
        self.id = id
        self.link = link
        self.rights = rights
        self.authors = authors
    }
}

/// Rights and licence marks found on an item, in every namespace the
/// provenance spec names. Kept apart from `rights` (the single statement the
/// normalized document shows) because provenance weighs each of them.
public struct ParsedRightsMarks: Sendable, Hashable {
    /// `dcterms:rightsHolder`.
    public var holder: String?
    /// `media:copyright`.
    public var mediaCopyright: String?
    /// `media:credit` values.
    public var credits: [String]
    /// Licence URLs: `creativeCommons:license`, `cc:license`, `media:license`,
    /// `dcterms:license`, Atom `link rel="license"`.
    public var licenses: [String]

    public init(holder: String? = nil, mediaCopyright: String? = nil, credits: [String] = [], licenses: [String] = []) {
        self.holder = holder
        self.mediaCopyright = mediaCopyright
        self.credits = credits
        self.licenses = licenses
    }

    public var isEmpty: Bool { holder == nil && mediaCopyright == nil && credits.isEmpty && licenses.isEmpty }
}

public struct ParsedItem: Sendable, Hashable {
    /// Never empty: guid / atom:id / JSON Feed id, else the link, else a stable hash.
    public var id: String
    public var link: String?
    public var title: String?
    /// Sanitized HTML.
    public var summary: String?
    /// Sanitized HTML.
    public var content: String?
    /// Visible text of `content`, else of `summary`, whitespace collapsed.
    public var text: String?
    public var authors: [ParsedPerson]
    public var published: Date?
    public var updated: Date?
    public var categories: [String]
    public var enclosures: [ParsedEnclosure]
    public var comments: String?
    public var source: ParsedSource?
    /// The item-level rights statement (`dc:rights`, Atom `rights`, `media:copyright`).
    public var rights: String?

    // Clues the normalized document does not show but provenance reads.
    /// The guid as written, and whether it is a permalink (RSS default: yes).
    public var guid: String?
    public var guidIsPermalink: Bool
    /// Atom `link rel="via"`.
    public var viaLink: String?
    /// `dc:source`.
    public var dcSource: String?
    public var rightsMarks: ParsedRightsMarks

    public init(id: String, link: String? = nil, title: String? = nil, summary: String? = nil,
                content: String? = nil, text: String? = nil, authors: [ParsedPerson] = [],
                published: Date? = nil, updated: Date? = nil, categories: [String] = [],
                enclosures: [ParsedEnclosure] = [], comments: String? = nil, source: ParsedSource? = nil,
                rights: String? = nil, guid: String? = nil, guidIsPermalink: Bool = false,
                viaLink: String? = nil, dcSource: String? = nil, rightsMarks: ParsedRightsMarks = ParsedRightsMarks()) {
        self.id = id
        self.link = link
        self.title = title
        self.summary = summary
        self.content = content
        self.text = text
        self.authors = authors
        self.published = published
        self.updated = updated
        self.categories = categories
        self.enclosures = enclosures
        self.comments = comments
        self.source = source
        self.rights = rights
        self.guid = guid
        self.guidIsPermalink = guidIsPermalink
        self.viaLink = viaLink
        self.dcSource = dcSource
        self.rightsMarks = rightsMarks
    }
}

/// Something the parser recovered from, with the line it was found on.
public struct ParseWarning: Sendable, Hashable, CustomStringConvertible {
    public var line: Int?
    public var message: String

    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }
}

/// Channel-level hints about how often a feed changes; the scheduler reads them.
public struct ParsedSchedule: Sendable, Hashable {
    public var ttlMinutes: Int?
    /// `sy:updatePeriod` / `sy:updateFrequency`, as minutes between updates.
    public var updatePeriodMinutes: Int?
    /// `skipHours` (0–23, GMT) and `skipDays` (1 = Monday … 7 = Sunday).
    public var skipHours: [Int]
    public var skipDays: [Int]

    public init(ttlMinutes: Int? = nil, updatePeriodMinutes: Int? = nil, skipHours: [Int] = [], skipDays: [Int] = []) {
        self.ttlMinutes = ttlMinutes
        self.updatePeriodMinutes = updatePeriodMinutes
        self.skipHours = skipHours
        self.skipDays = skipDays
    }
}

public struct ParsedFeed: Sendable, Hashable {
    public var format: FeedFormat
    public var title: String?
    public var link: String?
    public var selfURL: String?
    public var description: String?
    public var language: String?
    public var rights: String?
    public var generator: String?
    public var authors: [ParsedPerson]
    public var updated: Date?
    public var image: String?
    public var schedule: ParsedSchedule
    /// RSS `managingEditor` / `webMaster`, `dc:publisher`: the channel's people,
    /// which identify a republisher but never an item's origin.
    public var managingEditor: ParsedPerson?
    public var webMaster: ParsedPerson?
    public var publisher: String?
    public var items: [ParsedItem]
    public var warnings: [ParseWarning]

    public init(format: FeedFormat, title: String? = nil, link: String? = nil, selfURL: String? = nil,
                description: String? = nil, language: String? = nil, rights: String? = nil,
                generator: String? = nil, authors: [ParsedPerson] = [], updated: Date? = nil,
                image: String? = nil, schedule: ParsedSchedule = ParsedSchedule(),
                managingEditor: ParsedPerson? = nil, webMaster: ParsedPerson? = nil, publisher: String? = nil,
                items: [ParsedItem] = [], warnings: [ParseWarning] = []) {
        self.format = format
        self.title = title
        self.link = link
        self.selfURL = selfURL
        self.description = description
        self.language = language
        self.rights = rights
        self.generator = generator
        self.authors = authors
        self.updated = updated
        self.image = image
        self.schedule = schedule
        self.managingEditor = managingEditor
        self.webMaster = webMaster
        self.publisher = publisher
        self.items = items
        self.warnings = warnings
    }
}
