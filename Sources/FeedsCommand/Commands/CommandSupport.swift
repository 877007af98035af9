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
