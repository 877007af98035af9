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
        plainNormalized(address) ?? componentsNormalized(address)
    }

    /// `normalize` of a plain `http(s)://host/path` address (ASCII host of
    /// letters, digits, dots and hyphens; a path of unreserved characters and
    /// slashes; nothing else), written straight from its bytes: most links are
    /// such, and URLComponents with Foundation's trimming went through NSString
    /// and cost a twentieth of a cold sync. Nil for anything else.
    static func plainNormalized(_ address: String) -> String? {
        var copy = address
        return copy.withUTF8 { bytes -> String? in
            let schemes: [[UInt8]] = [Array("https://".utf8), Array("http://".utf8)]
            guard let scheme = schemes.first(where: { scheme in
                scheme.count <= bytes.count && zip(bytes, scheme).allSatisfy { ($0 | 0x20) == $1 || $0 == $1 }
            }) else { return nil }
            var index = scheme.count
            var host: [UInt8] = []
            while index < bytes.count, bytes[index] != UInt8(ascii: "/") {
                let byte = bytes[index]
                let lower = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                guard (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                        || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") else { return nil }
                host.append(lower)
                index += 1
            }
            if host.starts(with: Array("www.".utf8)) { host.removeFirst(4) }
            while host.last == UInt8(ascii: ".") { host.removeLast() }
            guard !host.isEmpty, host.first != UInt8(ascii: ".") else { return nil }
            var path = Array(bytes[index...])
            for byte in path {
                let plain = (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
                    || byte == UInt8(ascii: "/")
                guard plain else { return nil }
            }
            // A dot segment is resolved by URLComponents' reading; leave those to it.
            if path.count >= 2, zip(path, path.dropFirst()).contains(where: { $0 == UInt8(ascii: "/") && $1 == UInt8(ascii: ".") }) { return nil }
            while path.last == UInt8(ascii: "/") { path.removeLast() }
            return "https://" + String(decoding: host, as: UTF8.self) + String(decoding: path, as: UTF8.self)
        }
    }

    static func componentsNormalized(_ address: String) -> String? {
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
        host(of: address).flatMap(suffixes.registrableDomain(ofHost:))
    }

    /// The host of an http(s) address, as written (nil when it has none).
    static func host(of address: String) -> String? {
        // Most addresses are plain `http(s)://host/…`: read the host off the bytes. Foundation's
        // URLComponents and trimming went through NSString and cost a sixth of provenance.
        if let host = plainHost(address) { return host }
        guard let host = URLComponents(string: address.trimmingCharacters(in: .whitespacesAndNewlines))?.host,
              !host.isEmpty else { return nil }
        return host
    }

    /// The lower-cased host of a plain ASCII `http://` or `https://` address
    /// (no user info, no IPv6 literal, no percent-encoding); nil for anything
    /// else, which Foundation then reads.
    static func plainHost(_ address: String) -> String? {
        var copy = address
        return copy.withUTF8 { bytes -> String? in
            var index = 0
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D { index += 1 }
            guard let hostStart = afterWebScheme(bytes, at: index) else { return nil }
            // On bytes, with no array per address: this ran for every link of every item.
            var end = hostStart
            var upper = false
            while end < bytes.count {
                let byte = bytes[end]
                if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") || byte == UInt8(ascii: ":") { break }
                guard hostBytes[Int(byte)] else { return nil }
                upper = upper || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                end += 1
            }
            guard end > hostStart else { return nil }
            let host = UnsafeBufferPointer(rebasing: bytes[hostStart..<end])
            guard upper else { return String(decoding: host, as: UTF8.self) }
            return String(unsafeUninitializedCapacity: host.count) { output in
                for (offset, byte) in host.enumerated() {
                    output[offset] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                }
                return host.count
            }
        }
    }

    /// Letters, digits, `-`, `.` and `_`: the bytes of a plain host name.
    private static let hostBytes: [Bool] = (0...255).map { value in
        let byte = UInt8(value)
        return (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
    }

    /// Where the rest of an address starts after `http://` or `https://` (the scheme in any case) at `index`; nil without one.
    static func afterWebScheme(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        guard index + 7 <= bytes.count, bytes[index] | 0x20 == UInt8(ascii: "h"), bytes[index + 1] | 0x20 == UInt8(ascii: "t"),
              bytes[index + 2] | 0x20 == UInt8(ascii: "t"), bytes[index + 3] | 0x20 == UInt8(ascii: "p") else { return nil }
        var next = index + 4
        if bytes[next] | 0x20 == UInt8(ascii: "s") { next += 1 }
        guard next + 3 <= bytes.count, bytes[next] == UInt8(ascii: ":"), bytes[next + 1] == UInt8(ascii: "/"),
              bytes[next + 2] == UInt8(ascii: "/") else { return nil }
        return next + 3
    }

    /// A site named by the user (`www.Example.com`, `news.example.com`,
    /// `https://example.com/x`) as its registrable domain.
    public static func site(named text: String, suffixes: PublicSuffixList = .shared) -> String? {
        host(named: text).flatMap(suffixes.registrableDomain(ofHost:))
    }

    /// The host a name written by a person stands for (`www.Example.com/x` → `www.Example.com`), nil for prose.
    static func host(named text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.contains("://") { return host(of: trimmed) }
        let host = trimmed.split(separator: "/").first.map(String.init) ?? trimmed
        guard host.contains("."), !host.contains(" ") else { return nil }
        return host
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
