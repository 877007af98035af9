import Foundation
import LoopbackHTTP
import Provenance
import Testing

/// The built `feeds` binary, run as a user runs it.
enum FeedsBinary {
    static var url: URL {
        // Tests run from the build folder that also holds the `feeds` product.
        Bundle.main.bundleURL.appendingPathComponent("feeds")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        // Hermetic: no feeds.yml from the folder the tests run in, none from the environment.
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        // On PostgreSQL (TestBackend), the test folder's own database.
        process.environment = try environment ?? TestBackend.environment(forConfig: arguments.firstIndex(of: "--config").map { arguments[$0 + 1] })
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }

    static func temporaryFile(_ contents: String, name: String = "feed.xml") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feeds-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try Data(contents.utf8).write(to: file)
        return file
    }
}

@Suite("feeds parse")
struct ParseCommandTests {
    @Test("Prints the normalized document with stable key order and no empty values")
    func normalizedDocument() throws {
        let file = try FeedsBinary.temporaryFile("""
            <rss version="2.0"><channel><title>Key order</title><link>https://k.example.com/</link><description></description>
            <item><title>One</title><link>/one</link><guid isPermaLink="false">id-1</guid><pubDate>Thu, 06 Feb 2025 11:30:00 +0000</pubDate></item></channel></rss>
            """)
        let result = try FeedsBinary.run(["parse", "--compact", "--base-url", "https://k.example.com/feed", file.path])
        #expect(result.status == 0)
        let fingerprint = SimHash.fingerprint(of: "One").description
        #expect(result.stdout == """
            {"format":"rss2.0","title":"Key order","link":"https://k.example.com/","items":[{"id":"id-1","link":"https://k.example.com/one","title":"One","published":"2025-02-06T11:30:00Z","provenance":{"origin":{"url":"https://k.example.com/one","site":"example.com"},"method":"self","confidence":0.7,"signals":[],"fingerprint":"\(fingerprint)"}}],"warnings":[]}

            """)
        #expect(result.stderr.isEmpty)
    }

    @Test("Reads standard input with -")
    func standardInput() throws {
        let result = try FeedsBinary.run(["parse", "-"], stdin: Data(#"{"version":"https://jsonfeed.org/version/1.1","title":"Piped","items":[]}"#.utf8))
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["format"] as? String == "jsonfeed1.1")
        #expect(object?["title"] as? String == "Piped")
        #expect((object?["items"] as? [Any])?.isEmpty == true)
    }

    @Test("A missing file is one error line and status 1")
    func missingFile() throws {
        let result = try FeedsBinary.run(["parse", "/nonexistent/feed.xml"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "error: cannot read /nonexistent/feed.xml: no such file\n")
    }

    @Test("A document that is not a feed is one error line and status 1")
    func notAFeed() throws {
        let file = try FeedsBinary.temporaryFile("<html><body>nope</body></html>", name: "page.html")
        let result = try FeedsBinary.run(["parse", file.path])
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(file.path): not a feed: this is a web page (HTML), not RSS, Atom or JSON Feed; its <link rel=\"alternate\" type=\"application/rss+xml\"> usually gives the feed's address\n")
    }

    @Test("A usage error names the problem and exits 64")
    func usage() throws {
        let result = try FeedsBinary.run(["parse"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: Missing expected argument"))
    }
}

@Suite("Relative references in fetched feeds")
struct RelativeReferenceTests {
    @Test("xml:base first, then Content-Location, then the fetched address")
    func precedence() throws {
        let document = """
            <rss version="2.0"><channel><title>R</title><item><title>a</title><link>story-a</link>
            <description>&lt;img src="pic.png"&gt;</description></item>
            <item xml:base="https://based.example.org/x/"><title>b</title><link>story-b</link></item></channel></rss>
            """
        let server = try LoopbackServer { request in
            .text(document, headers: request.path == "/located" ? [("Content-Location", "/archive/2026/feed.xml")] : [])
        }
        let located = try FeedsBinary.run(["parse", server.baseURL + "/located", "--compact"])
        let object = try JSONSerialization.jsonObject(with: Data(located.stdout.utf8)) as? [String: Any]
        let items = try #require(object?["items"] as? [[String: Any]])
        #expect(items[0]["link"] as? String == server.baseURL + "/archive/2026/story-a")
        #expect(items[0]["summary"] as? String == "<img src=\"\(server.baseURL)/archive/2026/pic.png\">")
        #expect(items[1]["link"] as? String == "https://based.example.org/x/story-b")
        let plain = try FeedsBinary.run(["parse", server.baseURL + "/feeds/plain", "--compact"])
        #expect(plain.stdout.contains("\"link\":\"\(server.baseURL)/feeds/story-a\""), "\(plain.stdout)")
    }
}
