import Foundation
import LoopbackHTTP
import Testing

/// The Atom schema of RFC 4287 (Fixtures/schemas/atom.rnc, converted by trang).
private let atomSchema = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/schemas/atom.rng").path

extension SyncWorld {
    var publishedFolder: URL { folder.appendingPathComponent("public") }

    /// Adds a `publish:` block (and, per feed, `show:`) to the world's feeds.yml.
    func enablePublishing(feeds: [String]? = nil, show: [String: String] = [:], extra: String = "") throws {
        let file = folder.appendingPathComponent("feeds.yml")
        var config = try String(contentsOf: file, encoding: .utf8)
        for (feed, value) in show {
            config = config.replacingOccurrences(of: "    name: \(feed)\n", with: "    name: \(feed)\n    show: \(value)\n")
        }
        config += """
            publish:
              out: public
              title: Harbor News Digest
              url: https://digest.example.net/
              removal_contact: mailto:removals@digest.example.net

            """
        if let feeds { config += "  feeds: [\(feeds.joined(separator: ", "))]\n" }
        config += extra
        try Data(config.utf8).write(to: file)
    }

    func published(_ path: String) throws -> String {
        try String(contentsOf: publishedFolder.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every file of the published folder whose bytes contain the phrase.
    func publishedFiles(containing phrase: String) throws -> [String] {
        let files = FileManager.default.enumerator(at: publishedFolder, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return files.filter { url in
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                  let data = try? Data(contentsOf: url) else { return false }
            return data.range(of: Data(phrase.utf8)) != nil
        }.map(\.lastPathComponent).sorted()
    }

    func modificationTimes() throws -> [String: Date] {
        var times: [String: Date] = [:]
        let files = FileManager.default.enumerator(at: publishedFolder, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for url in files {
            times[url.path] = try url.resourceValues(forKeys: [URLResourceKey.contentModificationDateKey]).contentModificationDate
        }
        return times
    }
}

@Suite("feeds publish")
struct PublishCommandTests {
    @Test("The site shows each article once, from its origin, with the carrier and rights, and its Atom is valid RFC 4287")
    func publishesWithAttribution() throws {
        let world = try SyncWorld()
        try world.enablePublishing()
        let sync = try world.feeds(["sync", "--publish"])
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains("published 2 items from 1 origin sites"), "\(sync.stdout)")
        for file in ["atom.xml", "rss.xml", "feed.json", "index.html", "style.css", "origins/example.org.html"] {
            #expect(FileManager.default.fileExists(atPath: world.publishedFolder.appendingPathComponent(file).path), "\(file)")
        }
        let index = try world.published("index.html")
        // The harbor article is carried three times (origin, crediting aggregator, copycat): shown once, the origin's own.
        #expect(index.components(separatedBy: "Harbor dredging plan approved").count - 1 == 1)
        #expect(!index.contains("Dredging approved for harbor"))
        #expect(index.contains(#"<a href="https://coastal.example.org/harbor">Harbor dredging plan approved</a>"#))
        #expect(index.contains(#"from <a href="origins/example.org.html">example.org</a>"#))
        #expect(index.contains("by Maria Lopez"))
        #expect(index.contains("mailto:removals@digest.example.net"))
        let origin = try world.published("origins/example.org.html")
        #expect(origin.contains("Asking for removal") && origin.contains("Ferry fares") && origin.contains("Harbor dredging plan approved"))

        let validation = try Tool.run("/usr/bin/xmllint", ["--noout", "--relaxng", atomSchema, world.publishedFolder.appendingPathComponent("atom.xml").path])
        #expect(validation.status == 0, "\(validation.stderr)")
        let rss = try Tool.run("/usr/bin/xmllint", ["--noout", world.publishedFolder.appendingPathComponent("rss.xml").path])
        #expect(rss.status == 0, "\(rss.stderr)")
    }

    @Test("Only a crediting aggregator and a copycat: the copy shown is the credited one, linking to the original, via its carrier")
    func republishedCopies() throws {
        let world = try SyncWorld()
        try world.enablePublishing(feeds: ["aggregator", "copycat"])
        #expect(try world.feeds(["sync", "--publish"]).status == 0)
        let index = try world.published("index.html")
        #expect(index.contains(#"<a href="https://coastal.example.org/harbor">Harbor dredging plan approved</a>"#))
        #expect(index.contains(#"(via example.com, <a href="https://wire.example.com/2026/harbor">its copy</a>)"#))
        #expect(!index.contains("Dredging approved for harbor"), "the copycat's copy of the same article is not shown again")
        let atom = try world.published("atom.xml")
        #expect(atom.contains(#"<link rel="alternate" type="text/html" href="https://coastal.example.org/harbor"/>"#))
        #expect(atom.contains(#"<link rel="via" type="text/html" href="https://wire.example.com/2026/harbor"/>"#))
        #expect(atom.contains("<source>"))
    }

    @Test("A copy that gave no attribution is shown with the origin its text matched, and says so")
    func unattributedCopy() throws {
        let world = try SyncWorld()
        try world.enablePublishing(feeds: ["copycat"])
        #expect(try world.feeds(["sync", "--publish"]).status == 0)
        let index = try world.published("index.html")
        #expect(index.contains("Dredging approved for harbor"))
        #expect(index.contains(#"from <a href="origins/example.org.html">example.org</a>"#))
        #expect(index.contains("example.net carried this without saying where it came from"))
    }

    @Test("What feeds publishes reads back through feeds parse with its origin, rights and author")
    func roundTrip() throws {
        let world = try SyncWorld()
        world.site["/origin.xml"] = world.site["/origin.xml"]!.replacingOccurrences(
            of: "<link>https://coastal.example.org/</link>", with: "<link>https://coastal.example.org/</link><copyright>© 2026 Coastal Herald</copyright>")
        try world.enablePublishing(feeds: ["origin", "aggregator"], show: ["origin": "full"])
        #expect(try world.feeds(["sync", "--publish"]).status == 0)
        for file in ["atom.xml", "rss.xml", "feed.json"] {
            let parsed = try FeedsBinary.run(["parse", world.publishedFolder.appendingPathComponent(file).path, "--base-url", "https://digest.example.net/"])
            #expect(parsed.status == 0, "\(file): \(parsed.stderr)")
            let document = try #require(JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [String: Any])
            let items = document["items"] as? [[String: Any]] ?? []
            let item = try #require(items.first { $0["link"] as? String == "https://coastal.example.org/harbor" }, "\(file): \(items)")
            let provenance = try #require(item["provenance"] as? [String: Any], "\(file)")
            #expect((provenance["origin"] as? [String: Any])?["site"] as? String == "example.org", "\(file): \(provenance)")
            #expect(provenance["author"] as? String == "Maria Lopez", "\(file): \(provenance)")
            #expect((provenance["rights"] as? [String: Any])?["notice"] as? String == "© 2026 Coastal Herald", "\(file): \(provenance)")
            #expect((item["content"] as? String ?? item["summary"] as? String ?? "").contains("trawlers wait for high tide"), "\(file): shown in full")
        }
        let feed = try #require(JSONSerialization.jsonObject(with: Data(try world.published("feed.json").utf8)) as? [String: Any])
        #expect(feed["version"] as? String == "https://jsonfeed.org/version/1.1")
        let items = try #require(feed["items"] as? [[String: Any]])
        #expect(items.allSatisfy { (($0["_provenance"] as? [String: Any])?["origin"] as? [String: Any])?["site"] as? String == "example.org" })
    }

    @Test("Publishing twice with nothing new rewrites nothing; a changed item rewrites the files that show it")
    func stableOutput() throws {
        let world = try SyncWorld()
        try world.enablePublishing()
        #expect(try world.feeds(["sync", "--publish"]).status == 0)
        let before = try world.modificationTimes()
        let again = try world.feeds(["publish"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("0 files written"), "\(again.stdout)")
        #expect(try world.modificationTimes() == before)
        world.site["/origin.xml"] = world.site["/origin.xml"]!.replacingOccurrences(of: "Ferry fares rise", with: "Ferry fares climb")
        let changed = try world.feeds(["sync", "--publish", "--force"])
        #expect(changed.status == 0, "\(changed.stderr)")
        let after = try world.modificationTimes()
        let rewritten = Set(after.keys.filter { after[$0] != before[$0] }.map { URL(fileURLWithPath: $0).lastPathComponent })
        #expect(rewritten.isSuperset(of: ["index.html", "example.org.html", "atom.xml"]), "\(rewritten)")
        #expect(!rewritten.contains("style.css"))
        #expect(try world.published("index.html").contains("Ferry fares climb"))
    }

    @Test("feeds remove publishes again at once: no file of the site holds the article any more")
    func removeRepublishes() throws {
        let world = try SyncWorld()
        try world.enablePublishing()
        #expect(try world.feeds(["sync", "--publish"]).status == 0)
        #expect(try !world.publishedFiles(containing: "dredging plan that fishermen").isEmpty)
        let removed = try world.feeds(["remove", "--url", "https://coastal.example.org/harbor", "--requested-by", "legal@coastal.example.org"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("published 1 items"), "\(removed.stdout)")
        #expect(try world.publishedFiles(containing: "dredging plan that fishermen").isEmpty)
        #expect(try world.publishedFiles(containing: "Harbor dredging").isEmpty)
        #expect(try world.published("index.html").contains("Ferry fares"))
        // Removing the whole origin leaves no page of its own behind.
        _ = try world.feeds(["remove", "--origin", "example.org", "--requested-by", "legal@coastal.example.org"])
        #expect(!FileManager.default.fileExists(atPath: world.publishedFolder.appendingPathComponent("origins/example.org.html").path))
        #expect(try world.publishedFiles(containing: "Ferry fares").isEmpty)
    }

    @Test("A template in templates: replaces the built-in one; values are escaped by the engine; a broken template is an error")
    func templateOverride() throws {
        let world = try SyncWorld()
        world.site["/copycat.xml"] = world.site["/copycat.xml"]!.replacingOccurrences(
            of: "<title>Dredging approved for harbor</title>", with: "<title>Dredging 3 &lt; 5 &amp; \"fast\"</title>")
        try world.enablePublishing(feeds: ["copycat"], extra: "  templates: my-templates\n")
        let templates = world.folder.appendingPathComponent("my-templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data("<ul>{{#days}}{{#items}}<li>{{title}} ({{originSite}})</li>{{/items}}{{/days}}</ul>\n".utf8)
            .write(to: templates.appendingPathComponent("index.html.mustache"))
        let sync = try world.feeds(["sync", "--publish"])
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(try world.published("index.html") == "<ul><li>Dredging 3 &lt; 5 &amp; &quot;fast&quot; (example.org)</li></ul>\n")
        #expect(try world.published("atom.xml").contains("<title type=\"text\">Dredging 3 &lt; 5 &amp; &quot;fast&quot;</title>"))
        try Data("{{#days}}unclosed".utf8).write(to: templates.appendingPathComponent("index.html.mustache"))
        let broken = try world.feeds(["publish"])
        #expect(broken.status == 1)
        #expect(broken.stderr.hasPrefix("error: publish: the template ") && broken.stderr.contains("is not valid Mustache"), "\(broken.stderr)")
        #expect(try world.published("index.html").hasPrefix("<ul><li>"), "the site is left as it was")
    }

    @Test("A publish block with a mistake is one error line naming its line; --publish without one is refused", arguments: [
        ("publish:\n  out: public\n  url: ftp://digest.example.net/\n  removal_contact: mailto:a@b.c\n", "must be the http or https address"),
        ("publish:\n  out: public\n  url: https://digest.example.net/\n", "`publish` needs `removal_contact`"),
        ("publish:\n  out: public\n  url: https://digest.example.net/\n  removal_contact: mailto:a@b.c\n  feeds: [nope]\n", "\"nope\", which is not a feed"),
    ])
    func badConfiguration(block: String, message: String) throws {
        let world = try SyncWorld()
        let file = world.folder.appendingPathComponent("feeds.yml")
        try Data((try String(contentsOf: file, encoding: .utf8) + block).utf8).write(to: file)
        let result = try world.feeds(["publish"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: \(file.path):") && result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test("publish and sync --publish without a publish block say what to add")
    func noPublishBlock() throws {
        let world = try SyncWorld()
        let publish = try world.feeds(["publish"])
        #expect(publish.status == 1 && publish.stderr.contains("has no `publish:` block"), "\(publish.stderr)")
        let sync = try world.feeds(["sync", "--publish"])
        #expect(sync.status != 0 && sync.stderr.contains("--publish needs a `publish:` block"), "\(sync.stderr)")
        #expect(!FileManager.default.fileExists(atPath: world.folder.appendingPathComponent("state").path), "nothing synced")
    }
}

/// A program run to completion, its output kept.
enum Tool {
    static func run(_ path: String, _ arguments: [String]) throws -> FeedsBinary.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return FeedsBinary.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                  stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// Debian's Chromium, when installed (script/setup installs it; CI must have it).
private let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
private let browserRequired = ProcessInfo.processInfo.environment["CI"] != nil

@Suite("The published site in a real browser")
struct PublishedSiteBrowserTests {
    /// Loads a page of the site, served on 127.0.0.1, in headless Chromium: its DOM as
    /// rendered, its console messages, the paths it asked for, and a screenshot.
    struct Rendering {
        var dom: String
        var console: [String]
        var requests: [(path: String, status: Int)]
        var screenshot: URL
    }

    static func render(_ page: String, of folder: URL, screenshotIn temporary: URL) throws -> Rendering {
        let browser = try #require(chromium, "chromium is not installed: run script/setup")
        let requests = RequestLog()
        let server = try LoopbackServer { request in
            let path = request.path.split(separator: "?").first.map(String.init) ?? "/"
            let file = folder.appendingPathComponent(String(path.dropFirst()))
            guard !path.contains(".."), let body = FileManager.default.contents(atPath: file.path) else {
                requests.add(path, 404)
                return LoopbackServer.Response(status: 404)
            }
            requests.add(path, 200)
            let type = path.hasSuffix(".css") ? "text/css" : "text/html; charset=utf-8"
            return LoopbackServer.Response(status: 200, headers: [("Content-Type", type)], body: [UInt8](body))
        }
        let url = "\(server.baseURL)/\(page)"
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--enable-logging=stderr", "--v=0",
                     "--user-data-dir=\(temporary.appendingPathComponent("profile").path)"]
        let dump = try Tool.run(browser, flags + ["--dump-dom", url])
        let screenshot = temporary.appendingPathComponent(page.replacingOccurrences(of: "/", with: "-") + ".png")
        let shot = try Tool.run(browser, flags + ["--window-size=412,1400", "--hide-scrollbars", "--screenshot=\(screenshot.path)", url])
        #expect(shot.status == 0, "\(shot.stderr)")
        let console = (dump.stderr + "\n" + shot.stderr).split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Rendering(dom: dump.stdout, console: console, requests: requests.entries, screenshot: screenshot)
    }

    @Test("index.html and an origin page load with no console message and no missing file; every item links to its original",
          .enabled(if: chromium != nil || browserRequired, "chromium is not installed (script/setup installs it)"))
    func rendersInChromium() throws {
        let world = try SyncWorld()
        try world.enablePublishing(feeds: ["aggregator", "origin"])
        #expect(try world.feeds(["sync", "--publish"]).status == 0)
        let temporary = world.folder.appendingPathComponent("browser")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        for page in ["index.html", "origins/example.org.html"] {
            let rendering = try Self.render(page, of: world.publishedFolder, screenshotIn: temporary)
            #expect(rendering.console.isEmpty, "\(page): \(rendering.console)")
            #expect(rendering.requests.allSatisfy { $0.status == 200 }, "\(page): \(rendering.requests)")
            #expect(rendering.requests.contains { $0.path.hasSuffix("style.css") }, "\(page) loads its stylesheet")
            // The DOM as Chromium built it: each item's heading links to the original article.
            let headings = rendering.dom.components(separatedBy: "<h3><a href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
            #expect(headings.sorted() == ["https://coastal.example.org/ferry", "https://coastal.example.org/harbor"], "\(page)")
            let png = try Data(contentsOf: rendering.screenshot)
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000, "\(page): a real screenshot at \(rendering.screenshot.path)")
        }
    }
}

final class RequestLog: @unchecked Sendable {
    private let lock = NSLock()
    private var log: [(path: String, status: Int)] = []
    func add(_ path: String, _ status: Int) { lock.withLock { log.append((path, status)) } }
    var entries: [(path: String, status: Int)] { lock.withLock { log } }
}
