import Foundation

/// Makes feed links absolute: against `xml:base` first, then the document's
/// address.
enum URLResolver {
    /// `reference` resolved against `base`; the reference unchanged (trimmed)
    /// when it is already absolute or there is no usable base; nil when empty.
    static func resolve(_ reference: String, against base: String?) -> String? {
        let trimmed = TextNormalization.trim(reference)
        guard !trimmed.isEmpty else { return nil }
        if hasScheme(trimmed) {
            return trimmed
        }
        guard let base, hasScheme(base) else { return trimmed }
        if let resolved = resolvePlain(trimmed, against: base) { return resolved }
        guard let baseURL = URL(string: base) else { return trimmed }
        if trimmed.hasPrefix("//") {
            // Scheme-relative: take the base's scheme.
            guard let scheme = baseURL.scheme else { return trimmed }
            return scheme + ":" + trimmed
        }
        guard let resolved = URL(string: trimmed, relativeTo: baseURL) else { return trimmed }
        return resolved.absoluteString
    }

    /// Whether the string starts with `scheme:` (RFC 3986: a letter, then
    /// letters, digits, `+`, `-`, `.`).
    static func hasScheme(_ text: String) -> Bool {
        var sawLetter = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                sawLetter = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                if !sawLetter { return false }
            case UInt8(ascii: ":"):
                return sawLetter
            default:
                return false
            }
        }
        return false
    }

    /// The common cases without Foundation's URL parser, which costs more
    /// than the rest of a feed's parse: an absolute path (`/a/b`) or a plain
    /// relative path (`b/c.html`) of plain ASCII with no dot segments, against
    /// an http(s) base of plain ASCII. Nil for anything else (Foundation then
    /// does the full RFC 3986 resolution).
    static func resolvePlain(_ reference: String, against base: String) -> String? {
        guard isPlain(reference), isPlain(base), !reference.hasPrefix("//") else { return nil }
        let first = reference.utf8.first!
        guard first != UInt8(ascii: "?"), first != UInt8(ascii: "#") else { return nil }
        let firstSegment = reference.utf8.prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
        guard !firstSegment.contains(UInt8(ascii: ":")) else { return nil }
        for segment in reference.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            let path = segment.prefix { $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
            if path.elementsEqual(".".utf8) || path.elementsEqual("..".utf8) { return nil }
        }
        let bytes = Array(base.utf8)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let scheme = bytes[..<colon].map { $0 | 0x20 }
        guard scheme.elementsEqual("http".utf8) || scheme.elementsEqual("https".utf8),
              bytes.count > colon + 3, bytes[colon + 1] == UInt8(ascii: "/"), bytes[colon + 2] == UInt8(ascii: "/") else { return nil }
        let authorityStart = colon + 3
        let authorityEnd = bytes[authorityStart...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.count
        guard authorityEnd > authorityStart else { return nil }
        let origin = String(decoding: bytes[..<authorityEnd], as: UTF8.self)
        if first == UInt8(ascii: "/") { return origin + reference }
        let pathEnd = bytes[authorityEnd...].firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.count
        let path = bytes[authorityEnd..<pathEnd]
        let directory = path.lastIndex(of: UInt8(ascii: "/")).map { String(decoding: bytes[authorityEnd...$0], as: UTF8.self) } ?? "/"
        return origin + directory + reference
    }

    /// Printable ASCII that needs no percent-encoding in a URL.
    private static func isPlain(_ text: String) -> Bool {
        text.utf8.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">")
                && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "^") && byte != UInt8(ascii: "`") && byte != UInt8(ascii: "{")
                && byte != UInt8(ascii: "|") && byte != UInt8(ascii: "}")
        }
    }
}
