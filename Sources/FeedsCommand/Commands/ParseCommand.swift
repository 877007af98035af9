import ArgumentParser
import FeedModel
import FeedParser
import FeedDocuments
import Foundation
import Provenance

struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Print the normalized JSON of one feed document: a file, standard input, or a URL fetched once.",
        discussion: """
            Reads an RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed document from a URL (fetched once), \
            from FILE, or from standard input for -, and prints one JSON object (docs/feed-json.md), each item with its provenance \
            (docs/provenance.md): origin, rights, republisher and the signals behind them. Broken documents are \
            recovered as far as possible; what was recovered from is listed in "warnings".

            Exit status: 0 when the document was parsed (with or without warnings); 1 when it \
            cannot be read or is not a feed, with one "error:" line on standard error.
            """)

    @OptionGroup var document: DocumentOptions

    @Flag(help: "Print the JSON on one line.")
    var compact = false

    func run() async throws {
        let (feed, address) = try await document.load()
        let provenance = ProvenanceAnalyzer().analyze(feed, fetchedFrom: address)
        FeedDocument.json(feed, provenance: provenance).print(pretty: !compact)
    }
}
