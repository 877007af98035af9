import FeedModel
import Testing
@testable import Provenance

/// Articles written for these tests; two of them from one imaginary site.
let harbourArticle = """
    The harbour authority voted on Tuesday to extend the evening ferry timetable through the winter, \
    after a petition signed by more than four thousand commuters argued that the last crossing at \
    seven o'clock left shift workers stranded on the wrong side of the water. The new timetable adds \
    two sailings, at half past eight and at ten, and will run as a trial until the end of March. \
    Officials said the cost would be covered by a small rise in the price of a monthly pass, which \
    will go up by four per cent in January. The ferry operator welcomed the decision but warned that \
    it would need to recruit at least six more deckhands before the extra crossings could begin. \
    Commuters who spoke at the meeting described waiting for taxis that never came and paying for \
    hotel rooms after late shifts at the hospital. A final decision on making the change permanent \
    will be taken in the spring, once passenger numbers from the trial have been published.
    """

let libraryArticle = """
    The town library will open on Sundays from next month, the council confirmed, reversing a cut \
    made six years ago when opening hours were reduced to save money. Volunteers from the friends of \
    the library group will staff the front desk in the mornings, while paid librarians will cover the \
    afternoons and run a reading club for children. The council said the change was possible because \
    the building's heating system had been replaced last year, cutting energy bills by almost a third. \
    Local families had campaigned for the return of weekend hours, saying that working parents could \
    not bring their children during the week. The library will also extend its loan period for books \
    from three weeks to four, and will stop charging fines for late returns, a policy that staff say \
    has brought back readers elsewhere. The first Sunday opening is planned for the second week of \
    the month, with a storytelling morning and a display of old photographs of the high street.
    """

@Suite("SimHash fingerprints")
struct SimHashTests {
    @Test("A republished copy, reformatted, stays within Hamming distance 3")
    func copiesMatch() {
        let original = SimHash.fingerprint(of: harbourArticle)
        // What republishing does to text: case, curly quotes, line breaks, spacing, punctuation.
        let reformatted = harbourArticle
            .replacingOccurrences(of: "o'clock", with: "o’clock")
            .replacingOccurrences(of: ". ", with: ".\n\n")
            .replacingOccurrences(of: ", ", with: " , ")
            .replacingOccurrences(of: "The harbour authority", with: "THE HARBOUR AUTHORITY")
        let copy = SimHash.fingerprint(of: reformatted)
        #expect(original.distance(to: copy) <= Fingerprint.sameArticleDistance)
        #expect(original.isSameArticle(as: copy))
    }

    @Test("A copy with one sentence edited stays close")
    func lightEdit() {
        let original = SimHash.fingerprint(of: harbourArticle)
        let edited = SimHash.fingerprint(of: harbourArticle.replacingOccurrences(of: "four thousand", with: "4,000"))
        #expect(original.distance(to: edited) <= 8, "a small edit moves the fingerprint a little, not half the bits")
    }

    @Test("Two different articles from one site are far apart")
    func differentArticles() {
        let harbour = SimHash.fingerprint(of: harbourArticle)
        let library = SimHash.fingerprint(of: libraryArticle)
        #expect(harbour.distance(to: library) > 16)
        #expect(!harbour.isSameArticle(as: library))
    }

