/// How a document is read: where it came from and how far it may go.
public struct FeedParserOptions: Sendable {
    /// The address the document was fetched from, for relative links.
    public var baseURL: String?
    /// The charset of the HTTP `Content-Type`, which outranks the XML declaration.
    public var httpCharset: String?
    public var limits: FeedParserLimits

    public init(baseURL: String? = nil, httpCharset: String? = nil, limits: FeedParserLimits = FeedParserLimits()) {
        self.baseURL = baseURL
        self.httpCharset = httpCharset
        self.limits = limits
    }
}

/// Bounds that a hostile document cannot get past. Hitting one cuts the
/// document or the field with a warning; what was read before is kept.
public struct FeedParserLimits: Sendable {
    /// Bytes of document read; the rest is ignored.
    public var maxDocumentBytes: Int
    /// Bytes of one text field (a title, a content body).
    public var maxFieldBytes: Int
    /// Element nesting the builder follows (libxml2 itself stops at 256).
    public var maxDepth: Int
    public var maxWarnings: Int

    public init(maxDocumentBytes: Int = 32 << 20, maxFieldBytes: Int = 4 << 20, maxDepth: Int = 128, maxWarnings: Int = 100) {
        self.maxDocumentBytes = maxDocumentBytes
        self.maxFieldBytes = maxFieldBytes
        self.maxDepth = maxDepth
        self.maxWarnings = maxWarnings
    }
}

public enum FeedParserError: Error, Equatable, CustomStringConvertible {
    /// Nothing in the document could be recognised as a feed.
    case unrecognized(String)

    public var description: String {
        switch self {
        case .unrecognized(let why): return why
        }
    }
}
