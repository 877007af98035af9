import FeedModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a document's bytes, chunk by chunk, into UTF-8 that libxml2 will
/// accept: invalid sequences become U+FFFD rather than ending the parse, and
/// control characters XML forbids are dropped.
struct Transcoder {
    struct Damage {
        /// Offset in the output chunk of the first replacement.
        var firstOutputOffset: Int?
        var invalidSequences = 0
        var controlCharacters = 0
    }

    private let encoding: CharacterEncoding
    private var pending: [UInt8] = []
    private var iconv: IconvDecoder?

    init(encoding: CharacterEncoding) {
        self.encoding = encoding
        if case .other(let name) = encoding {
            iconv = IconvDecoder(from: name)
        }
    }

    /// Whether a named encoding could be opened (iconv knows it).
    var isSupported: Bool {
        if case .other = encoding { return iconv != nil }
        return true
    }

    /// Transcodes a chunk into `output`. Returns true when the chunk is
    /// already clean UTF-8 (the common case): then nothing was written, and
    /// the caller passes the input on as it is.
    @discardableResult
    mutating func transcode(_ input: UnsafeRawBufferPointer, final: Bool, into output: inout [UInt8], damage: inout Damage) -> Bool {
        if pending.isEmpty, case .utf8 = encoding, Self.isCleanUTF8(input.bindMemory(to: UInt8.self)) { return true }
        if pending.isEmpty {
            run(input.bindMemory(to: UInt8.self), final: final, into: &output, damage: &damage)
        } else {
            var joined = pending
            joined.append(contentsOf: input)
            pending.removeAll(keepingCapacity: true)
            joined.withUnsafeBufferPointer { run($0, final: final, into: &output, damage: &damage) }
        }
        return false
    }

