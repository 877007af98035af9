import FeedModel
import Foundation
import Provenance
import Store

// Builds (once) a store of FEEDS × ITEMS generated items spread over 2,000
// origin sites, then times `items --origin` queries against it in-process.
//
// Usage: StoreBenchmark STORE_PATH [FEEDS] [ITEMS_PER_FEED]

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: StoreBenchmark STORE_PATH [FEEDS] [ITEMS_PER_FEED]\n".utf8))
    exit(64)
}
let path = arguments[1]
let feedCount = arguments.count > 2 ? Int(arguments[2]) ?? 1000 : 1000
let perFeed = arguments.count > 3 ? Int(arguments[3]) ?? 1000 : 1000
let originSites = 2000
// Words as prose uses them: a 20,000-word vocabulary drawn by Zipf's law
// (rank r with weight 1/r), so a topical pair of words matches a few hundred
// items of a million, and the commonest words nearly all of them.
let vocabulary: [String] = {
    let onsets = ["b", "br", "c", "ch", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "st", "t", "tr", "v", "w"]
    let vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou"]
    let codas = ["", "n", "r", "s", "t", "l", "nd", "rk"]
    var words: [String] = []
    for first in onsets { for vowel in vowels { for coda in codas { for second in onsets.prefix(16) {
        words.append(first + vowel + coda + second + "er")
    } } } }
    return Array(words.prefix(20_000))
}()
let zipfCumulative: [Double] = {
    var total = 0.0
    return vocabulary.indices.map { rank in total += 1 / Double(rank + 1); return total }
}()
func zipfWord(_ generator: inout some RandomNumberGenerator) -> String {
    let target = Double.random(in: 0..<zipfCumulative.last!, using: &generator)
    var low = 0, high = zipfCumulative.count - 1
    while low < high {
        let middle = (low + high) / 2
        if zipfCumulative[middle] <= target { low = middle + 1 } else { high = middle }
    }
    return vocabulary[low]
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

let clock = ContinuousClock()
let exists = FileManager.default.fileExists(atPath: path)
let store = try SQLiteStore(path: path)
if !exists {
    var generator = SystemRandomNumberGenerator()
    let started = clock.now
    _ = try store.registerFeeds((0..<feedCount).map { ("feed-\($0)", "https://carrier\($0).example.com/feed") })
    let base = Date(timeIntervalSince1970: 1_780_000_000)
    for feed in 0..<feedCount {
        var items: [(item: ParsedItem, provenance: ProvenanceRecord)] = []
        items.reserveCapacity(perFeed)
        for index in 0..<perFeed {
            let origin = Int.random(in: 0..<originSites, using: &generator)
            let site = "origin\(origin).example.org"
            let text = (0..<80).map { _ in zipfWord(&generator) }.joined(separator: " ")
            let link = "https://\(site)/\(feed)/\(index)"
            let item = ParsedItem(id: "urn:\(feed):\(index)", link: link, title: "Item \(index) of feed \(feed)",
                                  summary: "<p>\(text)</p>", text: text,
                                  published: base.addingTimeInterval(Double(feed * perFeed + index)))
            let record = ProvenanceRecord(
                origin: ProvenanceOrigin(url: link, site: site), republisher: ProvenanceRepublisher(site: "example.com"),
                rights: ProvenanceRights(notice: "© \(site)", holder: site), author: nil, method: .foreignPermalink, confidence: 0.7,
                signals: [ProvenanceSignal(kind: "item.foreign-permalink", value: link)],
                fingerprint: Fingerprint(UInt64.random(in: .min ... .max, using: &generator)))
            items.append((item, record))
        }
        var state = FeedState(name: "feed-\(feed)", configuredURL: "https://carrier\(feed).example.com/feed",
                              currentURL: "https://carrier\(feed).example.com/feed")
        state.lastResult = "fetched"
        _ = try store.apply(FeedUpdate(state: state, site: "example.com", items: items))
        if feed % 100 == 99 { print("  generated \((feed + 1) * perFeed) items") }
    }
    print(String(format: "generated %d items in %.1f s", feedCount * perFeed, seconds(clock.now - started)))
}

var timings: [Double] = []
for round in 0..<40 {
    let site = "origin\((round * 7919) % originSites).example.org"
    let started = clock.now
    let items = try store.items(ItemQuery(originSite: site, limit: 50))
    timings.append(seconds(clock.now - started) * 1000)
    precondition(!items.isEmpty, "no items for \(site)")
}
timings.sort()
print(String(format: "items --origin (limit 50) over %d items: median %.2f ms, worst %.2f ms (40 sites, in-process)",
             feedCount * perFeed, timings[timings.count / 2], timings.last!))
// The search words store.sh times: a topical pair (ranks 300 and 800) and the two commonest words.
print("search words: topical \"\(vocabulary[299]) \(vocabulary[799])\", common \"\(vocabulary[0]) \(vocabulary[1])\"")
