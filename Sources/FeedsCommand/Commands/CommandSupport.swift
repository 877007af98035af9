import ArgumentParser
import FeedModel
import FeedParser
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

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data(("error: " + text + "\n").utf8))
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
    @Argument(help: ArgumentHelp("The feed document to read; - for standard input.", valueName: "FILE|-"))
    var file: String

    @Option(name: .customLong("base-url"), help: ArgumentHelp("The address the document was fetched from: resolves relative links and names the carrying site when the feed does not.", valueName: "URL"))
    var baseURL: String?

    @Option(help: ArgumentHelp("The charset the document was served with (HTTP Content-Type); outranks the XML declaration.", valueName: "NAME"))
    var charset: String?

    func parse() throws -> ParsedFeed {
        try CommandSupport.parseDocument(at: file, options: FeedParserOptions(baseURL: baseURL, httpCharset: charset))
    }
}
