import Foundation

/// One attribution clue written into an item's content.
struct FooterClue: Equatable {
    enum Kind: String {
        case originalSourceLink = "footer.original-source-link"
        case readOriginal = "footer.read-original"
        case pluginLink = "plugin.feedzy"
        case appearedFirstOn = "footer.appeared-first-on"
        case originallyPublished = "footer.originally-published"
        case republishedFrom = "footer.republished-from"
        case source = "footer.source"
        case via = "footer.via"
        case copyrightOwner = "footer.copyright-owner"
        case copyright = "footer.copyright"
        case author = "footer.author"
        case removalContact = "footer.removal-contact"
        /// "Content courtesy of <a>Site</a>", "Courtesy: Site".
        case courtesy = "footer.courtesy"
        /// A licence link in the footer (`rel="license"`, a Creative Commons deed).
        case license = "footer.license"
        /// "All rights reserved by the original publisher": the rights are the origin's.
        case rightsToOriginal = "footer.rights-original-publisher"

        /// Which clue names the origin when several do: the ones whose link
        /// is the article itself first.
        static let originPriority: [Kind] = [
            .originalSourceLink, .readOriginal, .pluginLink, .appearedFirstOn, .originallyPublished, .republishedFrom,
            .courtesy, .source, .via, .copyrightOwner,
        ]
    }

    var kind: Kind
    /// What the clue points at: a URL, a site name, an author or a contact.
    var value: String
    /// The sentence it was read from.
    var evidence: String
    /// The http(s) link the clue carries, when it carries one.
    var url: String?
    /// The site or holder named in words ("The Conversation", "example.org").
    var name: String?
}

/// Reads the attribution footers aggregators, WordPress plugins and
/// syndication partners write into an item's closing blocks. The matchers
/// describe families of wording (case, spacing, curly punctuation, "article"
/// or "story", "from" or "courtesy of" …) rather than fixed sentences, and
/// each wants the shape a footer has: a sentence that is about *this* item,
/// standing in the last blocks, naming a URL or a site. A body sentence such
/// as "a study originally published in Nature" never qualifies.
struct FooterReader {
    /// How many closing blocks can hold a footer.
    static let window = 6
    /// Longer blocks are prose, not footers.
    static let maximumFooterLength = 1_200

    struct Reading {
        var clues: [FooterClue] = []
        /// Blocks that are attribution or boilerplate: left out of the fingerprint.
        var footerBlocks: Set<Int> = []
    }

    static func read(_ content: ContentBlocks) -> Reading {
        var reading = Reading()
        let blocks = content.blocks
        for (index, block) in blocks.enumerated() {
            // Plugin marks are links with a class, wherever they stand.
            for link in block.links where link.classes.map(isPluginMark) == true && isWebURL(link.href) {
                reading.clues.append(FooterClue(kind: .pluginLink, value: link.href, evidence: link.text, url: link.href))
                if index >= blocks.count - window { reading.footerBlocks.insert(index) }
            }
        }
        for index in max(0, blocks.count - window)..<blocks.count {
            let block = blocks[index]
            guard block.range.count <= maximumFooterLength else { continue }
            // Most closing blocks are prose: the trigger words are looked for in the raw bytes first.
            let licenses = block.links.filter { isWebURL($0.href) && isLicense($0) }
            let triggered = content.text[block.range].withContiguousStorageIfAvailable { mentionsTrigger(bytes: $0) } ?? true
            guard triggered || !licenses.isEmpty else { continue }
            let collapsed = content.text.withUnsafeBufferPointer { ContentBlocks.collapsed(bytes: UnsafeBufferPointer(rebasing: $0[block.range])) }
            // A licence link in a closing block: `rel="license"` or a Creative Commons deed.
            for link in licenses where !reading.clues.contains(where: { $0.kind == .license && $0.value == link.href }) {
                reading.clues.append(FooterClue(kind: .license, value: link.href, evidence: collapsed, url: link.href))
            }
            guard triggered else { continue }
            let folding = FoldedText(collapsed)
            let clues = folding.folded.withUnsafeBufferPointer {
                Self.clues(in: Subject(bytes: $0, original: folding.original, map: folding.map), links: block.links)
            }
            if !clues.isEmpty || isBoilerplate(String(decoding: folding.folded, as: UTF8.self)) { reading.footerBlocks.insert(index) }
            // Aggregators often repeat a line ("Author: …") in two footer blocks.
            reading.clues += clues.filter { clue in !reading.clues.contains { $0.kind == clue.kind && $0.value == clue.value } }
        }
        return reading
    }

