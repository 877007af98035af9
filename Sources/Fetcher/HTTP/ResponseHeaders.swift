import Foundation

/// The headers of one HTTP response, as the header callback receives them
/// line by line. Values keep their bytes exactly (validators are echoed
/// verbatim); names are compared case-insensitively.
struct ResponseHeaders {
    private(set) var status: Int?
    private var fields: [(name: String, value: String)] = []

    /// A status line starts a new response (after a redirect, or a 1xx).
    static func statusCode(ofStatusLine line: String) -> Int? {
        guard line.hasPrefix("HTTP/") else { return nil }
        let parts = line.split(separator: " ", maxSplits: 2)
        return parts.count >= 2 ? Int(parts[1]) : nil
    }

    init(status: Int) {
        self.status = status
    }

    mutating func add(line: String) {
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " \t\r\n"))
        fields.append((name, value))
    }

    subscript(name: String) -> String? {
        fields.last { $0.name == name }?.value
    }

    var validators: Validators {
        Validators(etag: self["etag"], lastModified: self["last-modified"])
    }

    /// `charset=` of the Content-Type, unquoted.
    var charset: String? {
        guard let contentType = self["content-type"] else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "charset" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            }
        }
        return nil
    }

    /// `Cache-Control: max-age=N` (s-maxage is for shared caches, not us).
    var maxAge: Int? {
        guard let cacheControl = self["cache-control"] else { return nil }
        for directive in cacheControl.split(separator: ",") {
            let pair = directive.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "max-age", let seconds = Int(pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))), seconds >= 0 {
                return seconds
            }
        }
        return nil
    }

    var expires: Date? { self["expires"].flatMap(HTTPDate.parse) }

    /// `Retry-After` as a moment: delay-seconds from `now`, or an HTTP date.
    func retryAfter(now: Date) -> Date? {
        guard let value = self["retry-after"] else { return nil }
        if let seconds = Int(value), seconds >= 0 { return now.addingTimeInterval(TimeInterval(seconds)) }
        return HTTPDate.parse(value)
    }
}
