import Foundation
import Provenance

/// What one removal request covers: exactly one of these.
public enum RemovalScope: Sendable, Equatable {
    /// Everything whose origin is this site (registrable domain).
    case origin(site: String)
    /// One article: an item URL or an origin URL, normalized.
    case url(String)
    /// One author's articles from one origin site.
    case author(name: String, site: String)
    /// Everything one feed carries.
    case feed(name: String)
    /// One stored item (by store number or id) and, from then on, its article anywhere.
    case item(String)

    /// A scope from what the user typed, validated: a malformed site or URL is an error.
    public static func parse(origin: String?, url: String?, author: String?, feed: String?, item: String?) throws(RemovalError) -> RemovalScope {
        let given = [origin != nil && author == nil, url != nil, author != nil, feed != nil, item != nil].filter { $0 }.count
        guard given == 1 else {
            throw RemovalError(given == 0
                ? "give exactly one scope: --origin SITE, --url URL, --author NAME --origin SITE, --feed NAME or --item ID"
                : "give exactly one scope, not several (--author takes --origin as its site)")
        }
        if let author {
            guard let origin else { throw RemovalError("--author needs --origin SITE: whose author it is") }
            guard !author.trimmingCharacters(in: .whitespaces).isEmpty else { throw RemovalError("--author is empty") }
            guard !author.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw RemovalError("--author contains control characters")
            }
            return .author(name: author.trimmingCharacters(in: .whitespaces), site: try site(origin))
        }
        if let origin { return .origin(site: try site(origin)) }
        if let url {
            guard let normalized = SiteAddress.normalize(url), SiteAddress.site(of: url) != nil else {
                throw RemovalError("--url \"\(url)\" is not an http(s) URL")
            }
            return .url(normalized)
        }
        if let feed {
            guard !feed.isEmpty else { throw RemovalError("--feed is empty") }
            return .feed(name: feed)
        }
        guard let item, !item.isEmpty else { throw RemovalError("--item is empty") }
        guard !item.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw RemovalError("--item contains control characters")
        }
        return .item(item)
    }

    private static func site(_ text: String) throws(RemovalError) -> String {
        // A site is a host name or an http(s) URL: nothing else is recorded,
        // or shown back as a rule it does not match.
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let host = trimmed.contains("://") ? URLComponents(string: trimmed).flatMap { components in
            ["http", "https"].contains(components.scheme?.lowercased() ?? "") ? components.host : nil
        } : trimmed.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)
        guard let host, SiteAddress.isHostName(host), let site = SiteAddress.site(named: trimmed), site.contains(".") else {
            throw RemovalError("--origin \"\(text)\" is not a site: give a domain such as example.org")
        }
        return site
    }

    public var description: String {
        switch self {
        case .origin(let site): return "origin \(site)"
        case .url(let url): return "url \(url)"
        case .author(let name, let site): return "author \"\(name)\" of \(site)"
        case .feed(let name): return "feed \(name)"
        case .item(let id): return "item \(id)"
        }
    }
}

public struct RemovalError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
