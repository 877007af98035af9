/// robots.txt as RFC 9309 reads it: the group for our product token (else
/// `*`), and the longest matching `Allow`/`Disallow` rule, `Allow` winning a
/// tie; `*` and `$` in rules. Only article pages are checked against it
/// (feeds are meant to be fetched).
public struct Robots: Sendable, Equatable {
    struct Rule: Sendable, Equatable {
        var allow: Bool
        var pattern: [UInt8]
    }

    var rules: [Rule]

    public static let allowAll = Robots(rules: [])
    public static let disallowAll = Robots(rules: [Rule(allow: false, pattern: Array("/".utf8))])

    public init(_ text: String, productToken: String) {
        let token = productToken.lowercased()
        var groups: [(agents: [String], rules: [Rule])] = []
        var lastWasAgent = false
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "user-agent":
                if !lastWasAgent { groups.append(([], [])) }
                groups[groups.count - 1].agents.append(value.lowercased())
                lastWasAgent = true
            case "allow", "disallow":
                lastWasAgent = false
                guard !groups.isEmpty, !(key == "disallow" && value.isEmpty) else { continue }
                groups[groups.count - 1].rules.append(Rule(allow: key == "allow", pattern: Array(value.utf8)))
            default:
                lastWasAgent = false
            }
        }
        let mine = groups.filter { $0.agents.contains(token) }
        let chosen = mine.isEmpty ? groups.filter { $0.agents.contains("*") } : mine
        rules = chosen.flatMap(\.rules)
    }

    init(rules: [Rule]) { self.rules = rules }

    /// Whether the path (with its query) may be fetched.
    public func allows(_ pathAndQuery: String) -> Bool {
        let path = Array(pathAndQuery.utf8)
        var best: Rule?
        for rule in rules where Self.matches(rule.pattern[...], path[...]) {
            if best == nil || rule.pattern.count > best!.pattern.count || (rule.pattern.count == best!.pattern.count && rule.allow) {
                best = rule
            }
        }
        return best?.allow ?? true
    }

    private static func matches(_ pattern: ArraySlice<UInt8>, _ path: ArraySlice<UInt8>) -> Bool {
        guard let first = pattern.first else { return true }
        if first == UInt8(ascii: "$") && pattern.count == 1 { return path.isEmpty }
        if first == UInt8(ascii: "*") {
            let rest = pattern.dropFirst()
            var start = path.startIndex
            while true {
                if matches(rest, path[start...]) { return true }
                if start == path.endIndex { return false }
                start += 1
            }
        }
        guard let byte = path.first, byte == first else { return false }
        return matches(pattern.dropFirst(), path.dropFirst())
    }
}
