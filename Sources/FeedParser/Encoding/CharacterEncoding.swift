import Foundation

/// The encodings the parser decodes itself; anything else goes through iconv.
enum CharacterEncoding: Equatable, Sendable {
    case utf8
    case utf16LittleEndian
    case utf16BigEndian
    /// ISO-8859-1 and US-ASCII are read as windows-1252, as browsers do: feeds that
    /// say Latin-1 routinely contain curly quotes from the 0x80–0x9F range.
    case windows1252
    case singleByte(SingleByteCodePage)
    /// Any other name: iconv decodes it, under one of its names for it.
    case other(String)

    /// Maps a charset label (HTTP or XML declaration) to an encoding.
    init?(label: String) {
        // Labels are read in any case, with `_` for `-` (windows_1252, cp_is).
        let name = label.trimmingCharacters(in: .whitespacesAndNewlines.union(["\"", "'"])).lowercased()
            .replacingOccurrences(of: "_", with: "-")
        if let page = SingleByteCodePage(label: name) {
            self = .singleByte(page)
            return
        }
        switch name {
        case "": return nil
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8":
            self = .utf8
        case "utf-16le", "utf16le":
            self = .utf16LittleEndian
        case "utf-16be", "utf16be":
            self = .utf16BigEndian
        case "utf-16", "utf16", "ucs-2", "unicode":
            // Without a byte order mark the XML default for UTF-16 is big endian.
            self = .utf16BigEndian
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "cp819", "ibm819",
             "us-ascii", "ascii", "iso-ir-100", "windows-1252", "cp1252", "x-cp1252", "win-1252", "cp-1252", "windows1252",
             "csisolatin1", "iso-8859-1:1987", "ansi-x3.4-1968", "cswindows1252":
            self = .windows1252
        default:
            self = .other(name)
        }
    }

    var label: String {
        switch self {
        case .utf8: return "utf-8"
        case .utf16LittleEndian: return "utf-16le"
        case .utf16BigEndian: return "utf-16be"
        case .windows1252: return "windows-1252"
        case .singleByte(let page): return page.rawValue
        case .other(let name): return name
        }
    }
}

/// Decides a document's encoding from its first bytes, in the order the issue
/// lays down: byte order mark, then the HTTP charset, then the XML declaration,
/// then detection.
struct EncodingDecision: Equatable {
    var encoding: CharacterEncoding
    /// Bytes of byte order mark to skip.
    var bomLength: Int
    var conflict: String?

    static let sniffLength = 4096

    static func decide(prefix: UnsafeRawBufferPointer, httpCharset: String?) -> EncodingDecision {
        let bytes = prefix.bindMemory(to: UInt8.self)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            return EncodingDecision(encoding: .utf8, bomLength: 3)
        }
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            return EncodingDecision(encoding: .utf16LittleEndian, bomLength: 2)
        }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            return EncodingDecision(encoding: .utf16BigEndian, bomLength: 2)
        }
        // UTF-16 without a mark still starts "<?" in its own byte order.
        if bytes.count >= 4, bytes[0] == 0x3C, bytes[1] == 0, bytes[2] == 0x3F, bytes[3] == 0 {
            return EncodingDecision(encoding: .utf16LittleEndian, bomLength: 0)
        }
        if bytes.count >= 4, bytes[0] == 0, bytes[1] == 0x3C, bytes[2] == 0, bytes[3] == 0x3F {
            return EncodingDecision(encoding: .utf16BigEndian, bomLength: 0)
        }
        // EBCDIC: "<?xm" in the invariant EBCDIC letters; the declaration names the code page.
        if bytes.count >= 4, bytes[0] == 0x4C, bytes[1] == 0x6F, bytes[2] == 0xA7, bytes[3] == 0x94, httpCharset == nil {
            let head = IconvDecoder.decodeLoosely(UnsafeBufferPointer(rebasing: bytes[0..<min(bytes.count, 256)]), from: "CP037")
            let label = head.withUnsafeBufferPointer { xmlDeclarationEncoding($0) } ?? "cp037"
            return EncodingDecision(encoding: CharacterEncoding(label: label) ?? .other("cp037"), bomLength: 0)
        }
        let declared = xmlDeclarationEncoding(bytes).flatMap(CharacterEncoding.init(label:))
        if let http = httpCharset.flatMap(CharacterEncoding.init(label:)) {
            var decision = EncodingDecision(encoding: http, bomLength: 0)
            if let declared, declared != http {
                decision.conflict = "the HTTP charset \(http.label) overrides the XML declaration's \(declared.label)"
            }
            return decision
        }
        if let declared { return EncodingDecision(encoding: declared, bomLength: 0) }
        // Nothing declared: XML says UTF-8, but a prefix that is not valid UTF-8
        // and has bytes above 0x7F is almost always windows-1252.
        if !UTF8Validation.isValid(bytes, allowTruncatedEnd: true) {
            return EncodingDecision(encoding: .windows1252, bomLength: 0,
                                    conflict: "no encoding declared and the bytes are not UTF-8; read as windows-1252")
        }
        return EncodingDecision(encoding: .utf8, bomLength: 0)
    }

    /// The `encoding="…"` pseudo-attribute of an XML declaration at the start.
    static func xmlDeclarationEncoding(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var start = 0
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x0A || bytes[start] == 0x0D || bytes[start] == 0x09 {
            start += 1
        }
        guard bytes.count - start > 5, bytes[start] == UInt8(ascii: "<"), bytes[start + 1] == UInt8(ascii: "?"),
              bytes[start + 2] | 0x20 == UInt8(ascii: "x"), bytes[start + 3] | 0x20 == UInt8(ascii: "m"),
              bytes[start + 4] | 0x20 == UInt8(ascii: "l") else { return nil }
        var end = start + 5
        while end < bytes.count, end < start + 512, bytes[end] != UInt8(ascii: ">") { end += 1 }
        let declaration = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        guard let keyRange = declaration.range(of: "encoding") else { return nil }
        var rest = declaration[keyRange.upperBound...].drop(while: { $0 == " " || $0 == "=" })
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        rest = rest.dropFirst()
        guard let close = rest.firstIndex(of: quote) else { return nil }
        return String(rest[..<close])
    }
}