    /// Whole UTF-8 sequences only, none of them a character XML forbids.
    static func isCleanUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        endOfCleanUTF8(bytes, from: 0) == bytes.count
    }

    /// Where, from `start`, the first byte is that needs a look: a control
    /// character, a sequence that is malformed or cut off by the end of the
    /// chunk, or U+FFFE/U+FFFF. `bytes.count` when there is none.
    @inline(__always)
    static func endOfCleanUTF8(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        let count = bytes.count
        while true {
            index = ByteScan.firstNonPlainASCII(in: bytes, from: index)
            guard index < count else { return count }
            let length = UTF8Validation.sequenceLength(lead: bytes[index])
            guard length > 1, index + length <= count, UTF8Validation.isWellFormed(bytes, at: index, length: length),
                  !isNonCharacter(bytes, at: index, length: length) else { return index }
            index += length
        }
    }

    /// U+FFFE and U+FFFF: well-formed UTF-8, but not XML characters.
    @inline(__always)
    private static func isNonCharacter(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, length: Int) -> Bool {
        length == 3 && bytes[index] == 0xEF && bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE
    }

    private mutating func run(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool, into output: inout [UInt8], damage: inout Damage) {
        let consumed: Int
        switch encoding {
        case .utf8: consumed = Self.fromUTF8(bytes, final: final, into: &output, damage: &damage)
        case .windows1252: consumed = Self.fromWindows1252(bytes, into: &output, damage: &damage)
        case .singleByte(let page):
            let upper = page.upperHalf
            for byte in bytes { Self.appendScalar(byte < 0x80 ? UInt32(byte) : upper[Int(byte) - 0x80], to: &output, damage: &damage) }
            consumed = bytes.count
        case .utf16LittleEndian: consumed = Self.fromUTF16(bytes, bigEndian: false, final: final, into: &output, damage: &damage)
        case .utf16BigEndian: consumed = Self.fromUTF16(bytes, bigEndian: true, final: final, into: &output, damage: &damage)
        case .other:
            if let iconv {
                consumed = iconv.decode(bytes, final: final, into: &output, damage: &damage)
            } else {
                consumed = Self.fromUTF8(bytes, final: final, into: &output, damage: &damage)
            }
        }
        if consumed < bytes.count {
            pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[consumed...]))
        }
    }

    static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    @inline(__always)
    static func isForbiddenControl(_ byte: UInt8) -> Bool {
        byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D
    }

    @inline(__always)
    static func appendScalar(_ value: UInt32, to output: inout [UInt8], damage: inout Damage) {
        if value < 0x80 {
            if isForbiddenControl(UInt8(value)) {
                damage.controlCharacters += 1
                if damage.firstOutputOffset == nil { damage.firstOutputOffset = output.count }
                return
            }
            output.append(UInt8(value))
        } else if value < 0x800 {
            output.append(UInt8(0xC0 | (value >> 6)))
            output.append(UInt8(0x80 | (value & 0x3F)))
        } else if value < 0x10000 {
            if value == 0xFFFE || value == 0xFFFF || (0xD800...0xDFFF).contains(value) {
                damage.invalidSequences += 1
                if damage.firstOutputOffset == nil { damage.firstOutputOffset = output.count }
                output.append(contentsOf: replacement)
                return
            }
            output.append(UInt8(0xE0 | (value >> 12)))
            output.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (value & 0x3F)))
        } else {
            output.append(UInt8(0xF0 | (value >> 18)))
            output.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
            output.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
            output.append(UInt8(0x80 | (value & 0x3F)))
        }
    }

    /// Returns how many input bytes were consumed; the rest is an incomplete
    /// sequence to be completed by the next chunk.
    static func fromUTF8(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool, into output: inout [UInt8], damage: inout Damage) -> Int {
        output.reserveCapacity(output.count + bytes.count)
        var index = 0
        var runStart = 0
        let count = bytes.count
        while index < count {
            // Copy clean runs in one go; stop only at bytes that need a look.
            index = endOfCleanUTF8(bytes, from: index)
            guard index < count else { break }
            let byte = bytes[index]
            if byte < 0x80 {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                damage.controlCharacters += 1
                if damage.firstOutputOffset == nil { damage.firstOutputOffset = output.count }
                index += 1
                runStart = index
                continue
            }
            let length = UTF8Validation.sequenceLength(lead: byte)
            if length > 0 && index + length > count {
                if !final {
                    // Maybe completed by the next chunk, if what is here is a valid start.
                    var plausible = true
                    var position = index + 1
                    while position < count { if bytes[position] & 0xC0 != 0x80 { plausible = false }; position += 1 }
                    if plausible {
                        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                        return index
                    }
                }
            } else if length > 0 && UTF8Validation.isWellFormed(bytes, at: index, length: length) {
                // Well-formed, yet it stopped the clean run: U+FFFE or U+FFFF, one replacement for all three bytes.
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                damage.invalidSequences += 1
                if damage.firstOutputOffset == nil { damage.firstOutputOffset = output.count }
                output.append(contentsOf: replacement)
                index += length
                runStart = index
                continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            damage.invalidSequences += 1
            if damage.firstOutputOffset == nil { damage.firstOutputOffset = output.count }
            output.append(contentsOf: replacement)
            index += 1
            runStart = index
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count]))
        return count
    }

    /// windows-1252's 0x80–0x9F; the five unassigned positions map to themselves.
    static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func fromWindows1252(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], damage: inout Damage) -> Int {
        output.reserveCapacity(output.count + bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte >= 0x20 && byte < 0x80 {
                output.append(byte)
            } else if byte >= 0x80 && byte < 0xA0 {
                appendScalar(windows1252High[Int(byte - 0x80)], to: &output, damage: &damage)
            } else {
                appendScalar(UInt32(byte), to: &output, damage: &damage)
            }
        }
        return bytes.count
    }

    static func fromUTF16(_ bytes: UnsafeBufferPointer<UInt8>, bigEndian: Bool, final: Bool, into output: inout [UInt8], damage: inout Damage) -> Int {
        output.reserveCapacity(output.count + bytes.count / 2)
        var index = 0
        @inline(__always) func unit(_ at: Int) -> UInt32 {
            bigEndian ? UInt32(bytes[at]) << 8 | UInt32(bytes[at + 1]) : UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at])
        }
        while index + 1 < bytes.count {
            let first = unit(index)
            if first >= 0xD800 && first <= 0xDBFF {
                guard index + 3 < bytes.count else {
                    if !final { return index }
                    appendScalar(0xFFFD, to: &output, damage: &damage)
                    damage.invalidSequences += 1
                    index += 2
                    continue
                }
                let second = unit(index + 2)
                if second >= 0xDC00 && second <= 0xDFFF {
                    appendScalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00), to: &output, damage: &damage)
                    index += 4
                } else {
                    appendScalar(0xD800, to: &output, damage: &damage)  // reported as a replacement
                    index += 2
                }
            } else {
                appendScalar(first, to: &output, damage: &damage)
                index += 2
            }
        }
        if index < bytes.count {
            if !final { return index }
            appendScalar(0xD800, to: &output, damage: &damage)
            return bytes.count
        }
        return index
    }
}

/// iconv for the encodings the parser does not decode itself (KOI8-R,
/// Shift_JIS, GB18030 …). The one place that holds an iconv handle.
final class IconvDecoder {
    private let handle: iconv_t

