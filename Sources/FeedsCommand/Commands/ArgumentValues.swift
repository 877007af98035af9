import ArgumentParser
import FeedParser
import Foundation
import Provenance

/// Option values checked where they are parsed, so that a bad one is a usage
/// error (exit 64) with one line saying what is expected.

/// A site as people type it (`example.org`, `www.example.org`, `https://news.example.org/x`), as its registrable domain.
struct SiteArgument: ExpressibleByArgument {
    var site: String

    init?(argument: String) {
        let trimmed = argument.trimmingCharacters(in: .whitespaces)
        let host = trimmed.contains("://") ? URLComponents(string: trimmed)?.host : trimmed.split(separator: "/").first.map(String.init)
        guard let host, SiteAddress.isHostName(host), let site = SiteAddress.site(named: trimmed) else { return nil }
        self.site = site
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

/// A date: `2026-11-01` or a full ISO 8601 / RFC 822 time.
struct DateArgument: ExpressibleByArgument {
    var date: Date

    init?(argument: String) {
        guard let date = DateParser.parse(argument) else { return nil }
        self.date = date
    }
}

/// A count of items: a whole number, zero or more.
struct CountArgument: ExpressibleByArgument {
    var value: Int

    init?(argument: String) {
        guard let value = Int(argument), value >= 0 else { return nil }
        self.value = value
    }
}
