import Foundation
import FeedModel

/// Collects what the parser recovered from. Repeats of one kind are folded
/// into their first occurrence with a count, so a feed with a thousand
/// `&nbsp;` gets one line, not a thousand; the total is capped.
final class WarningLog {
    private struct Entry {
        var line: Int?
        var message: String
        var count: Int
    }

    private var entries: [Entry] = []
    private var index: [String: Int] = [:]
    private let limit: Int
    private var dropped = 0

    init(limit: Int) { self.limit = limit }

    func add(line: Int?, _ message: String, foldKey: String? = nil) {
        let key = foldKey ?? message
        if let existing = index[key] {
            entries[existing].count += 1
            return
        }
        guard entries.count < limit else { dropped += 1; return }
        index[key] = entries.count
        entries.append(Entry(line: line, message: message, count: 1))
    }

    /// libxml2's messages end in a newline and cascade; keep each once.
    func addParserMessage(line: Int, _ message: String) {
        let text = TextNormalization.trim(message)
        add(line: line > 0 ? line : nil, "XML: " + text, foldKey: "xml:" + text)
    }

    var isEmpty: Bool { entries.isEmpty }

    var warnings: [ParseWarning] {
        // In document order; warnings about the whole document last.
        let ordered = entries.enumerated().sorted { lhs, rhs in
            (lhs.element.line ?? Int.max, lhs.offset) < (rhs.element.line ?? Int.max, rhs.offset)
        }.map(\.element)
        var result = ordered.map { entry in
            ParseWarning(line: entry.line, message: entry.count > 1 ? "\(entry.message) (\(entry.count) times)" : entry.message)
        }
        if dropped > 0 { result.append(ParseWarning(line: nil, message: "\(dropped) more warnings not shown")) }
        return result
    }
}
