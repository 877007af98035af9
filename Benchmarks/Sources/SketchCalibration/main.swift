// Calibrates the short-text copy test (docs/provenance.md): over a corpus of
// distinct texts (one per line of a JSON Lines file, {"text": …}), how often
// two different texts pass for one article (false matches), and how often a
// text with a one-word edit is still matched to its original, by the 64-bit
// SimHash alone and by SimHash or the shingle sketch (what feeds uses).
// Written by Benchmarks/calibrate-sketch.sh.
import FeedModel
import Foundation
import Provenance

let path = CommandLine.arguments.dropFirst().first ?? "sketch-corpus.jsonl"
let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
let texts = lines.compactMap { line -> String? in
    (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["text"] as? String
}
func marks(_ text: String) -> (Fingerprint, ShingleSketch?) {
    var copy = text
    return copy.withUTF8 { bytes in
        let fingerprint = SimHash.fingerprint(utf8: bytes)
        let sketch = bytes.count < ShingleSketch.maximumTextBytes ? ShingleSketch(shingles: SimHash.shingles(utf8: bytes)) : nil
        return (fingerprint, sketch)
    }
}
let marked = texts.map(marks)
var pairs = 0, simhashFalse = 0, combinedFalse = 0
for i in 0..<marked.count {
    for j in (i + 1)..<marked.count {
        pairs += 1
        if marked[i].0.isSameArticle(as: marked[j].0) { simhashFalse += 1 }
        if SameArticle.test(marked[i].0, marked[i].1, marked[j].0, marked[j].1) { combinedFalse += 1 }
    }
}
// One-word edits: the middle word replaced.
var random = SystemRandomNumberGenerator()
var edited = 0, simhashFound = 0, combinedFound = 0
for (index, text) in texts.enumerated() {
    var words = text.split(separator: " ").map(String.init)
    guard words.count > 10 else { continue }
    words[words.count / 2] = "replacement\(Int.random(in: 0..<1000, using: &random))"
    let copy = marks(words.joined(separator: " "))
    edited += 1
    if copy.0.isSameArticle(as: marked[index].0) { simhashFound += 1 }
    if SameArticle.test(copy.0, copy.1, marked[index].0, marked[index].1) { combinedFound += 1 }
}
let lengths = texts.map(\.utf8.count).sorted()
print("\(texts.count) distinct texts, \(lengths.first ?? 0)-\(lengths.last ?? 0) bytes (median \(lengths[lengths.count / 2])); \(pairs) pairs")
print(String(format: "false matches: SimHash alone %d (%.5f %%), SimHash or sketch %d (%.5f %%)", simhashFalse,
             100.0 * Double(simhashFalse) / Double(pairs), combinedFalse, 100.0 * Double(combinedFalse) / Double(pairs)))
print(String(format: "one-word edits found: SimHash alone %d of %d (%.1f %%), SimHash or sketch %d (%.1f %%)", simhashFound, edited,
             100.0 * Double(simhashFound) / Double(edited), combinedFound, 100.0 * Double(combinedFound) / Double(edited)))
