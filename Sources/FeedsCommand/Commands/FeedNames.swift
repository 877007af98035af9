import ArgumentParser
import FeedsConfig
import Foundation
import Store

/// Feed names as users type them: a typo is an error that suggests the
/// nearest name, never an empty result; the shells complete them.
enum FeedNames {
    /// Throws unless `name` is a feed of feeds.yml or one still in the store.
    static func require(_ name: String, in configuration: FeedsConfiguration, store: any FeedStore) throws {
        let known = Set(configuration.feeds.map(\.name)).union(((try? store.feedStates()) ?? []).map(\.name))
        guard !known.contains(name) else { return }
        var message = "no feed named \"\(name)\" in \(configuration.file.path) or in the store"
        if let nearest = nearest(to: name, among: Array(known)) { message += "; did you mean \"\(nearest)\"?" }
        throw CommandFailure(description: message)
    }

    /// The known name closest to `name` by edit distance, when it is close enough to be a typo.
    static func nearest(to name: String, among names: [String]) -> String? {
        let scored = names.map { ($0, distance(name.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { ($0.1, $0.0) < ($1.1, $1.0) }) else { return nil }
        return best.1 <= max(2, name.count / 3) ? best.0 : nil
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// Shell completion of feed names, read from the feed list the command line names (or the default one).
enum FeedNameCompletion {
    @Sendable static func names(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        var path = ProcessInfo.processInfo.environment["FEEDS_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? "feeds.yml"
        if let flag = words.firstIndex(of: "--config"), flag + 1 < words.count { path = words[flag + 1] }
        guard let configuration = try? ConfigurationReader.read(contentsOf: URL(fileURLWithPath: path)) else { return [] }
        return configuration.feeds.map(\.name).filter { $0.hasPrefix(prefix) }
    }
}
