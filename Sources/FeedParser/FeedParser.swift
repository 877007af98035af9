import FeedModel
import Foundation

/// Parses one feed document from bytes.
public enum FeedParser {
    public static func parse(_ data: some Collection<UInt8>, options: FeedParserOptions = FeedParserOptions()) throws(FeedParserError) -> ParsedFeed {
        let session = FeedParsingSession(options: options)
        let array = Array(data)
        array.withUnsafeBytes { session.consume($0) }
        return try session.finish()
    }
}

/// A document arriving in chunks (as the fetcher receives it): the XML path
/// parses each chunk as it comes, so a large feed is never held as a tree.
public final class FeedParsingSession {
    private enum Mode {
        case undecided
        case xml(XMLPipeline)
        case json
        case cut
    }

    private let options: FeedParserOptions
    private let warnings: WarningLog
    private var mode = Mode.undecided
    private var held: [UInt8] = []
    private var bytesSeen = 0
    private var documentCut = false

    public init(options: FeedParserOptions = FeedParserOptions()) {
        var options = options
        let warnings = WarningLog(limit: options.limits.maxWarnings)
        // The document's address is a base for every relative link in it:
        // only an absolute http(s) URL may be one.
        if let base = options.baseURL, !URLSafety.isWebBase(base) {
            warnings.add(line: nil, "the base URL '\(base.prefix(60))' is not an http(s) address; ignored")
            options.baseURL = nil
        }
        self.options = options
        self.warnings = warnings
    }

    public func consume(_ chunk: UnsafeRawBufferPointer) {
        guard !documentCut else { return }
        var chunk = chunk
        if bytesSeen + chunk.count > options.limits.maxDocumentBytes {
            chunk = UnsafeRawBufferPointer(rebasing: chunk[0..<max(0, options.limits.maxDocumentBytes - bytesSeen)])
            documentCut = true
            warnings.add(line: nil, "the document is larger than \(options.limits.maxDocumentBytes) bytes; the rest was not read")
        }
        bytesSeen += chunk.count
        switch mode {
        case .undecided:
            held.append(contentsOf: chunk)
            if held.count >= EncodingDecision.sniffLength { decide() }
        case .xml(let pipeline):
            pipeline.consume(chunk, final: false)
        case .json:
            held.append(contentsOf: chunk)
        case .cut:
            break
        }
    }

    public func consume(_ data: Data) {
        data.withUnsafeBytes { consume($0) }
    }

    private func decide() {
        let firstSignificant = held.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) })
        if firstSignificant == UInt8(ascii: "{") {
            mode = .json
            return
        }
        let pipeline = XMLPipeline(options: options, warnings: warnings, prefix: held)
        mode = .xml(pipeline)
        let prefix = held
        held = []
        prefix.withUnsafeBytes { pipeline.consume($0, final: false) }
    }

    public func finish() throws(FeedParserError) -> ParsedFeed {
        if case .undecided = mode { decide() }
        var feed: ParsedFeed
        switch mode {
        case .xml(let pipeline):
            pipeline.consume(UnsafeRawBufferPointer(start: nil, count: 0), final: true)
            feed = try pipeline.result()
        case .json:
            feed = try JSONFeedParser.parse(held, options: options, warnings: warnings)
        case .undecided, .cut:
            throw .unrecognized("the document is empty")
        }
        feed.warnings = warnings.warnings
        return feed
    }
}

/// transcoder → entity repair → libxml2 → feed builder, one chunk at a time.
final class XMLPipeline {
    private var transcoder: Transcoder
    private var repair: EntityRepair
    private let builder: XMLFeedBuilder
    private let parser: XMLPushParser
    private let warnings: WarningLog
    private var bomToSkip: Int
    private var utf8Chunk: [UInt8] = []
    private var repairedChunk: [UInt8] = []
    private var notes: [EntityRepair.Note] = []
    private var damage = Transcoder.Damage()
    private var damageLine: Int?
    private let encodingLabel: String