    /// Opens the first of the encoding's names iconv knows (`IconvNames`).
    init?(from name: String) {
        for candidate in IconvNames.candidates(for: name) {
            let opened = iconv_open("UTF-8", candidate)
            if let opened, opened != iconv_t(bitPattern: -1) {
                handle = opened
                return
            }
        }
        return nil
    }

    /// A short run of bytes decoded as well as it goes (to read an EBCDIC declaration).
    static func decodeLoosely(_ bytes: UnsafeBufferPointer<UInt8>, from name: String) -> [UInt8] {
        guard let decoder = IconvDecoder(from: name) else { return [] }
        var output: [UInt8] = []
        var damage = Transcoder.Damage()
        _ = decoder.decode(bytes, final: true, into: &output, damage: &damage)
        return output
    }

    deinit { iconv_close(handle) }

    func decode(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool, into output: inout [UInt8], damage: inout Transcoder.Damage) -> Int {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        var inputPointer = UnsafeMutablePointer<CChar>(mutating: UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self))
        var inputLeft = bytes.count
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count * 2)
        while inputLeft > 0 {
            let (result, error, produced): (Int, Int32, Int) = scratch.withUnsafeMutableBytes { raw in
                var outputPointer: UnsafeMutablePointer<CChar>? = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
                var outputLeft = raw.count
                var inputOptional: UnsafeMutablePointer<CChar>? = inputPointer
                let result = iconv(handle, &inputOptional, &inputLeft, &outputPointer, &outputLeft)
                let error = result == -1 ? errno : 0
                inputPointer = inputOptional!
                return (result, error, raw.count - outputLeft)
            }
            decoded.append(contentsOf: scratch[0..<produced])
            if result != -1 { continue }
            if error == E2BIG { continue }
            if error == EINVAL && !final { break }
            // An invalid or truncated sequence: replace one byte and go on.
            decoded.append(contentsOf: Transcoder.replacement)
            damage.invalidSequences += 1
            inputPointer += 1
            inputLeft -= 1
        }
        // iconv's output is valid UTF-8; pass it through the UTF-8 path to drop controls.
        let outputStart = output.count
        var localDamage = Transcoder.Damage()
        _ = decoded.withUnsafeBufferPointer { Transcoder.fromUTF8($0, final: true, into: &output, damage: &localDamage) }
        if damage.firstOutputOffset == nil, damage.invalidSequences > 0 || localDamage.controlCharacters > 0 {
            damage.firstOutputOffset = localDamage.firstOutputOffset ?? outputStart
        }
        damage.controlCharacters += localDamage.controlCharacters
        return bytes.count - inputLeft
    }
}

/// The names iconv may know an encoding by, from the label a feed gives:
/// glibc spells most of them in upper case with hyphens, IBM code pages as
/// `IBMnnn` or `CPnnn`, the Mac ones with its own words.
enum IconvNames {
    static let macNames: [String: String] = [
        "macroman": "MACINTOSH", "mac-roman": "MACINTOSH", "x-mac-roman": "MACINTOSH", "mac": "MACINTOSH",
        "maccentraleurope": "MAC-CENTRALEUROPE", "mac-centraleurope": "MAC-CENTRALEUROPE", "x-mac-ce": "MAC-CENTRALEUROPE",
        "maclatin2": "MAC-CENTRALEUROPE", "mac-latin2": "MAC-CENTRALEUROPE", "x-mac-centraleurroman": "MAC-CENTRALEUROPE",
        "maccyrillic": "MAC-CYRILLIC", "x-mac-cyrillic": "MAC-CYRILLIC", "macukrainian": "MACUKRAINIAN",
        // Python's names for two IBM code pages.
        "cp-is": "CP861", "cp-gr": "CP869",
    ]

    static func candidates(for label: String) -> [String] {
        let name = label.lowercased().replacingOccurrences(of: "_", with: "-")
        var names = [label, name.uppercased()]
        if let mac = macNames[name] { names.insert(mac, at: 0) }
        let upper = name.uppercased()
        let compact = upper.replacingOccurrences(of: "-", with: "")
        names.append(compact)
        for (prefix, alternatives) in [("CSIBM", ["IBM", "CP"]), ("IBM", ["CP"]), ("CP", ["IBM"]), ("WINDOWS", ["CP"])] where compact.hasPrefix(prefix) {
            let number = compact.dropFirst(prefix.count)
            if !number.isEmpty { names += alternatives.map { $0 + number } }
        }
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}
