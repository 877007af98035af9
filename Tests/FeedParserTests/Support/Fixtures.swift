import FeedModel
import Foundation
import Testing
@testable import FeedParser

enum Fixtures {
    static func data(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return try Data(contentsOf: url)
    }

    static func parse(_ name: String, options: FeedParserOptions = FeedParserOptions()) throws -> ParsedFeed {
        try FeedParser.parse(data(name), options: options)
    }
}

extension ParsedFeed {
    var warningText: String { warnings.map(\.description).joined(separator: "\n") }
}

func parse(_ xml: String, options: FeedParserOptions = FeedParserOptions()) throws -> ParsedFeed {
    try FeedParser.parse(Array(xml.utf8), options: options)
}

/// Feeds `bytes` to a session in pieces of `chunkSize`, as the fetcher would.
func parseInChunks(_ bytes: [UInt8], chunkSize: Int, options: FeedParserOptions = FeedParserOptions()) throws -> ParsedFeed {
    let session = FeedParsingSession(options: options)
    var offset = 0
    while offset < bytes.count {
        let end = min(bytes.count, offset + chunkSize)
        bytes[offset..<end].withUnsafeBytes { session.consume($0) }
        offset = end
    }
    return try session.finish()
}
