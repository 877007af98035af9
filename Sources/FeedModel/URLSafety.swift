/// Which URLs may leave feeds. Every URL a feed supplies, in a field or in an
/// attribute of its HTML, is checked here *after* it was resolved, with its
/// scheme read the way a browser reads it: character references decoded,
/// control characters and white space ignored, case folded. Only http, https
/// and mailto pass (and relative references, which can only resolve to the
/// scheme of the page that shows them); `data:image/…` passes only where the
/// caller allows it (an `img src`).
///
/// A base URL is stricter still: only an absolute http(s) URL may serve as
/// one, so that a feed cannot make its relative links resolve into a script
/// (`xml:base="javascript:alert(1)//"`).
public enum URLSafety {
    public static let allowedSchemes = ["http", "https", "mailto"]

    /// What the check found.
    public enum Verdict: Equatable, Sendable {
        /// No scheme: a relative reference.
        case relative
        /// An allowed scheme (or image data where allowed).
        case allowed
        /// A scheme outside the allowed set, lower-cased as a browser reads it.
        case refused(scheme: String)
    }

    public static func verdict(_ url: String, allowImageData: Bool = false) -> Verdict {
        var copy = url
        return copy.withUTF8 { verdict(bytes: $0, allowImageData: allowImageData) }
    }

    /// Whether `url` may leave feeds as it is.
    public static func isAllowed(_ url: String, allowImageData: Bool = false) -> Bool {
        if case .refused = verdict(url, allowImageData: allowImageData) { return false }
        return true
    }

    public static func verdict(bytes: UnsafeBufferPointer<UInt8>, allowImageData: Bool = false) -> Verdict {
        // Allocation-free on the common path: the scheme is packed into a word as it is read.
        var reader = SchemeReader(bytes: bytes)
        guard let scheme = reader.readPackedScheme() else { return .relative }
        if scheme == Self.http || scheme == Self.https || scheme == Self.mailto { return .allowed }
        if allowImageData, scheme == Self.data {
            // `data:image/png;base64,…`; never SVG, which is a document that can hold script.
            let type = reader.readMediaType()
            if type.starts(with: "image/".utf8), !type.starts(with: "image/svg".utf8) { return .allowed }
        }
        var again = SchemeReader(bytes: bytes)
        return .refused(scheme: String(decoding: (again.readScheme() ?? []).prefix(40), as: UTF8.self))
    }

    private static let http = PackedScheme("http"), https = PackedScheme("https"), mailto = PackedScheme("mailto")
    private static let data = PackedScheme("data")

    /// A scheme of up to eight letters as one word; longer ones compare unequal to every allowed one.
    struct PackedScheme: Equatable {
        var value: UInt64 = 0
        var length = 0

        init() {}

        init(_ text: StaticString) {
            for index in 0..<text.utf8CodeUnitCount { append(text.utf8Start[index]) }
        }

        mutating func append(_ byte: UInt8) {
            if length < 8 { value |= UInt64(byte) << UInt64(length * 8) }
            length += 1
        }
    }