    // MARK: Matching one block

    /// A block's text with curly quotes, dashes and odd spaces folded to
    /// ASCII for matching, and where each folded byte came from, so that what
    /// is reported (evidence, names) is the text as the reader sees it.
    struct FoldedText {
        var original: [UInt8]
        var folded: [UInt8] = []
        /// Folded offset → original offset; one more than `folded`, for range ends.
        var map: [Int] = []

        init(_ text: String) {
            original = Array(text.utf8)
            folded.reserveCapacity(original.count)
            map.reserveCapacity(original.count + 1)
            var index = 0
            while index < original.count {
                let byte = original[index]
                var replacement: UInt8?
                var length = 1
                if byte == 0xC2, index + 1 < original.count, original[index + 1] == 0xA0 {
                    replacement = 0x20
                    length = 2
                } else if byte == 0xE2, index + 2 < original.count {
                    let second = original[index + 1], third = original[index + 2]
                    length = 3
                    switch (second, third) {
                    case (0x80, 0x98), (0x80, 0x99), (0x80, 0x9B), (0x80, 0xB2): replacement = UInt8(ascii: "'")
                    case (0x80, 0x9C), (0x80, 0x9D), (0x80, 0x9F), (0x80, 0xB3): replacement = UInt8(ascii: "\"")
                    case (0x80, 0x90...0x95), (0x88, 0x92): replacement = UInt8(ascii: "-")
                    case (0x80, 0x80...0x8A), (0x80, 0xAF), (0x81, 0x9F): replacement = 0x20
                    default: length = 1
                    }
                }
                if let replacement {
                    folded.append(replacement)
                    map.append(index)
                } else {
                    for offset in 0..<length {
                        folded.append(original[index + offset])
                        map.append(index + offset)
                    }
                }
                index += length
            }
            map.append(original.count)
        }
    }

    static func clues(in text: String, links: [ContentBlocks.Link]) -> [FooterClue] {
        let folding = FoldedText(text)
        return folding.folded.withUnsafeBufferPointer { clues(in: Subject(bytes: $0, original: folding.original, map: folding.map), links: links) }
    }

    /// One block's folded text as UTF-8 (what the patterns match), with the
    /// original text it maps back to (what is reported).
    struct Subject {
        let bytes: UnsafeBufferPointer<UInt8>
        let original: [UInt8]
        let map: [Int]

        func string(_ range: Range<Int>?) -> String {
            guard let range else { return "" }
            return String(decoding: original[map[range.lowerBound]..<map[range.upperBound]], as: UTF8.self)
        }

        /// The sentence holding a match, for evidence.
        func sentence(around range: Range<Int>) -> String {
            let space = UInt8(ascii: " ")
            func endsSentence(_ byte: UInt8) -> Bool {
                byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?")
            }
            var start = range.lowerBound
            while start > 0 {
                if endsSentence(bytes[start - 1]), start < bytes.count, bytes[start] == space { break }
                start -= 1
            }
            var end = range.upperBound
            while end < bytes.count {
                let byte = bytes[end]
                end += 1
                if endsSentence(byte), end == bytes.count || bytes[end] == space { break }
            }
            while start < end, bytes[start] == space { start += 1 }
            while end > start, bytes[end - 1] == space { end -= 1 }
            return string(start..<end)
        }
    }

