// A libFuzzer target for the parser and its sanitizer, with the safety
// oracle of the tests as its assertion: any input after which a script URL,
// an event handler, a script-capable element or hostile CSS leaves feeds
// aborts, and libFuzzer keeps the input. Built and run by Benchmarks/fuzz.sh.
import FeedModel
import FeedParser
import Provenance
import SafetyOracle
#if canImport(Glibc)
import Glibc
#endif

private let bases: [String?] = HostileCorpus.bases

// SwiftPM links an executable's entry point as `<target>_main`; with
// -parse-as-library there is none, so this one hands over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                             _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("SafetyFuzz_main")
public func safetyFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzOne)
}

/// The first byte chooses how the rest is read: as a whole document, or as
/// an HTML fragment wrapped in RSS, Atom and JSON Feed content (so that
/// mutations reach the sanitizer without first having to make a feed).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let mode = data[0]
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let base = bases[Int(mode >> 4) % bases.count]
    var documents: [[UInt8]] = []
    if mode & 1 == 0 {
        documents.append(body)
    } else {
        let fragment = String(decoding: body, as: UTF8.self)
        let escaped = fragment.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
        documents.append(Array("<rss version=\"2.0\"><channel><title>t</title><item><title>i</title><description>\(escaped)</description></item></channel></rss>".utf8))
        documents.append(Array("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"\(base ?? "")\"><title>t</title><entry><id>x</id><title>e</title><content type=\"html\">\(escaped)</content></entry></feed>".utf8))
        var json = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"t\",\"items\":[{\"id\":\"1\",\"content_html\":\""
        for scalar in fragment.unicodeScalars {
            switch scalar {
            case "\"": json += "\\\""
            case "\\": json += "\\\\"
            case _ where scalar.value < 0x20: json += "\\u00" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
            default: json.unicodeScalars.append(scalar)
            }
        }
        documents.append(Array((json + "\"}]}").utf8))
    }
    for document in documents {
        guard let feed = try? FeedParser.parse(document, options: FeedParserOptions(baseURL: base)) else { continue }
        let provenance = ProvenanceAnalyzer().analyze(feed, fetchedFrom: base)
        let problems = SafetyOracle.violations(in: feed, provenance: provenance)
        if !problems.isEmpty {
            let report = Array(("SAFETY VIOLATION:\n" + problems.joined(separator: "\n") + "\n").utf8)
            _ = report.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            abort()
        }
    }
    return 0
}