    /// Whether `url` can serve as a base for relative references: an absolute
    /// `http://` or `https://` URL with a host, written plainly (no character
    /// references or control characters in its scheme).
    public static func isWebBase(_ url: String) -> Bool {
        var copy = url
        return copy.withUTF8 { bytes in
            var index = 0
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
            let start = index
            while index < bytes.count, index - start < 6, (bytes[index] | 0x20) >= UInt8(ascii: "a"), (bytes[index] | 0x20) <= UInt8(ascii: "z") {
                index += 1
            }
            let length = index - start
            func lower(_ offset: Int) -> UInt8 { bytes[start + offset] | 0x20 }
            guard (length == 4 || length == 5), lower(0) == UInt8(ascii: "h"), lower(1) == UInt8(ascii: "t"), lower(2) == UInt8(ascii: "t"),
                  lower(3) == UInt8(ascii: "p"), length == 4 || lower(4) == UInt8(ascii: "s"),
                  index + 3 <= bytes.count, bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: "/"),
                  bytes[index + 2] == UInt8(ascii: "/") else { return false }
            var hostEnd = index + 3
            while hostEnd < bytes.count, bytes[hostEnd] != UInt8(ascii: "/"), bytes[hostEnd] != UInt8(ascii: "?"), bytes[hostEnd] != UInt8(ascii: "#") {
                guard bytes[hostEnd] > 0x20, bytes[hostEnd] != 0x7F else { return false }
                hostEnd += 1
            }
            return hostEnd > index + 3
        }
    }

    /// Reads a scheme as browsers do, over the raw bytes of a URL.
    private struct SchemeReader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        /// The next character, with character references decoded and
        /// control characters skipped (browsers drop tabs and line feeds
        /// anywhere; the other controls are skipped too, to be safe); spaces
        /// only where `skippingSpaces`, as before the scheme. Nil at the end.
        mutating func next(skippingSpaces: Bool = false) -> UInt32? {
            while index < bytes.count {
                let byte = bytes[index]
                var value = UInt32(byte)
                if byte == UInt8(ascii: "&"), let (decoded, end) = Self.reference(bytes, at: index) {
                    value = decoded
                    index = end
                } else {
                    index += 1
                }
                if value < 0x20 || value == 0x7F || (skippingSpaces && value == 0x20) { continue }
                return value
            }
            return nil
        }

        /// Reads the scheme before the first `:`, handing each lower-cased
        /// byte to `append`; false when the text has none (a relative
        /// reference). A space inside the scheme makes it no scheme, as in
        /// browsers; there is no length limit: a long unknown scheme is still
        /// a scheme (found by Benchmarks/fuzz.sh).
        mutating func readScheme(_ append: (UInt8) -> Void) -> Bool {
            var length = 0
            while let character = next(skippingSpaces: length == 0) {
                if character == UInt32(UInt8(ascii: ":")) { return length > 0 }
                guard character < 0x80 else { return false }
                let byte = UInt8(character)
                let lower = byte | 0x20
                let isLetter = lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
                let isOther = (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+")
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
                guard isLetter || (isOther && length > 0) else { return false }
                append(isLetter ? lower : byte)
                length += 1
            }
            return false
        }

        /// The scheme packed into a word, without allocating: the common path.
        mutating func readPackedScheme() -> PackedScheme? {
            var scheme = PackedScheme()
            return readScheme { scheme.append($0) } ? scheme : nil
        }

        /// The scheme's bytes, for the refusal's message.
        mutating func readScheme() -> [UInt8]? {
            var scheme: [UInt8] = []
            return readScheme { scheme.append($0) } ? scheme : nil
        }

        /// The lower-cased media type after `data:`, up to `;` or `,`.
        mutating func readMediaType() -> [UInt8] {
            var type: [UInt8] = []
            while let character = next(), character != UInt32(UInt8(ascii: ";")), character != UInt32(UInt8(ascii: ",")), type.count < 64 {
                guard character < 0x80 else { break }
                let byte = UInt8(character)
                type.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
            }
            return type
        }

        /// A numeric reference (`&#106;`, `&#x6A`, the `;` optional as
        /// browsers allow) or one of the named references that can spell a
        /// scheme or hide in one (`&colon;`, `&Tab;`, `&NewLine;`).
        static func reference(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (UInt32, Int)? {
            var index = start + 1
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "#") {
                index += 1
                var hex = false
                if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "x") { hex = true; index += 1 }
                var value: UInt32 = 0
                let digitsStart = index
                while index < bytes.count, let digit = Self.digit(bytes[index], hex: hex) {
                    value = min(value &* (hex ? 16 : 10) &+ digit, 0x110000)
                    index += 1
                }
                guard index > digitsStart else { return nil }
                if index < bytes.count, bytes[index] == UInt8(ascii: ";") { index += 1 }
                return (value, index)
            }
            for (name, value) in Self.names {
                let end = index + name.count
                guard end <= bytes.count, zip(bytes[index..<end], name).allSatisfy({ $0 == $1 }) else { continue }
                return (value, end < bytes.count && bytes[end] == UInt8(ascii: ";") ? end + 1 : end)
            }
            return nil
        }

        static let names: [([UInt8], UInt32)] = [
            (Array("colon".utf8), 0x3A), (Array("Tab".utf8), 0x09), (Array("NewLine".utf8), 0x0A),
        ]

        static func digit(_ byte: UInt8, hex: Bool) -> UInt32? {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { return UInt32(byte - UInt8(ascii: "0")) }
            guard hex else { return nil }
            let lower = byte | 0x20
            if lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f") { return UInt32(lower - UInt8(ascii: "a") + 10) }
            return nil
        }
    }
}