    @Test("Fingerprints are stable, print as 16 hex digits and split into four bands")
    func representation() throws {
        let first = SimHash.fingerprint(of: libraryArticle)
        #expect(SimHash.fingerprint(of: libraryArticle) == first)
        #expect(first.description.count == 16)
        #expect(Fingerprint(hex: first.description) == first)
        let bands = first.bands
        #expect(bands.count == 4)
        let rebuilt = bands.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (UInt64($1.offset) * 16) }
        #expect(rebuilt == first.value)
    }

    @Test("Within distance 3, two fingerprints always share a band")
    func bandsFindNeighbours() {
        let base = SimHash.fingerprint(of: harbourArticle)
        // Flip three bits in three different bands: the fourth band must still match.
        let neighbour = Fingerprint(base.value ^ (1 << 3) ^ (1 << 20) ^ (1 << 40))
        #expect(base.distance(to: neighbour) == 3)
        #expect(zip(base.bands, neighbour.bands).contains { $0 == $1 })
    }

    /// SimHash as first written (a vote of +1/-1 per bit of each mixed shingle),
    /// which the stored fingerprints and sketches were made with.
    private static func referenceFingerprint(_ shingles: [UInt64]) -> Fingerprint {
        guard !shingles.isEmpty else { return Fingerprint(0) }
        var votes = [Int](repeating: 0, count: 64)
        for shingle in shingles {
            let hash = SimHash.mix(shingle)
            for bit in 0..<64 { votes[bit] += (hash >> UInt64(bit)) & 1 == 1 ? 1 : -1 }
        }
        return Fingerprint((0..<64).reduce(UInt64(0)) { votes[$1] > 0 ? $0 | 1 << UInt64($1) : $0 })
    }

    @Test("The one-pass reading gives the fingerprints and shingles stores already hold",
          arguments: ["", "One", "Two words", "Three words here", "l’été à Montréal — «déjà vu» 2024, O'Brien’s",
                      harbourArticle, libraryArticle, String(repeating: harbourArticle + " ", count: 6)])
    func onePassMatchesReference(text: String) {
        var copy = text
        copy.withUTF8 { bytes in
            let shingles = SimHash.shingles(utf8: bytes)
            let (fingerprint, kept) = SimHash.marks(utf8: bytes, keepingShingles: true)
            #expect(fingerprint == Self.referenceFingerprint(shingles))
            #expect(kept == shingles)
            #expect(SimHash.marks(utf8: bytes, keepingShingles: false).1 == nil)
            #expect(SimHash.fingerprint(shingles: shingles) == fingerprint)
        }
    }

    @Test("The packed vote counters count exactly across their spills (every 15 and 255 shingles)",
          arguments: [1, 14, 15, 16, 254, 255, 256, 3_841])
    func packedVotesAreExact(count: Int) {
        var state: UInt64 = 0x1234_5678
        let varied = (0..<count).map { _ -> UInt64 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
        // One shingle repeated against another one more often: every counter they share is driven to its
        // limit, where a carry into a neighbouring counter would flip the narrow majorities.
        let repeated = Array(repeating: UInt64(7), count: count) + Array(repeating: UInt64(11), count: count + 1)
        for shingles in [varied, repeated, varied + repeated] {
            #expect(SimHash.fingerprint(shingles: shingles) == Self.referenceFingerprint(shingles))
        }
    }

    /// The word rules as written in SimHash's documentation, a byte at a time, with no table and no
    /// unrolling: what every stored fingerprint was made with.
    private static func referenceWords(_ bytes: [UInt8]) -> [UInt64] {
        let seed: UInt64 = 0xcbf2_9ce4_8422_2325, prime: UInt64 = 0x0000_0100_0000_01B3
        var words: [UInt64] = [], hash = seed, inWord = false, index = 0
        func add(_ value: UInt8) { hash = (hash ^ UInt64(value)) &* prime; inWord = true }
        func split() { if inWord { words.append(hash) }; hash = seed; inWord = false }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): add(byte | 0x20); index += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): add(byte); index += 1
            case 0x27: index += 1  // an apostrophe joins
            case 0xE2 where index + 2 < bytes.count && (bytes[index + 1] == 0x80 || bytes[index + 1] == 0x81):
                if bytes[index + 1] == 0x80 && bytes[index + 2] == 0x99 { index += 3 } else { split(); index += 3 }
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] < 0xC0: split(); index += 2
            case 0x80...0xFF: add(byte); index += 1
            default: split(); index += 1
            }
        }
        split()
        return words
    }

    @Test("Words are read by the documented rules, whatever the length of their runs")
    func wordsFollowTheRules() {
        var state: UInt64 = 0xF00D
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        let pieces = ["a", "Bc", "def", "GHIJ", "klmno", "2024", "'", "’", "—", "\u{A0}", "«", "é", "日本", " ", "\n", ",", ".", "-"]
        var texts = [harbourArticle, libraryArticle, "", "x", "xy", "O'Brien’s l’été — «déjà vu»"]
        for _ in 0..<500 { texts.append((0..<(next() % 30)).map { _ in pieces[next() % pieces.count] }.joined()) }
        for text in texts {
            let bytes = Array(text.utf8)
            let read = bytes.withUnsafeBufferPointer { SimHash.words(utf8: $0) }
            #expect(read == Self.referenceWords(bytes), "\(text)")
            // And a text cut inside a character: a lone lead byte is a word byte.
            let cut = Array(bytes.prefix(max(0, bytes.count - 1)))
            #expect(cut.withUnsafeBufferPointer { SimHash.words(utf8: $0) } == Self.referenceWords(cut), "\(text)")
        }
    }
}
