import FeedModel
import Foundation

/// Makes feed links absolute: against `xml:base` first, then the document's
/// address. Only an absolute http(s) URL is ever used as a base
/// (`URLSafety.isWebBase`); any other base is ignored here, whoever passed it.
enum URLResolver {
    /// A URL field after resolution and the scheme check.
    enum Checked: Equatable {
        case url(String)
        /// Resolved, but its scheme (as a browser reads it) is not allowed.
        case refused(scheme: String)
        case empty
    }

    /// `reference` resolved against `base`, then checked by `URLSafety`:
    /// the order matters, since a relative reference only gets its scheme by
    /// resolution.
    static func resolveChecked(_ reference: String, against base: String?) -> Checked {
        guard let resolved = resolve(reference, against: base) else { return .empty }
        if case .refused(let scheme) = URLSafety.verdict(resolved) { return .refused(scheme: scheme) }
        return .url(resolved)
    }

    /// `reference` resolved against `base`; the reference unchanged (trimmed)
    /// when it is already absolute or there is no usable base; nil when empty.
    /// Not checked: callers that hand the result on use `resolveChecked`.
    static func resolve(_ reference: String, against base: String?) -> String? {
        let trimmed = TextNormalization.trim(reference)
        guard !trimmed.isEmpty else { return nil }
        if hasScheme(trimmed) {
            return trimmed
        }
        guard let base, URLSafety.isWebBase(base) else { return trimmed }
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

    /// `Base.appendPlain` for one reference: nil where Foundation must resolve.
    static func resolvePlain(_ reference: String, against base: String) -> String? {
        var prepared = Base(base)
        var output = ByteWriter(capacity: base.utf8.count + reference.utf8.count)
        var copy = reference
        guard copy.withUTF8({ prepared.appendPlain($0, to: &output) }) else { return nil }
        return String(decoding: output.bytes, as: UTF8.self)
    }
}

extension URLResolver {
    /// A base address read once, so that the many links of one fragment
    /// resolve without reading it again: the common relative forms are
    /// joined as bytes, the rest go through `resolve`.
    struct Base {
        private let string: String?
        private var prepared = false
        /// `scheme://authority` and the path up to its last `/`, when the
        /// base is plain http(s) ASCII.
        private var origin: [UInt8] = []
        private var directory: [UInt8] = []

        /// Ignores a base that is not an absolute http(s) URL.
        init(_ base: String?) { string = base.flatMap { URLSafety.isWebBase($0) ? $0 : nil } }

        /// The reference made absolute; relative references with no base stay as they are.
        mutating func appendResolved(_ reference: UnsafeBufferPointer<UInt8>, to output: inout ByteWriter) {
            guard let string else {
                output.append(reference)
                return
            }
            if appendPlain(reference, to: &output) { return }
            let text = String(decoding: reference, as: UTF8.self)
            output.append(Array((URLResolver.resolve(text, against: string) ?? text).utf8))
        }

        /// The common cases without Foundation's URL parser, which costs more
        /// than the rest of a feed's parse: an absolute path (`/a/b`) or a
        /// plain relative path (`b/c.html`) of plain ASCII with no dot
        /// segments, against an http(s) base of plain ASCII. False for
        /// anything else (Foundation then does the full RFC 3986 resolution).
        mutating func appendPlain(_ reference: UnsafeBufferPointer<UInt8>, to output: inout ByteWriter) -> Bool {
            guard let string else { return false }
            if !prepared { prepare(string) }
            guard !origin.isEmpty, let first = reference.first, URLResolver.isPlain(reference),
                  first != UInt8(ascii: "?"), first != UInt8(ascii: "#"), !Self.hasDotSegment(reference) else { return false }
            if first == UInt8(ascii: "/") {
                guard reference.count < 2 || reference[1] != UInt8(ascii: "/") else { return false }
                output.append(origin)
            } else {
                guard !Self.firstSegmentHasColon(reference) else { return false }
                output.append(origin)
                output.append(directory)
            }
            output.append(reference)
            return true
        }

        private mutating func prepare(_ base: String) {
            prepared = true
            let bytes = Array(base.utf8)
            guard bytes.withUnsafeBufferPointer({ URLResolver.isPlain($0) }),
                  let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return }
            let scheme = bytes[..<colon].map { $0 | 0x20 }
            guard scheme.elementsEqual("http".utf8) || scheme.elementsEqual("https".utf8),
                  bytes.count > colon + 3, bytes[colon + 1] == UInt8(ascii: "/"), bytes[colon + 2] == UInt8(ascii: "/") else { return }
            let authorityStart = colon + 3
            let authorityEnd = bytes[authorityStart...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.count
            guard authorityEnd > authorityStart else { return }
            let pathEnd = bytes[authorityEnd...].firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.count
            let path = bytes[authorityEnd..<pathEnd]
            origin = Array(bytes[..<authorityEnd])
            directory = path.lastIndex(of: UInt8(ascii: "/")).map { Array(bytes[authorityEnd...$0]) } ?? [UInt8(ascii: "/")]
        }

        private static func hasDotSegment(_ reference: UnsafeBufferPointer<UInt8>) -> Bool {
            var segmentStart = 0
            for index in 0...reference.count {
                let atEnd = index == reference.count
                let byte = atEnd ? 0 : reference[index]
                if atEnd || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") {
                    let length = index - segmentStart
                    if length == 1 && reference[segmentStart] == UInt8(ascii: ".") { return true }
                    if length == 2 && reference[segmentStart] == UInt8(ascii: ".") && reference[segmentStart + 1] == UInt8(ascii: ".") { return true }
                    if atEnd || byte != UInt8(ascii: "/") { return false }
                    segmentStart = index + 1
                }
            }
            return false
        }

        private static func firstSegmentHasColon(_ reference: UnsafeBufferPointer<UInt8>) -> Bool {
            for byte in reference {
                if byte == UInt8(ascii: ":") { return true }
                if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { return false }
            }
            return false
        }
    }

    /// Printable ASCII that needs no percent-encoding in a URL.
    static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where !isPlainByte(byte) { return false }
        return true
    }

    @inline(__always)
    static func isPlainByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">")
            && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "^") && byte != UInt8(ascii: "`") && byte != UInt8(ascii: "{")
            && byte != UInt8(ascii: "|") && byte != UInt8(ascii: "}")
    }
}