    static func clues(in subject: Subject, links: [ContentBlocks.Link]) -> [FooterClue] {
        var clues: [FooterClue] = []
        let bytes = subject.bytes
        // PCRE2 tries a pattern at every position of the block: run only the ones whose words are there.
        let words = Stems(in: bytes)

        for match in words.contains(.original) ? Patterns.originalSource.matches(in: bytes) : [] {
            let link = preferredLink(links, wording: ["link", "here", "original", "source", "click"])
            if let link {
                clues.append(FooterClue(kind: .originalSourceLink, value: link.href, evidence: subject.sentence(around: match.range), url: link.href))
            }
        }
        for match in words.contains(.original) ? Patterns.readOriginal.matches(in: bytes) : [] {
            if let link = preferredLink(links, wording: ["original", "read", "article"]) {
                clues.append(FooterClue(kind: .readOriginal, value: link.href, evidence: subject.sentence(around: match.range), url: link.href))
            }
        }
        for match in words.mayMatch(.firstPublished) ? Patterns.firstPublished.matches(in: bytes) : [] {
            let verb = subject.string(match.range(named: "verb")).lowercased()
            let kind: FooterClue.Kind = verb.contains("appeared") && (verb.contains("first") || subject.string(match.range(named: "subject")).lowercased().hasPrefix("the post")) ? .appearedFirstOn : .originallyPublished
            if let clue = targetClue(kind, subject: subject, match: match, links: links, articleLinkFirst: true) { clues.append(clue) }
        }
        for match in words.mayMatch(.publishedThisFirst) ? Patterns.publishedThisFirst.matches(in: bytes) : [] {
            if let clue = targetClue(.originallyPublished, subject: subject, match: match, links: links, articleLinkFirst: true) { clues.append(clue) }
        }
        for match in words.mayMatch(.republishedFrom) ? Patterns.republishedFrom.matches(in: bytes) : [] {
            if let clue = targetClue(.republishedFrom, subject: subject, match: match, links: links, articleLinkFirst: false) { clues.append(clue) }
        }
        for match in words.contains(.courtesy) ? Patterns.courtesy.matches(in: bytes) : [] {
            if let clue = targetClue(.courtesy, subject: subject, match: match, links: links, articleLinkFirst: false) { clues.append(clue) }
        }
        if words.contains(.original), let match = Patterns.rightsToOriginal.firstMatch(in: bytes) {
            clues.append(FooterClue(kind: .rightsToOriginal, value: "the original publisher", evidence: subject.sentence(around: match.range)))
        }
        for match in words.mayMatch(.sourceLine) ? Patterns.sourceLine.matches(in: bytes) : [] {
            if let clue = targetClue(.source, subject: subject, match: match, links: links, articleLinkFirst: false) { clues.append(clue) }
        }
        if words.mayMatch(.viaLine), bytes.filter({ $0 == UInt8(ascii: " ") }).count < 12 {
            for match in Patterns.viaLine.matches(in: bytes) {
                if let clue = targetClue(.via, subject: subject, match: match, links: links, articleLinkFirst: false) { clues.append(clue) }
            }
        }
        for match in words.mayMatch(.copyrightOwner) ? Patterns.copyrightOwner.matches(in: bytes) : [] {
            if let clue = targetClue(.copyrightOwner, subject: subject, match: match, links: links, articleLinkFirst: false) { clues.append(clue) }
        }
        if words.contains(.contact), let match = Patterns.removalContact.firstMatch(in: bytes) {
            var contact = trimmedTarget(subject.string(match.range(named: "target")))
            if let email = Self.firstMatch(Patterns.email, in: contact) { contact = email }
            if !contact.isEmpty {
                let sentenceText = subject.sentence(around: match.range)
                let lowerSentence = sentenceText.lowercased()
                if lowerSentence.contains("contact page") || lowerSentence.contains("contact form") { contact += " (Contact page)" }
                clues.append(FooterClue(kind: .removalContact, value: contact, evidence: sentenceText))
            }
        }
        if let match = Patterns.authorLine.firstMatch(in: bytes) {
            let name = trimmedTarget(subject.string(match.range(named: "target")))
            if !name.isEmpty && name.count <= 80 {
                clues.append(FooterClue(kind: .author, value: name, evidence: subject.string(0..<bytes.count)))
            }
        }
        for match in words.mayMatch(.copyrightLine) ? Patterns.copyrightLine.matches(in: bytes) : [] {
            let notice = subject.sentence(around: match.range)
            let holder = trimmedTarget(subject.string(match.range(named: "target")))
            guard namesSomething(holder, links: []) else { continue }
            clues.append(FooterClue(kind: .copyright, value: holder, evidence: notice, name: holder))
        }
        return clues
    }

    /// The literal words without one of which a pattern cannot match, found
    /// in one pass over a block's folded bytes (ASCII case folded, anywhere
    /// in a word, as the patterns allow): each block runs only the patterns it
    /// can satisfy. Patterns anchored at the block's start (author, boilerplate)
    /// fail at once and are not gated.
    struct Stems: OptionSet {
        let rawValue: UInt32

        static let original = Stems(rawValue: 1 << 0)
        static let first = Stems(rawValue: 1 << 1)
        static let publi = Stems(rawValue: 1 << 2)
        static let firstInGerman = Stems(rawValue: 1 << 3)  // zuerst, urspr(ünglich), erstmals
        static let reprint = Stems(rawValue: 1 << 4)
        static let posted = Stems(rawValue: 1 << 5)
        static let syndicat = Stems(rawValue: 1 << 6)
        static let shared = Stems(rawValue: 1 << 7)
        static let produced = Stems(rawValue: 1 << 8)
        static let distributed = Stems(rawValue: 1 << 9)
        static let courtesy = Stems(rawValue: 1 << 10)
        static let source = Stems(rawValue: 1 << 11)  // and quelle, fuente, fonte, bron
        static let via = Stems(rawValue: 1 << 12)  // and h/t, hat (tip)
        static let copyright = Stems(rawValue: 1 << 13)
        static let property = Stems(rawValue: 1 << 14)
        static let contact = Stems(rawValue: 1 << 15)
        static let copyrightSign = Stems(rawValue: 1 << 16)  // © and (c)