    init(options: FeedParserOptions, warnings: WarningLog, prefix: [UInt8]) {
        self.warnings = warnings
        let decision = prefix.withUnsafeBytes { EncodingDecision.decide(prefix: $0, httpCharset: options.httpCharset) }
        if let conflict = decision.conflict { warnings.add(line: nil, "encoding: \(conflict)") }
        var transcoder = Transcoder(encoding: decision.encoding)
        var label = decision.encoding.label
        if !transcoder.isSupported {
            // An unknown name never rejects the feed: the bytes decide, as when nothing is declared.
            let detected: CharacterEncoding = prefix.withUnsafeBufferPointer { UTF8Validation.isValid($0, allowTruncatedEnd: true) } ? .utf8 : .windows1252
            warnings.add(line: nil, "encoding: unknown charset '\(decision.encoding.label)'; read as \(detected.label), which the bytes fit")
            transcoder = Transcoder(encoding: detected)
            label = detected.label
        }
        self.transcoder = transcoder
        self.encodingLabel = label
        bomToSkip = decision.bomLength
        repair = EntityRepair()
        builder = XMLFeedBuilder(options: options, warnings: warnings)
        parser = XMLPushParser(handler: builder)
        builder.currentLine = { [unowned parser] in parser.currentLine }
    }

    func consume(_ chunk: UnsafeRawBufferPointer, final: Bool) {
        var input = chunk
        if bomToSkip > 0, input.count > 0 {
            let skip = min(bomToSkip, input.count)
            input = UnsafeRawBufferPointer(rebasing: input[skip...])
            bomToSkip -= skip
        }
        utf8Chunk.removeAll(keepingCapacity: true)
        let before = damage.invalidSequences + damage.controlCharacters
        damage.firstOutputOffset = nil
        // Each stage copies only a chunk it has to change.
        if transcoder.transcode(input, final: final, into: &utf8Chunk, damage: &damage) {
            repairAndParse(input.bindMemory(to: UInt8.self), final: final)
        } else {
            if damageLine == nil, damage.invalidSequences + damage.controlCharacters > before, let offset = damage.firstOutputOffset {
                let newlines = utf8Chunk[0..<min(offset, utf8Chunk.count)].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                damageLine = repair.completedLines + newlines + 1
            }
            utf8Chunk.withUnsafeBufferPointer { repairAndParse($0, final: final) }
        }
        if final { reportNotes() }
    }

    private func repairAndParse(_ utf8: UnsafeBufferPointer<UInt8>, final: Bool) {
        repairedChunk.removeAll(keepingCapacity: true)
        if repair.process(utf8, final: final, into: &repairedChunk, notes: &notes) {
            parser.parse(utf8, final: final)
        } else {
            repairedChunk.withUnsafeBufferPointer { _ = parser.parse($0, final: final) }
        }
    }

    private func reportNotes() {
        if damage.invalidSequences > 0 {
            warnings.add(line: damageLine, "encoding: \(damage.invalidSequences) byte sequences that are not \(encodingLabel) replaced with U+FFFD")
        }
        if damage.controlCharacters > 0 {
            warnings.add(line: damage.invalidSequences > 0 ? nil : damageLine, "\(damage.controlCharacters) control characters XML does not allow removed")
        }
        for note in notes {
            switch note.kind {
            case .bareAmpersand:
                warnings.add(line: note.line, "recovered from an unescaped '&'", foldKey: "amp")
            case .bareLessThan:
                warnings.add(line: note.line, "recovered from an unescaped '<'", foldKey: "lt")
            case .htmlEntity(let name):
                warnings.add(line: note.line, "undeclared HTML entity &\(name); decoded", foldKey: "html:" + name)
            case .undefinedEntity(let name):
                warnings.add(line: note.line, "undefined entity &\(name); kept as text", foldKey: "undefined:" + name)
            case .invalidCharacterReference:
                warnings.add(line: note.line, "character reference to a character XML does not allow replaced with U+FFFD", foldKey: "charref")
            case .dtdEntityDeclarations:
                warnings.add(line: note.line, "entities declared in the DOCTYPE are never expanded")
            }
        }
        notes.removeAll()
    }

    func result() throws(FeedParserError) -> ParsedFeed {
        let feed = builder.result()
        if feed.format == .unknown {
            switch builder.rootName?.lowercased() {
            case nil:
                throw .unrecognized("not a feed: no XML element could be read")
            case "html":
                throw .unrecognized("not a feed: this is a web page (HTML), not RSS, Atom or JSON Feed; "
                                    + "its <link rel=\"alternate\" type=\"application/rss+xml\"> usually gives the feed's address")
            case let root?:
                throw .unrecognized("not a feed: an XML document whose root element is <\(root)>; "
                                    + "an RSS feed starts with <rss> or <rdf:RDF>, an Atom feed with <feed>")
            }
        }
        return feed
    }
}
