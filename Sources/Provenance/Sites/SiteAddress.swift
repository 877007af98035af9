import Foundation

/// URLs as provenance compares them: two addresses of one article compare
/// equal after normalization, and every URL names a site (its registrable domain).
public enum SiteAddress {
    /// Query parameters that only track a click, never select content.
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_ga", "ref_src", "spm",
    ]

    /// Lower-case scheme and host, `www.` and default ports dropped, `http`
    /// folded into `https`, tracking parameters and the fragment removed, and
    /// no trailing slash on the path. Nil for anything that is not http(s).
    public static func normalize(_ address: String) -> String? {
        guard var components = URLComponents(string: address.trimmingCharacters(in: .whitespacesAndNewlines)),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              var host = components.host?.lowercased(), !host.isEmpty else { return nil }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        while host.hasSuffix(".") { host.removeLast() }
        components.scheme = "https"
        components.host = host
        if components.port == 80 || components.port == 443 { components.port = nil }
        components.fragment = nil
        components.user = nil
        components.password = nil
        if let items = components.queryItems {
            let kept = items.filter { item in
                let name = item.name.lowercased()
                return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
            }
            components.queryItems = kept.isEmpty ? nil : kept
        }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        components.percentEncodedPath = path
        return components.string
    }

    /// The registrable domain of a URL's host (`https://news.example.co.uk/x` → `example.co.uk`).
    public static func site(of address: String, suffixes: PublicSuffixList = .shared) -> String? {
        guard let host = URLComponents(string: address.trimmingCharacters(in: .whitespacesAndNewlines))?.host,
              !host.isEmpty else { return nil }
        return suffixes.registrableDomain(ofHost: host)
    }

    /// A site named by the user (`www.Example.com`, `news.example.com`,
    /// `https://example.com/x`) as its registrable domain.
    public static func site(named text: String, suffixes: PublicSuffixList = .shared) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.contains("://") { return site(of: trimmed, suffixes: suffixes) }
        let host = trimmed.split(separator: "/").first.map(String.init) ?? trimmed
        guard host.contains("."), !host.contains(" ") else { return nil }
        return suffixes.registrableDomain(ofHost: host)
    }
}

extension SiteAddress {
    /// A host name as a person types it: dot-separated labels of letters
    /// (any script, for internationalised names), digits and inner hyphens,
    /// at most 63 characters each, and a trailing dot at most. No spaces,
    /// control characters or punctuation.
    public static func isHostName(_ text: String) -> Bool {
        var labels = text.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count > 1, labels.last?.isEmpty == true { labels.removeLast() }
        guard labels.count >= 2, text.utf8.count <= 253 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                && label.unicodeScalars.allSatisfy { $0 == "-" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
        }
    }

    /// True for a site's front page (`https://example.org/`), which names a
    /// site but no article.
    public static func isHomePage(_ address: String) -> Bool {
        guard let components = URLComponents(string: address) else { return true }
        return components.path.count <= 1 && components.query == nil
    }
}
