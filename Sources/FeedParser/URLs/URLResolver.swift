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
        guard let base, hasScheme(base), let baseURL = URL(string: base) else { return trimmed }
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
}
