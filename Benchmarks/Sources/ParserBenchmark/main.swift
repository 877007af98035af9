import CLibXML2Raw
import FeedParser
import Foundation
import Provenance

// Parses every document of a corpus folder, chunk by chunk as the fetcher
// would deliver it, with (a) libxml2's SAX2 push parser and empty callbacks —
// the ceiling for any parser built on libxml2 — and (b) FeedParser. Reports
// the best of several rounds of each, in MB/s and items/s.

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: ParserBenchmark CORPUS_DIR [ROUNDS]\n".utf8))
    exit(64)
}
let rounds = arguments.count > 2 ? Int(arguments[2]) ?? 5 : 5
let chunkSize = 64 * 1024
let folder = URL(fileURLWithPath: arguments[1])
let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".xml") }.sorted()
let documents: [[UInt8]] = try names.map { Array(try Data(contentsOf: folder.appendingPathComponent($0))) }
let totalBytes = documents.reduce(0) { $0 + $1.count }
let megabytes = Double(totalBytes) / 1_000_000

/// Feeds a document to a push parser the way the fetcher delivers it, then frees the parser.
func parseInChunks(_ bytes: [UInt8], _ context: xmlParserCtxtPtr) {
    bytes.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { chars in
            var offset = 0
            while offset < chars.count {
                let end = min(chars.count, offset + chunkSize)
                xmlParseChunk(context, chars.baseAddress! + offset, Int32(end - offset), 0)
                offset = end
            }
            xmlParseChunk(context, nil, 0, 1)
        }
    }
    xmlFreeParserCtxt(context)
}

func rawSAX(_ bytes: [UInt8]) {
    var sax = xmlSAXHandler()
    sax.initialized = UInt32(XML_SAX2_MAGIC)
    sax.startElementNs = { _, _, _, _, _, _, _, _, _ in }
    sax.endElementNs = { _, _, _, _ in }
    sax.characters = { _, _, _ in }
    sax.cdataBlock = { _, _, _ in }
    sax.serror = { _, _ in }
    guard let context = xmlCreatePushParserCtxt(&sax, nil, nil, 0, nil) else { return }
    xmlCtxtUseOptions(context, Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue))
    parseInChunks(bytes, context)
}

/// A second reference: the same SAX run, but the callbacks keep every text
/// node (the least any parser that returns content must do).
final class TextSink {
    var bytes: [UInt8] = []
}

func saxKeepingText(_ bytes: [UInt8]) {
    var sax = xmlSAXHandler()
    sax.initialized = UInt32(XML_SAX2_MAGIC)
    sax.startElementNs = { _, _, _, _, _, _, _, _, _ in }
    sax.endElementNs = { _, _, _, _ in }
    sax.characters = { context, text, length in
        guard let context, let text else { return }
        Unmanaged<TextSink>.fromOpaque(context).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: text, count: Int(length)))
    }
    sax.cdataBlock = sax.characters
    sax.serror = { _, _ in }
    let sink = TextSink()
    guard let context = xmlCreatePushParserCtxt(&sax, Unmanaged.passUnretained(sink).toOpaque(), nil, 0, nil) else { return }
    xmlCtxtUseOptions(context, Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue))
    parseInChunks(bytes, context)
}

func feedsParser(_ bytes: [UInt8], provenance: Bool = false) -> Int {
    let session = FeedParsingSession()
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let end = min(raw.count, offset + chunkSize)
            session.consume(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
            offset = end
        }
    }
    guard let feed = try? session.finish() else { return 0 }
    if provenance { return analyzer.analyze(feed).count }
    return feed.items.count
}

let analyzer = ProvenanceAnalyzer()

func measure(_ label: String, _ body: () -> Int) -> (seconds: Double, items: Int) {
    var best = Double.infinity
    var items = 0
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        items = body()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        best = min(best, elapsed)
    }
    return (best, items)
}

xmlInitParser()
// For profiling the parser alone: PARSE_ONLY=1 ParserBenchmark corpus.
if ProcessInfo.processInfo.environment["PARSE_ONLY"] != nil {
    let parsed = measure("feeds") { documents.reduce(0) { $0 + feedsParser($1) } }
    print(String(format: "feeds FeedParser: %.1f MB/s", megabytes / parsed.seconds))
    exit(0)
}
// For profiling provenance: PROVENANCE_ONLY=1 ParserBenchmark corpus (parse + provenance, nothing else).
if ProcessInfo.processInfo.environment["PROVENANCE_ONLY"] != nil {
    let analyzed = measure("feeds+provenance") { documents.reduce(0) { $0 + feedsParser($1, provenance: true) } }
    print(String(format: "feeds parse + provenance: %.1f MB/s", megabytes / analyzed.seconds))
    exit(0)
}
let raw = measure("raw") { documents.forEach(rawSAX); return 0 }
let keepingText = measure("raw keeping text") { documents.forEach(saxKeepingText); return 0 }
let parsed = measure("feeds") { documents.reduce(0) { $0 + feedsParser($1) } }
let withProvenance = measure("feeds+provenance") { documents.reduce(0) { $0 + feedsParser($1, provenance: true) } }
let ratio = raw.seconds / parsed.seconds

print("corpus: \(documents.count) documents, \(String(format: "%.1f", megabytes)) MB, \(parsed.items) items; best of \(rounds) rounds")
print(String(format: "libxml2 SAX, empty callbacks: %7.1f MB/s  (%.3f s)", megabytes / raw.seconds, raw.seconds))
print(String(format: "libxml2 SAX, text kept:       %7.1f MB/s  (%.3f s)", megabytes / keepingText.seconds, keepingText.seconds))
print(String(format: "feeds FeedParser:             %7.1f MB/s  %9.0f items/s  (%.3f s)", megabytes / parsed.seconds, Double(parsed.items) / parsed.seconds, parsed.seconds))
print(String(format: "feeds parse + provenance:     %7.1f MB/s  %9.0f items/s  (%.3f s)", megabytes / withProvenance.seconds, Double(withProvenance.items) / withProvenance.seconds, withProvenance.seconds))
print(String(format: "ratio: %.0f %% of raw libxml2 throughput (parse only); %.0f %% of the text-keeping run",
             ratio * 100, keepingText.seconds / parsed.seconds * 100))
print(String(format: "provenance costs %.2f x the parse (%.3f s on top of %.3f s)",
             (withProvenance.seconds - parsed.seconds) / parsed.seconds, withProvenance.seconds - parsed.seconds, parsed.seconds))