        /// Any one of these words lets the pattern match.
        static let firstPublished: Stems = [.original, .first, .publi, .firstInGerman]
        static let publishedThisFirst: Stems = [.first, .original]
        static let republishedFrom: Stems = [.publi, .reprint, .posted, .syndicat, .shared, .produced, .distributed]
        static let sourceLine: Stems = [.source]
        static let viaLine: Stems = [.via]
        static let copyrightOwner: Stems = [.courtesy, .copyright, .property]
        static let copyrightLine: Stems = [.copyright, .copyrightSign]

        func mayMatch(_ pattern: Stems) -> Bool { !isDisjoint(with: pattern) }

        init(rawValue: UInt32) { self.rawValue = rawValue }

        private static let words: [(bytes: [UInt8], stem: Stems)] = ([
            ("original", .original), ("first", .first), ("publi", .publi), ("zuerst", .firstInGerman), ("urspr", .firstInGerman),
            ("erstmals", .firstInGerman), ("reprint", .reprint), ("posted", .posted), ("syndicat", .syndicat), ("shared", .shared),
            ("produced", .produced), ("distributed", .distributed), ("courtesy", .courtesy), ("source", .source),
            ("quelle", .source), ("fuente", .source), ("fonte", .source), ("bron", .source), ("via", .via), ("h/t", .via),
            ("hat", .via), ("copyright", .copyright), ("property", .property), ("contact", .contact), ("(c)", .copyrightSign),
            ("\u{A9}", .copyrightSign),
        ] as [(String, Stems)]).map { (Array($0.0.utf8), $0.1) }

        /// For each byte (ASCII folded), the indexes of the words it starts.
        private static let starting: [[Int]] = {
            var table = [[Int]](repeating: [], count: 256)
            for (index, word) in words.enumerated() { table[Int(word.bytes[0])].append(index) }
            return table
        }()

        init(in bytes: UnsafeBufferPointer<UInt8>) {
            var found: UInt32 = 0
            let words = Self.words, starting = Self.starting
            var index = 0
            while index < bytes.count {
                for candidate in starting[Int(Bytes.fold(bytes[index]))] {
                    let word = words[candidate].bytes
                    guard index + word.count <= bytes.count else { continue }
                    var offset = 1
                    while offset < word.count, Bytes.fold(bytes[index + offset]) == word[offset] { offset += 1 }
                    if offset == word.count { found |= words[candidate].stem.rawValue }
                }
                index += 1
            }
            rawValue = found
        }
    }

