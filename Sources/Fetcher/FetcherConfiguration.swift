/// How the fetcher behaves towards servers, and what it will not take from them.
public struct FetcherConfiguration: Sendable {
    /// Transfers at once, over all hosts.
    public var maximumTransfers = 16
    /// Transfers at once to one host.
    public var maximumPerHost = 2
    public var userAgent = FetcherConfiguration.defaultUserAgent
    public var connectTimeoutSeconds = 15
    /// The whole transfer, redirects included.
    public var totalTimeoutSeconds = 60
    /// A transfer slower than this many bytes per second for `lowSpeedSeconds` is dropped (slowloris).
    public var lowSpeedBytesPerSecond = 512
    public var lowSpeedSeconds = 20
    /// After decompression: a gzip bomb stops here.
    public var maximumBodyBytes = 10 * 1024 * 1024
    public var maximumHeaderBytes = 64 * 1024
    public var maximumRedirects = 5

    public static let defaultUserAgent = "feeds/0.1 (+https://github.com/feeds-project/feeds; RSS/Atom aggregator)"

    /// The media types of feeds, most specific first.
    static let accept = "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, "
        + "application/xml;q=0.8, text/xml;q=0.8, application/json;q=0.7, */*;q=0.5"

    public init() {}
}
