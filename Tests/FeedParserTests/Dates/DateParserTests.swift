import Foundation
import Testing
@testable import FeedParser

@Suite("Dates in every real-world form")
struct DateParserTests {
    @Test("Parses to the right instant", arguments: [
        ("Thu, 06 Feb 2025 11:30:00 +0000", "2025-02-06T11:30:00Z"),
        ("Thu, 06 Feb 2025 11:30:00 GMT", "2025-02-06T11:30:00Z"),
        ("06 Feb 2025 11:30:00 +0100", "2025-02-06T10:30:00Z"),
        ("Thu, 6 Feb 2025 11:30 EST", "2025-02-06T16:30:00Z"),
        ("Thu, 06 Feb 25 11:30:00 PDT", "2025-02-06T18:30:00Z"),
        ("Thursday, 06-Feb-25 11:30:00 GMT", "2025-02-06T11:30:00Z"),
        ("Thu Feb  6 11:30:00 2025", "2025-02-06T11:30:00Z"),
        ("Thu, 06 February 2025 11:30:00 +0000", "2025-02-06T11:30:00Z"),
        ("Thu, 06 Feb 2025 11:30:00 +0000 GMT", "2025-02-06T11:30:00Z"),
        ("Thu, 06 Feb 2025 11:30:00 -05:30", "2025-02-06T17:00:00Z"),
        ("Thu, 06 Feb 2025 11:30:00 Z", "2025-02-06T11:30:00Z"),
        ("Thu, 06 Feb 2025 11:30:00 A", "2025-02-06T10:30:00Z"),
        ("Thu, 06 Feb 2025 11:30:00", "2025-02-06T11:30:00Z"),
        ("Sept 6, 2025 3:05 PM", "2025-09-06T15:05:00Z"),
        ("2025-02-06T11:30:00Z", "2025-02-06T11:30:00Z"),
        ("2025-02-06T11:30:00.123456+01:00", "2025-02-06T10:30:00Z"),
        ("2025-02-06T11:30:00+0100", "2025-02-06T10:30:00Z"),
        ("2025-02-06 11:30:00", "2025-02-06T11:30:00Z"),
        ("2025-02-06T11:30Z", "2025-02-06T11:30:00Z"),
        ("2025-02-06", "2025-02-06T00:00:00Z"),
        ("2025-02", "2025-02-01T00:00:00Z"),
        ("2025", "2025-01-01T00:00:00Z"),
        ("20250206T113000Z", "2025-02-06T11:30:00Z"),
        ("  2025-02-06T11:30:00z \n", "2025-02-06T11:30:00Z"),
        ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"),
    ])
    func parses(input: String, expected: String) throws {
        let date = try #require(DateParser.parse(input), "\(input)")
        #expect(ISO8601Formatting.string(from: date) == expected)
    }

    @Test("Rejects what is not a date", arguments: ["", "yesterday", "2025-13-01", "2025-02-30", "32 Jan 2025", "Feb 2025 hello", "12345678901"])
    func rejects(input: String) {
        #expect(DateParser.parse(input) == nil)
    }

    @Test("Formats dates before 1970 and in leap years correctly")
    func formatting() {
        #expect(ISO8601Formatting.string(from: Date(timeIntervalSince1970: -86_400)) == "1969-12-31T00:00:00Z")
        #expect(ISO8601Formatting.string(from: Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
    }
}
