import Foundation

/// The words a user searches for, read once for both backends: every term
/// required; `word*` a prefix; "…" a phrase. Punctuation is text to find,
/// never query syntax (SQLite renders the terms as FTS5's query, PostgreSQL
/// as a tsquery).
struct SearchTerms {
    enum Term: Equatable {
        case word(String)
        case prefix(String)
        case phrase(String)
    }

    var terms: [Term] = []

    init(_ words: String) {
        var rest = Substring(words)
        while let start = rest.firstIndex(where: { !$0.isWhitespace }) {
            rest = rest[start...]
            if rest.first == "\"", let close = rest.dropFirst().firstIndex(of: "\"") {
                let phrase = rest[rest.index(after: rest.startIndex)..<close]
                if !phrase.trimmingCharacters(in: .whitespaces).isEmpty { terms.append(.phrase(String(phrase))) }
                rest = rest[rest.index(after: close)...]
                continue
            }
            let end = rest.firstIndex(where: \.isWhitespace) ?? rest.endIndex
            var word = rest[..<end].drop { $0 == "\"" }
            let prefix = word.hasSuffix("*")
            while word.hasSuffix("*") || word.hasSuffix("\"") { word = word.dropLast() }
            if !word.isEmpty { terms.append(prefix ? .prefix(String(word)) : .word(String(word))) }
            rest = rest[end...]
        }
    }
}
