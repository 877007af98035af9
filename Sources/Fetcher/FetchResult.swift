import Foundation

/// What became of one request. Every server behaviour is data here, never
/// a thrown error, so one bad feed never stops the others.
public struct FetchResult: Sendable {
    public var request: FetchRequest
    public var outcome: FetchOutcome
    /// The HTTP status of the last response, when there was one.
    public var status: Int?
    /// The address the last response came from, after redirects.
    public var finalURL: String
    public var redirects: Int
    /// True when there were redirects and every one was permanent (301/308):
    /// the feed has moved, and sync may adopt `finalURL`.
    public var movedPermanently: Bool
    /// The validators to send next time: the newest response's, else the ones sent.
    public var validators: Validators
    public var contentType: String?
    /// The charset of `Content-Type`, for the parser.
    public var charset: String?
    /// `Cache-Control: max-age`, in seconds.
    public var maxAge: Int?
    /// `Expires`.
    public var expires: Date?
    public var elapsed: Duration
    /// `Content-Location`, resolved against `finalURL`: where this representation
    /// lives, the base of its relative links.
    public var contentLocation: String?

    /// The base for the document's relative links: Content-Location when given, else the final address.
    public var documentBase: String { contentLocation ?? finalURL }

    public init(request: FetchRequest, outcome: FetchOutcome, status: Int? = nil, finalURL: String, redirects: Int = 0,
                movedPermanently: Bool = false, validators: Validators, contentType: String? = nil, charset: String? = nil,
                maxAge: Int? = nil, expires: Date? = nil, elapsed: Duration = .zero) {
        self.request = request
        self.outcome = outcome
        self.status = status
        self.finalURL = finalURL
        self.redirects = redirects
        self.movedPermanently = movedPermanently
        self.validators = validators
        self.contentType = contentType
        self.charset = charset
        self.maxAge = maxAge
        self.expires = expires
        self.elapsed = elapsed
    }
}

public enum FetchOutcome: Sendable, Equatable {
    /// 2xx with its body, decompressed.
    case fetched(body: [UInt8])
    /// 304: the stored copy is current; no body.
    case notModified
    /// 410: the publisher removed the feed for good.
    case gone
    /// 429 or 503, with `Retry-After` when the server gave one.
    case throttled(status: Int, retryAfter: Date?)
    /// Any other 4xx or 5xx (or a 3xx without a usable Location).
    case httpError(status: Int)
    case failed(FetchFailure)
}

/// Why a transfer failed, named plainly for the operator.
public enum FetchFailure: Sendable, Equatable, CustomStringConvertible {
    case invalidURL(String)
    case dns(String)
    case connection(String)
    case tls(String)
    case timedOut(seconds: Int)
    case tooSlow(bytesPerSecond: Int, seconds: Int)
    case bodyTooLarge(limit: Int)
    case headersTooLarge(limit: Int)
    /// The body was longer or shorter than the response's Content-Length said.
    case lengthMismatch(String)
    /// The connection closed before the response headers had ended.
    case incompleteHeaders
    case tooManyRedirects(limit: Int)
    case forbiddenRedirect(String)
    case badContentEncoding(String)
    case other(String)

    public var description: String {
        switch self {
        case .invalidURL(let url): return "not an http(s) URL: \(url)"
        case .dns(let detail): return "DNS lookup failed: \(detail)"
        case .connection(let detail): return "could not connect: \(detail)"
        case .tls(let detail): return "TLS failed: \(detail)"
        case .timedOut(let seconds): return "timed out after \(seconds) s"
        case .tooSlow(let rate, let seconds): return "too slow: under \(rate) bytes/s for \(seconds) s"
        case .bodyTooLarge(let limit): return "body larger than \(limit) bytes (after decompression)"
        case .headersTooLarge(let limit): return "response headers larger than \(limit) bytes"
        case .lengthMismatch(let detail): return "the body does not match its Content-Length (\(detail)); nothing was kept"
        case .incompleteHeaders: return "the server closed the connection before the response headers ended"
        case .tooManyRedirects(let limit): return "more than \(limit) redirects"
        case .forbiddenRedirect(let detail): return "redirect to a scheme other than http or https: \(detail)"
        case .badContentEncoding(let detail): return "undecodable body: \(detail)"
        case .other(let detail): return detail
        }
    }
}
