// Writes the seed corpus for Benchmarks/fuzz.sh: the hostile documents of the
// property tests, each with the mode byte the fuzz target reads first.
import Foundation
import SafetyOracle

let folder = URL(fileURLWithPath: CommandLine.arguments.dropFirst().first ?? "fuzz-corpus")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
var corpus = HostileCorpus(seed: 2026)
var written = 0
for document in corpus.documents(extra: 200) {
    let baseIndex = HostileCorpus.bases.firstIndex { $0 == document.baseURL } ?? 0
    try Data([UInt8(baseIndex << 4)] + document.bytes).write(to: folder.appendingPathComponent(document.name))
    written += 1
}
for (index, fragment) in HostileCorpus.fragments.enumerated() {
    try Data([1] + Array(fragment.replacing("{U}", with: "javascript:alert(1)").utf8)).write(to: folder.appendingPathComponent("fragment-\(index)"))
    written += 1
}
print("wrote \(written) seeds to \(folder.path)")
