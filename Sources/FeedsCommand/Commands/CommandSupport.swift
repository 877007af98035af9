import ArgumentParser
import FeedModel
import FeedParser
import Fetcher
import Foundation

/// A failure the user can act on: printed as one `error:` line.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    var exitCode: Int32 = 1
}

enum CommandSupport {
    static func printLine(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// The warning line `check --verify` and `trace --verify` print when the origin's page does not carry the item's text.
    static func warnIfContradicted(_ record: ProvenanceRecord, item: String) {
        guard let verification = record.verification, verification.status == .differentText else { return }
        FileHandle.standardError.write(Data(("warning: \(item): the page at \(verification.url) does not carry this "
            + "text (\(verification.detail)): the claimed origin is contradicted\n").utf8))
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data(("error: " + text + "\n").utf8))
    }

    /// The argument as an http(s) URL, when it is one.
    static func webAddress(_ argument: String) -> String? {
        let lower = argument.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://") ? argument : nil
    }

    /// Fetches one feed and parses it with the charset it was served with,
    /// relative links resolved against the address it finally came from.
    static func fetchDocument(_ url: String, options: FeedParserOptions) async throws -> (feed: ParsedFeed, finalURL: String) {
        let result = await Fetcher().fetch(FetchRequest(url: url))
        switch result.outcome {
        case .fetched(let body):
            var options = options
            options.baseURL = options.baseURL ?? result.documentBase
            options.httpCharset = options.httpCharset ?? result.charset
            do {
                return (try FeedParser.parse(body, options: options), result.finalURL)
            } catch {
                throw CommandFailure(description: "\(url): \(error.description)")
            }
        case .notModified:
            throw CommandFailure(description: "\(url): 304 Not Modified without a conditional request")
        case .gone:
            throw CommandFailure(description: "\(url): 410 Gone: the feed was removed by its publisher")
        case .throttled(let status, let retryAfter):
            let when = retryAfter.map { "; retry after " + ISO8601Formatting.string(from: $0) } ?? ""
            throw CommandFailure(description: "\(url): HTTP \(status), the server asks to slow down\(when)")
        case .httpError(let status):
            throw CommandFailure(description: "\(url): HTTP \(status)")
        case .failed(let failure):
            throw CommandFailure(description: "\(url): \(failure)")
        }
    }

    /// Streams a file (or standard input) through a parsing session in chunks.
    static func parseDocument(at path: String, options: FeedParserOptions) throws -> ParsedFeed {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CommandFailure(description: "cannot read \(path): no such file")
            }
            guard !isDirectory.boolValue, let opened = FileHandle(forReadingAtPath: path) else {
                throw CommandFailure(description: "cannot read \(path): not a readable file")
            }
            handle = opened
        }
        defer { if path != "-" { try? handle.close() } }
        let session = FeedParsingSession(options: options)
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 256 * 1024) ?? Data()
            } catch {
                throw CommandFailure(description: "cannot read \(path): \(error.localizedDescription)")
            }
            if chunk.isEmpty { break }
            session.consume(chunk)
        }
        do {
            return try session.finish()
        } catch {
            throw CommandFailure(description: "\(path == "-" ? "standard input" : path): \(error.description)")
        }
    }
}

/// The feed document `parse` and `check` read, and how it was served.
struct DocumentOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The feed: an http(s) URL to fetch once, a file, or - for standard input.", valueName: "URL|FILE|-"))
    var file: String

    @Option(name: .customLong("base-url"), help: ArgumentHelp("The address the document was fetched from: resolves relative links and names the carrying site when the feed does not (default for a URL: where it was finally fetched from).", valueName: "URL"))
    var baseURL: String?

    @Option(help: ArgumentHelp("The charset the document was served with (HTTP Content-Type); outranks the XML declaration.", valueName: "NAME"))
    var charset: String?

    /// The parsed feed and the address it came from, when known.
    func load() async throws -> (feed: ParsedFeed, address: String?) {
        let options = FeedParserOptions(baseURL: baseURL, httpCharset: charset)
        if let url = CommandSupport.webAddress(file) {
            let fetched = try await CommandSupport.fetchDocument(url, options: options)
            return (fetched.feed, baseURL ?? fetched.finalURL)
        }
        return (try CommandSupport.parseDocument(at: file, options: options), baseURL)
    }
}