    /// The text of the first match of `pattern` in `text`.
    static func firstMatch(_ pattern: ByteRegex, in text: String) -> String? {
        var copy = text
        return copy.withUTF8 { bytes in
            pattern.firstMatch(in: bytes).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0.range]), as: UTF8.self) }
        }
    }

    /// A clue whose pattern captured a `target`: the site it names must be a
    /// link, a domain or a proper name, or the clue is not one.
    private static func targetClue(_ kind: FooterClue.Kind, subject: Subject, match: ByteRegex.Match,
                                   links: [ContentBlocks.Link], articleLinkFirst: Bool) -> FooterClue? {
        let targetText = trimmedTarget(subject.string(match.range(named: "target")))
        let sentenceText = subject.sentence(around: match.range)
        let sentenceLinks = links.filter { !$0.text.isEmpty && isWebURL($0.href) && Bytes.contains(sentenceText, $0.text, caseInsensitive: false) }
        // The link written on the target words ("from <a>Site</a>"), else, for
        // "The post <a>Title</a> appeared first on <a>Site</a>", the article link.
        let targetLink = sentenceLinks.last { !$0.text.isEmpty && (Bytes.contains(targetText, $0.text, caseInsensitive: false)
            || Bytes.contains($0.text, targetText, caseInsensitive: false)) }
        let articleLink = articleLinkFirst ? sentenceLinks.first { $0 != targetLink && !SiteAddress.isHomePage($0.href) } : nil
        let urlInText = firstMatch(Patterns.url, in: targetText).map(trimmedTarget)
        let url = articleLink?.href ?? targetLink?.href ?? urlInText
        guard url != nil || namesSomething(targetText, links: links) else { return nil }
        let name = targetLink?.text ?? (urlInText == nil ? targetText : nil)
        return FooterClue(kind: kind, value: url ?? targetText, evidence: sentenceText, url: url, name: name)
    }

    /// A domain ("example.org") or a proper name ("The Conversation", "Medium"),
    /// not a common phrase ("a statement", "the web").
    private static func namesSomething(_ text: String, links: [ContentBlocks.Link]) -> Bool {
        guard let first = text.first, text.count <= 100 else { return false }
        if firstMatch(Patterns.domain, in: text) != nil { return true }
        if first.isUppercase || first.isNumber { return true }
        return text.split(separator: " ").contains { $0.first?.isUppercase == true && !["A", "An", "I"].contains(String($0)) }
    }

    private static func preferredLink(_ links: [ContentBlocks.Link], wording: [String]) -> ContentBlocks.Link? {
        let web = links.filter { isWebURL($0.href) }
        return web.last { link in wording.contains { link.text.lowercased().contains($0) } } ?? web.last
    }

    /// A licence link: `rel="license"`, or a Creative Commons licence or public-domain deed.
    static func isLicense(_ link: ContentBlocks.Link) -> Bool {
        if let rel = link.rel, Bytes.contains(rel, "license") { return true }
        // Every link of every closing block passes here: a byte search, not Foundation's.
        return Bytes.contains(link.href, "creativecommons.org/licenses/") || Bytes.contains(link.href, "creativecommons.org/publicdomain/")
    }

    /// Feedzy marks its "Read More" links with `feedzy-rss-link-icon`.
    private static func isPluginMark(_ classes: String) -> Bool {
        classes.split(separator: " ").contains { $0.utf8.starts(with: "feedzy".utf8) }
    }

    static func isBoilerplate(_ text: String) -> Bool {
        firstMatch(Patterns.boilerplate, in: text) != nil
    }

    // MARK: Text helpers

    /// Curly quotes, dashes and no-break spaces as their ASCII forms. Each
    /// replacement is one UTF-16 unit for one, so ranges stay valid.
    static func folded(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { scalar -> Unicode.Scalar in
            switch scalar.value {
            case 0x2018, 0x2019, 0x201B, 0x2032: return "'"
            case 0x201C, 0x201D, 0x201F, 0x2033: return "\""
            case 0x2010...0x2015, 0x2212: return "-"
            case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F: return " "
            default: return scalar
            }
        }))
    }

    static func isWebURL(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { SiteAddress.afterWebScheme($0, at: 0) != nil }
    }

    /// Trailing punctuation and filler dropped from a captured name or URL.
    static func trimmedTarget(_ text: String) -> String {
        // On characters, not Foundation's trimming (NSString on Linux).
        var result = Substring(text)
        while let first = result.first, first == " " || first == "(" || first == "\"" || first == "'" { result = result.dropFirst() }
        while let last = result.last, last == " " || ".,;:!?)\"'".contains(last) { result = result.dropLast() }
        return String(result)
    }

    /// Whether the text holds a word without which no matcher can hit: most
    /// blocks are let go here. On bytes, a word start at a time: Foundation's
    /// string search would cost more than the whole parse.
    static func mentionsTrigger(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { mentionsTrigger(bytes: $0) }
    }

    /// The same on a block's text as scanned (spacing not yet collapsed).
    static func mentionsTrigger(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func startsWord(_ word: [UInt8], at index: Int) -> Bool {
            guard index + word.count <= bytes.count else { return false }
            for offset in 0..<word.count where bytes[index + offset] | 0x20 != word[offset] { return false }
            return true
        }
        func follows(_ index: Int, _ expected: [UInt8]) -> Bool {
            index + expected.count < bytes.count && bytes[(index + 1)...(index + expected.count)].elementsEqual(expected)
        }
        var blockStart = 0
        while blockStart < bytes.count {
            let byte = bytes[blockStart]
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { blockStart += 1 }
            else if byte == 0xC2, blockStart + 1 < bytes.count, bytes[blockStart + 1] == 0xA0 { blockStart += 2 }
            else { break }
        }
        // Word by word: a word's first four letters are checked against the trigger words' (one bit
        // test), the rest of the word skipped; only a word whose four match is compared in full.
        let triggerWords = Self.triggerWords, openingWords = Self.openingWords, triggerQuads = Self.triggerQuads
        var index = 0
        let count = bytes.count
        return Self.columns.withUnsafeBufferPointer { columns -> Bool in
            while index < count {
                let byte = bytes[index]
                let bucket = Int(columns[Int(byte)])
                if bucket < 26 {
                    let second: UInt8, third: UInt8, fourth: UInt8
                    if index + 3 < count {
                        (second, third, fourth) = (columns[Int(bytes[index + 1])], columns[Int(bytes[index + 2])], columns[Int(bytes[index + 3])])
                    } else {
                        second = index + 1 < count ? columns[Int(bytes[index + 1])] : 26
                        third = index + 2 < count ? columns[Int(bytes[index + 2])] : 26
                        fourth = 26
                    }
                    if triggerQuads[(bucket * 27 + Int(second)) * 27 + Int(third)] & (1 << fourth) != 0,
                       triggerWords[bucket].contains(where: { startsWord($0, at: index) }) { return true }
                    if index == blockStart, openingWords[bucket].contains(where: { startsWord($0, at: index) }) { return true }
                    // The rest of the word: letters already judged by their first four.
                    index = Self.endOfLetters(bytes, from: index + 1, columns: columns)
                    continue
                }
                if byte == 0xC2, index + 1 < count, bytes[index + 1] == 0xA9 { return true }  // ©
                if byte == UInt8(ascii: "("), index + 2 < count, bytes[index + 1] | 0x20 == UInt8(ascii: "c"), bytes[index + 2] == UInt8(ascii: ")") { return true }
                if byte == UInt8(ascii: "["), follows(index, Array("...".utf8)) || follows(index, [0xE2, 0x80, 0xA6]) { return true }
                index += 1
            }
            return false
        }
    }

    /// The index of the first byte at or after `start` that is not an ASCII letter: eight bytes at a
    /// time while they last (most of the scan was this loop, a byte at a time).
    @inline(__always)
    static func endOfLetters(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, columns: UnsafeBufferPointer<UInt8>) -> Int {
        var index = start
        let count = bytes.count
        guard let base = bytes.baseAddress else { return index }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            // Each byte, folded to lower case and kept below 0x80: its high bit after adding 0x80 - 0x61
            // says "at least a", after adding 0x80 - 0x7B "past z"; bytes of 0x80 and over are no letters.
            let folded = (word | (0x20 &* ones)) & ~highs
            let atLeastA = (folded &+ (0x80 - 0x61) &* ones) & highs
            let pastZ = (folded &+ (0x80 - 0x7B) &* ones) & highs
            let letters = atLeastA & ~pastZ & ~(word & highs)
            let others = ~letters & highs
            if others != 0 { return index + others.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < count, columns[Int(bytes[index])] < 26 { index += 1 }
        return index
    }

    /// Word beginnings of footer wordings that can stand anywhere in a block, by first letter.
    private static let triggerWords = buckets([
        "origin", "courtesy", "copyright", "remov", "appeared", "publi", "posted", "reprint", "republish", "repost",
        "reproduc", "syndicat", "cross", "shared", "ran", "produced", "distributed", "permission", "zuerst", "urspr",
        "erstmals", "rights",
    ])

    /// Words that make a footer only when they open the block ("Source:", "Via …", "Author:").
    private static let openingWords = buckets([
        "source", "via", "hat", "h/t", "author", "written", "by", "share", "related", "continue", "read", "tag",
        "filed", "like", "quelle", "fuente", "fonte", "bron", "courtesy", "image", "text", "content", "photo",
    ])

    /// For each first letter, second and third byte (26 × 27 × 27), the fourth bytes trigger words
    /// have: bit 0–25 a letter, 26 anything else; a three-letter word takes any fourth. Three letters
    /// let through a third of the words of news prose ("council" and "court" for "courtesy", "program"
    /// for "produced"), each then compared in full; four let through few.
    private static let triggerQuads: [UInt32] = {
        var quads = [UInt32](repeating: 0, count: 26 * 27 * 27)
        for (bucket, words) in triggerWords.enumerated() {
            for word in words {
                let second = column(word.count > 1 ? word[1] : 0x20), third = column(word.count > 2 ? word[2] : 0x20)
                let slot = (bucket * 27 + Int(second)) * 27 + Int(third)
                quads[slot] |= word.count > 3 ? 1 << column(word[3]) : (1 << 27) - 1
            }
        }
        return quads
    }()

    /// A byte's place in the trigger tables: its letter (ASCII folded) 0–25, else 26.
    private static func column(_ byte: UInt8) -> UInt8 {
        let lower = byte | 0x20
        return lower >= 0x61 && lower <= 0x7A ? lower - 0x61 : 26
    }

    /// `column` of every byte, looked up rather than computed in the scan.
    static let columns: [UInt8] = (0...255).map { column(UInt8($0)) }

    private static func buckets(_ words: [String]) -> [[[UInt8]]] {
        var buckets = [[[UInt8]]](repeating: [], count: 26)
        for word in words { buckets[Int(word.utf8.first! - 0x61)].append(Array(word.utf8)) }
        return buckets
    }

    private enum Patterns {
        /// PCRE2 with JIT over the block's UTF-8 bytes (no ICU, no UTF-16 conversion).
        static func compile(_ pattern: String) -> ByteRegex { ByteRegex(pattern) }

        static let sentenceStart = #"(?:^|[.!?]["')]?\s+|\s[-|]\s)"#
        /// What a footer sentence is about: this item, never "a study" or "officials".
        static let thisItem = #"(?:this\s+(?:article|story|post|blog\s+post|piece|entry|essay|column|content|report|interview|review|item|op-ed|commentary|episode|video)\s+(?:was\s+|is\s+|has\s+been\s+|had\s+been\s+)?|it\s+(?:was\s+)?|an?\s+(?:earlier\s+|original\s+|shorter\s+|longer\s+)?version\s+of\s+this\s+(?:article|story|post|piece)\s+(?:was\s+|is\s+|has\s+been\s+)?"#
            // "Cet article a été …", "Dieser Artikel ist …", "Este artículo fue …".
            + #"|(?:cet|cette|ce)\s+(?:article|billet|texte|reportage)\s+(?:a\s+été\s+|est\s+|fut\s+|avait\s+été\s+)?"#
            + #"|(?:dieser|dieses|der|die)\s+(?:artikel|beitrag|text|bericht)\s+(?:ist\s+|wurde\s+|war\s+)?"#
            + #"|(?:este|esta|el|la)\s+(?:artículo|articulo|nota|texto|historia)\s+(?:fue\s+|ha\s+sido\s+|se\s+|apareció\s+)?)"#
        static let target = #"(?<target>[^\n]{1,120}?)(?=\s+(?:on|in)\s+(?:\w+\s+\d|\d)|\s+under\b|\s+(?:and|with)\s+(?:is\s+)?(?:its|their|the|republished|reproduced|used|shared)\b|\s*[,;]\s|[.!?](?:\s|$)|\s*$)"#

        static let originalSource = compile(#"\b(?:click|tap|follow|visit|see|use|view|go\s+to)\b[^.]{0,40}?\b(?:link|here)\b[^.]{0,40}?\boriginal\s+(?:source|article|post|story|version)|\b(?:see|read|view|for)\b[^.]{0,20}?\boriginal\s+(?:source|article|post|story|version)\b[^.]{0,30}?\b(?:click|tap|follow|visit|go\s+to)\b[^.]{0,20}?\b(?:link|here)\b|\boriginal\s+source\b"#)
        static let readOriginal = compile(#"\b(?:read|view|see)\s+(?:the\s+)?(?:full\s+)?original(?:\s+(?:article|post|story|version))?\b"#)
        static let firstPublished = compile(sentenceStart + #"(?<subject>the\s+post\b[^\n]{0,300}?|"# + thisItem + #"|)"#
            + #"(?<verb>(?:originally|first)\s+(?:appeared|published|posted|ran)|(?:appeared|published|posted|ran)\s+(?:originally|first)"#
            // French, German and Spanish: "publié à l'origine sur", "zuerst erschienen bei", "publicado originalmente en".
            + #"|publi[ée]e?s?\s+(?:à\s+l'origine|initialement|originellement|pour\s+la\s+première\s+fois)|(?:zuerst|ursprünglich|erstmals)\s+(?:erschienen|veröffentlicht)"#
            + #"|publicad[oa]\s+(?:originalmente|originariamente|por\s+primera\s+vez))"#
            + #"\s+(?:on|at|in|by|with|sur|dans|par|chez|bei|auf|im|von|en|por)\s+"# + target)
        /// "Northwind Times first published this story."
        static let publishedThisFirst = compile(sentenceStart + #"(?<target>[^.!?\n]{1,80}?)\s+(?:first|originally)\s+(?:published|ran|posted)\s+this\s+(?:story|article|piece|post|report|essay|column)\b"#)
        static let republishedFrom = compile(sentenceStart + "(?:" + thisItem + ")?"
            + #"(?:republished|re-published|reprinted|reposted|re-posted|syndicated|cross-?posted|shared|reproduced|produced|distributed|published)\s+(?:here\s+)?(?:(?:with|by)\s+(?:the\s+)?(?:kind\s+)?permission\s+)?(?:from|courtesy\s+of|of|by|with\s+permission\s+(?:from|of))\s+"# + target)
        static let sourceLine = compile(#"^\s*(?:source|sources|original\s+source|article\s+source|content\s+source|quelle|fuente|fonte|bron)\s*[:\-]\s*"# + target)
        /// "Content courtesy of <a>Site</a>", "Image and text courtesy of …", "Courtesy: Site" (not the aggregators' "courtesy of, and owned and copyrighted by").
        static let courtesy = compile(sentenceStart + #"(?:[\w&,]+(?:\s+[\w&,]+){0,4}\s+)?courtesy(?:\s+of(?!,?\s+and\s+owned)|\s*:)\s+"# + target)
        static let rightsToOriginal = compile(#"\ball\s+rights\s+(?:are\s+)?reserved\s+(?:by|to)\s+(?:the\s+)?original\s+(?:publisher|author|source|owner)s?\b"#)
        static let viaLine = compile(#"^\s*(?:via|h/t|hat\s+tip)\s*[:\-]?\s+"# + target)
        static let copyrightOwner = compile(#"(?:(?:this|the)\s+(?:content|article|story|post|piece|item)\s+(?:is\s+|was\s+)?courtesy\s+of,?(?:\s+and\s+(?:is\s+)?owned\s+and\s+copyrighted\s+by,?)?|owned\s+and\s+copyrighted\s+by,?|copyrighted\s+by|(?:is|are)\s+(?:the\s+)?(?:property|copyright)\s+of)\s+"# + target)
        static let removalContact = compile(#"\b(?:remov(?:e|ed|al)|take\s+(?:it\s+|this\s+)?down|taken\s+down)\b[^.]{0,160}?\bcontact\s+(?:us\s+(?:at|via|through)\s+)?(?<target>[^\s,;]+(?:\s+\([^)]{1,40}\))?)"#)
        static let authorLine = compile(#"^\s*(?:author|written\s+by|posted\s+by|by)\s*[:\-]\s*(?<target>[^\n]{1,100}?)\s*$"#)
        static let copyrightLine = compile(sentenceStart + #"(?:©|\(c\)|copyright\b(?!ed))\s*(?:©|\(c\))?\s*(?:\d{4}(?:\s*-\s*\d{4})?,?\s*)?(?:by\s+)?(?<target>[^\n]{1,100}?)(?=\.?\s+all\s+rights\s+reserved|[.!?](?:\s|$)|\s*$)"#)
        static let boilerplate = compile(#"^\s*(?:share\s+this|share\s+on|related(?:\s+(?:posts|articles|stories))?\s*:|continue\s+reading|read\s+more\b|tags?\s*:|filed\s+under|like\s+this\s*:|\[(?:\.\.\.|…)\]\s*$)"#)
        static let url = compile(#"https?://[^\s"<>]+"#)
        static let domain = compile(#"\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b"#)
        static let email = compile(#"[^\s@()]+@[^\s@()]+\.[a-z]{2,}"#)
    }
}

/// Substring search on UTF-8 bytes, case-insensitively for ASCII
/// where asked: Foundation's `contains` on Linux goes through NSString and
/// cost more than the rest of the footer reader.
enum Bytes {
    static func contains(_ haystack: String, _ needle: String, caseInsensitive: Bool = true) -> Bool {
        guard !needle.isEmpty else { return true }
        var hay = haystack, pin = needle
        return hay.withUTF8 { h in
            pin.withUTF8 { n in
                guard n.count <= h.count else { return false }
                let fold = caseInsensitive ? Self.fold : { $0 }
                let first = fold(n[0])
                var index = 0
                while index + n.count <= h.count {
                    if fold(h[index]) == first {
                        var offset = 1
                        while offset < n.count, fold(h[index + offset]) == fold(n[offset]) { offset += 1 }
                        if offset == n.count { return true }
                    }
                    index += 1
                }
                return false
            }
        }
    }

    /// Exact search of bytes in bytes.
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= haystack.count else { return false }
        var index = 0
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0] {
                var offset = 1
                while offset < needle.count, haystack[index + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            index += 1
        }
        return false
    }

    @inline(__always)
    static func fold(_ byte: UInt8) -> UInt8 { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte }
}
