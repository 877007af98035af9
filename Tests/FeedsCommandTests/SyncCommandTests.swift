import Foundation
import LoopbackHTTP
import Store
import Testing

/// One article, written for these tests, long enough to fingerprint.
let harborArticle = """
    The county board voted five to two on Tuesday to fund the harbor dredging plan that fishermen have sought for a decade. \
    The channel has silted up so badly that trawlers wait for high tide to reach the fish market, losing hours each week. \
    Opponents said the cost would fall on taxpayers who never use the harbor, and asked for a toll on boats instead. \
    Work is expected to start in April and to last two summers, with the spoil taken to rebuild the eroded dunes.
    """

/// Feeds on a loopback server whose documents a test can change; ETags follow the content.
final class FeedSite: @unchecked Sendable {
    private let lock = NSLock()
    private var documents: [String: String] = [:]
    private var delays: [String: Duration] = [:]
    private var drips: [String: Duration] = [:]

    subscript(path: String) -> String? {
        get { lock.withLock { documents[path] } }
        set { lock.withLock { documents[path] = newValue } }
    }

    func delay(_ path: String, by duration: Duration) { lock.withLock { delays[path] = duration } }

    /// Sends this document a byte at a time, with this pause between bytes (nil: all at once).
    func drip(_ path: String, every pause: Duration?) { lock.withLock { drips[path] = pause } }

    func respond(_ request: LoopbackServer.Request) -> LoopbackServer.Response {
        let (document, delay, drip) = lock.withLock { (documents[request.path], delays[request.path], drips[request.path]) }
        guard let document else { return LoopbackServer.Response(status: 404) }
        let etag = "\"\(String(UInt64(bitPattern: Int64(document.hashValue)), radix: 16))\""
        if request.header("If-None-Match") == etag { return LoopbackServer.Response(status: 304, headers: [("ETag", etag)], delay: delay) }
        return LoopbackServer.Response(status: 200, headers: [("Content-Type", "application/rss+xml"), ("ETag", etag)],
                                       body: Array(document.utf8), drip: drip, delay: delay)
    }
}

func rss(site: String, items: [(title: String, guid: String, date: String, html: String)], author: String? = nil) -> String {
    let entries = items.map { item in
        "<item><title>\(item.title)</title><link>https://\(site)/\(item.guid)</link><guid>https://\(site)/\(item.guid)</guid>"
            + (author.map { "<author>\($0)</author>" } ?? "") + "<pubDate>\(item.date)</pubDate><description><![CDATA[\(item.html)]]></description></item>"
    }.joined()
    return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\(site)</title><link>https://\(site)/</link>\(entries)</channel></rss>"
}

/// A folder with feeds.yml naming feeds on a loopback server: the origin, an
/// aggregator that credits it, and a copycat that does not.
struct SyncWorld {
    let folder: URL
    let site = FeedSite()
    let server: LoopbackServer

    init(extraFeeds: [String] = [], removals: String = "removals.jsonl") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("feeds-sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let site = self.site
        server = try LoopbackServer { site.respond($0) }
        let paragraphs = harborArticle.components(separatedBy: ". ").map { "<p>\($0).</p>" }.joined()
        site["/origin.xml"] = rss(site: "coastal.example.org", items: [
            ("Harbor dredging plan approved", "harbor", "Tue, 24 Nov 2026 09:00:00 GMT", paragraphs),
        ], author: "maria@coastal.example.org (Maria Lopez)").replacingOccurrences(of: "</channel>", with: "<item><title>Ferry fares</title><link>https://coastal.example.org/ferry</link>"
            + "<guid>https://coastal.example.org/ferry</guid><author>desk@coastal.example.org (Night Desk)</author>"
            + "<pubDate>Mon, 23 Nov 2026 09:00:00 GMT</pubDate><description><![CDATA[<p>Ferry fares rise in January by four per cent.</p>]]>"
            + "</description></item></channel>")
        site["/aggregator.xml"] = rss(site: "wire.example.com", items: [
            ("Harbor dredging plan approved", "2026/harbor", "Wed, 25 Nov 2026 10:00:00 GMT",
             paragraphs + #"<p><a href="https://coastal.example.org/harbor">Click this link for the original source of this article.</a></p>"#
                + "<p>This content is courtesy of, and owned and copyrighted by, https://coastal.example.org and its author.</p>"),
        ])
        site["/copycat.xml"] = rss(site: "copycat.example.net", items: [
            ("Dredging approved for harbor", "p/991", "Thu, 26 Nov 2026 08:00:00 GMT", "<div>" + harborArticle + "</div>"),
        ])
        var config = "cache: state\nremovals: \(removals)\nfeeds:\n"
        for name in ["origin", "aggregator", "copycat"] + extraFeeds {
            config += "  - url: \(server.baseURL)/\(name).xml\n    name: \(name)\n"
        }
        try Data(config.utf8).write(to: folder.appendingPathComponent("feeds.yml"))
    }

    func feeds(_ arguments: [String]) throws -> FeedsBinary.Result {
        try FeedsBinary.run(arguments + ["--config", folder.appendingPathComponent("feeds.yml").path])
    }

    func json(_ arguments: [String]) throws -> [[String: Any]] {
        let result = try feeds(arguments + ["--format", "json"])
        return try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stderr)")
    }

    var store: any PurgeableStore {
        get throws { try TestBackend.store(folder: folder) }
    }
}

@Suite("feeds sync against a loopback server")
struct SyncCommandTests {
    @Test("A full sync stores every item with its provenance; the copycat is traced to the origin as unattributed")
    func fullSync() throws {
        let world = try SyncWorld()
        let sync = try world.feeds(["sync"])
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout == "3 due: 3 fetched, 0 not modified, 0 failed; items: 4 new, 0 updated, 0 dropped by removal rules\n")

        let fromCoastal = try world.json(["items", "--origin", "www.coastal.example.org"])
        #expect(Set(fromCoastal.compactMap { $0["feed"] as? String }) == ["origin", "aggregator", "copycat"])
        let copycat = try #require(fromCoastal.first { $0["feed"] as? String == "copycat" })
        #expect(copycat["unattributed"] as? Bool == true)
        let provenance = try #require(copycat["provenance"] as? [String: Any])
        #expect(provenance["method"] as? String == "fingerprint")
        #expect((provenance["origin"] as? [String: Any])?["url"] as? String == "https://coastal.example.org/harbor")

        let unattributed = try world.json(["items", "--unattributed"])
        #expect(unattributed.map { $0["feed"] as? String } == ["copycat"])
        let found = try world.json(["items", "--search", "dredging trawlers"])
        #expect(found.count == 3)

        let trace = try world.feeds(["trace", "https://coastal.example.org/harbor"])
        #expect(trace.status == 0)
        #expect(trace.stdout.contains("other copies (2):"), "\(trace.stdout)")
        #expect(trace.stdout.contains("feed copycat") && trace.stdout.contains("unattributed"))

        let origins = try world.json(["origins"])
        let coastal = try #require(origins.first { $0["site"] as? String == "example.org" })
        #expect(coastal["copies"] as? Int == 4)
        #expect(coastal["articles"] as? Int == 2, "the harbor article and its two copies count once, with the ferry story")
        #expect(Set(coastal["republishers"] as? [String] ?? []) == ["example.com", "example.net"])
    }

    @Test("A second sync is all 304s and writes no items; a changed item is updated, not duplicated")
    func conditionalResync() throws {
        let world = try SyncWorld()
        _ = try world.feeds(["sync"])
        let notDue = try world.feeds(["sync"])
        #expect(notDue.stdout.hasPrefix("0 due:"), "nothing is due within the interval")

        let again = try world.feeds(["sync", "--force"])
        #expect(again.stdout == "3 due: 0 fetched, 3 not modified, 0 failed; items: 0 new, 0 updated, 0 dropped by removal rules\n")
        let conditional = world.server.requests.suffix(3)
        #expect(conditional.allSatisfy { $0.header("If-None-Match") != nil })

        world.site["/origin.xml"] = world.site["/origin.xml"]!.replacingOccurrences(of: "Ferry fares rise", with: "Ferry fares will rise")
        let changed = try world.feeds(["sync", "--force"])
        #expect(changed.stdout == "3 due: 1 fetched, 2 not modified, 0 failed; items: 0 new, 1 updated, 0 dropped by removal rules\n")
        let ferry = try world.json(["items", "--search", "ferry"])
        #expect(ferry.count == 1)
        #expect((ferry.first?["text"] as? String)?.contains("will rise") == true)

        let status = try world.json(["status"])
        #expect(status.allSatisfy { $0["etag"] != nil && $0["consecutive_failures"] as? Int == 0 })
    }

    @Test("One failing feed never stops the others; it is one line on stderr and exit status 2")
    func failingFeed() throws {
        let world = try SyncWorld(extraFeeds: ["missing"])
        let sync = try world.feeds(["sync", "--quiet"])
        #expect(sync.status == 2)
        #expect(sync.stderr == "failed: missing: HTTP 404\n")
        #expect(sync.stdout.contains("3 fetched") && sync.stdout.contains("1 failed"), "the summary is printed when something failed")
        let quietWhenWell = try world.feeds(["sync", "--quiet", "--feed", "origin"])
        #expect(quietWhenWell.status == 0)
        #expect(quietWhenWell.stdout.isEmpty && quietWhenWell.stderr.isEmpty)
    }

    @Test("A sync killed with SIGKILL in the middle leaves a consistent store; the resync has no duplicates")
    func killedSync() throws {
        let world = try SyncWorld(extraFeeds: ["slow"])
        // The slow feed trickles in faster than the minimum speed but takes minutes, so the sync is
        // still running whenever the fast feeds are stored, however loaded the machine is.
        world.site["/slow.xml"] = rss(site: "slow.example.org", items: [("Slow", "s", "Tue, 24 Nov 2026 09:00:00 GMT", "<p>slow</p>")])
            + "<!--" + String(repeating: "x", count: 200_000) + "-->"
        world.site.drip("/slow.xml", every: .microseconds(1_200))
        // Nor may the transfer's own time limit end the sync before the kill, on a machine slow enough to need it.
        let configFile = world.folder.appendingPathComponent("feeds.yml")
        let config = try String(contentsOf: configFile, encoding: .utf8)
        try Data(config.replacingOccurrences(of: "feeds:\n", with: "defaults:\n  timeout: 30m\nfeeds:\n").utf8).write(to: configFile)
        let process = Process()
        process.executableURL = FeedsBinary.url
        process.arguments = ["sync", "--config", world.folder.appendingPathComponent("feeds.yml").path]
        process.environment = try TestBackend.environment(forConfig: world.folder.appendingPathComponent("feeds.yml").path)
        process.standardOutput = FileHandle.nullDevice
        let errors = world.folder.appendingPathComponent("killed-sync.stderr")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        // Wait until the fast feeds are stored and the slow one is in flight.
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline {
            let stored = (try? world.store.items(ItemQuery(limit: 100)).count) ?? 0
            if stored == 4 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "\((try? String(contentsOf: errors, encoding: .utf8)) ?? "")")

        world.site.drip("/slow.xml", every: nil)
        let resync = try world.feeds(["sync", "--force"])
        #expect(resync.status == 0, "\(resync.stderr)")
        let store = try world.store
        if let file = store as? SQLiteStore { #expect(try file.integrityCheck() == "ok") }
        let items = try store.items(ItemQuery(limit: 100))
        #expect(items.count == 5)
        #expect(Set(items.map { "\($0.feed) \($0.item.id)" }).count == items.count, "no duplicates")
    }

    @Test("Two overlapping syncs: the second exits with status 3 and a clear message",
          .enabled(if: !TestBackend.isPostgres, "the cache lock is SQLite's: syncs share a PostgreSQL store through leases"))
    func overlapping() throws {
        let world = try SyncWorld(extraFeeds: ["slow"])
        world.site["/slow.xml"] = rss(site: "slow.example.org", items: [])
        world.site.delay("/slow.xml", by: .seconds(3))
        let first = Process()
        first.executableURL = FeedsBinary.url
        first.arguments = ["sync", "--config", world.folder.appendingPathComponent("feeds.yml").path]
        first.environment = try TestBackend.environment(forConfig: world.folder.appendingPathComponent("feeds.yml").path)
        first.standardOutput = FileHandle.nullDevice
        try first.run()
        let deadline = Date().addingTimeInterval(10)
        while world.server.requests.isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        let second = try world.feeds(["sync", "--force"])
        first.waitUntilExit()
        #expect(second.status == 3)
        #expect(second.stderr.hasPrefix("error: another feeds sync is running on"))
        #expect(first.terminationStatus == 0)
        let waited = try world.feeds(["sync", "--force", "--wait", "10"])
        #expect(waited.status == 0, "with --wait the second run goes ahead once the first is done")
    }
}

@Suite("feeds.yml errors")
struct ConfigErrorTests {
    private func sync(_ yaml: String) throws -> FeedsBinary.Result {
        let file = try FeedsBinary.temporaryFile(yaml, name: "feeds.yml")
        return try FeedsBinary.run(["sync", "--config", file.path])
    }

    @Test("A bad feeds.yml gets one error naming file, line and key", arguments: [
        ("feeds:\n  - url: https://example.org/feed\n    intervall: 30m\n", ":3: unknown key `intervall` in a feed"),
        ("feeds:\n  - url: ftp://example.org/feed\n", ":2: `url` must be an http or https address"),
        ("defaults:\n  interval: soon\nfeeds: []\n", ":2: `defaults.interval` must be a duration"),
        ("feeds:\n  - url: https://a.example.org/x\n    name: a\n  - url: https://b.example.org/x\n    name: a\n", ":4: feed name \"a\" is used twice"),
        ("feeds:\n  - url: [unclosed\n", ": not valid YAML"),
        ("caches: cache\nfeeds: []\n", ":1: unknown key `caches` in the top level"),
    ])
    func malformed(_ yaml: String, _ expected: String) throws {
        let result = try sync(yaml)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains("feeds.yml"))
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}

@Suite("Feeds that move or go")
struct FeedLifecycleTests {
    @Test("A permanent redirect seen on two syncs in a row moves the feed; a temporary one does not")
    func moves() throws {
        let world = try SyncWorld(extraFeeds: ["moving"])
        let site = world.site
        site["/moving.xml"] = nil
        site["/moved.xml"] = rss(site: "moving.example.org", items: [("Hello", "h", "Tue, 24 Nov 2026 09:00:00 GMT", "<p>hi</p>")])
        // The server redirects /moving.xml with a 301.
        let server = try LoopbackHTTP.LoopbackServer { request in
            request.path == "/moving.xml"
                ? LoopbackServer.Response(status: 301, headers: [("Location", "\(world.server.baseURL)/moved.xml")])
                : site.respond(request)
        }
        let config = world.folder.appendingPathComponent("feeds.yml")
        let text = try String(contentsOf: config, encoding: .utf8).replacingOccurrences(of: "\(world.server.baseURL)/moving.xml", with: "\(server.baseURL)/moving.xml")
        try Data(text.utf8).write(to: config)

        let first = try world.feeds(["sync", "--feed", "moving"])
        #expect(first.status == 0 && !first.stdout.contains("moved:"), "one sighting is not enough")
        let second = try world.feeds(["sync", "--feed", "moving"])
        #expect(second.stdout.contains("moved: moving: moved permanently to \(world.server.baseURL)/moved.xml"), "\(second.stdout)")
        let status = try #require(world.json(["status"]).first { $0["feed"] as? String == "moving" })
        #expect(status["url"] as? String == "\(world.server.baseURL)/moved.xml")
        #expect(status["moved_from"] as? String == "\(server.baseURL)/moving.xml")
        let requestsBefore = server.requests.count
        _ = try world.feeds(["sync", "--feed", "moving"])
        #expect(server.requests.count == requestsBefore, "the old address is no longer asked")
    }

    @Test("410 Gone stops polling the feed, and status says so")
    func gone() throws {
        let world = try SyncWorld(extraFeeds: ["retired"])
        let goneServer = try LoopbackHTTP.LoopbackServer { _ in LoopbackServer.Response(status: 410) }
        let config = world.folder.appendingPathComponent("feeds.yml")
        let text = try String(contentsOf: config, encoding: .utf8).replacingOccurrences(of: "\(world.server.baseURL)/retired.xml", with: "\(goneServer.baseURL)/retired.xml")
        try Data(text.utf8).write(to: config)
        let sync = try world.feeds(["sync"])
        #expect(sync.status == 2)
        #expect(sync.stderr.contains("failed: retired: gone (HTTP 410)"))
        let status = try #require(world.json(["status"]).first { $0["feed"] as? String == "retired" })
        #expect(status["next_due"] as? String == "never (gone)")
        let again = try world.feeds(["sync", "--force"])
        #expect(again.status == 0 && again.stdout.hasPrefix("3 due:"), "not fetched again: \(again.stdout)")
        #expect(goneServer.requests.count == 1)
    }
}

@Suite("Which copy is the origin")
struct OriginCopyTests {
    @Test("The copy on the site the rights name is the origin, even when a copycat's date is earlier")
    func rightsNameTheOrigin() throws {
        let world = try SyncWorld()
        // The copycat backdates its copy to before the original.
        world.site["/copycat.xml"] = rss(site: "copycat.example.net", items: [
            ("Dredging approved for harbor", "p/991", "Sun, 22 Nov 2026 08:00:00 GMT", "<div>" + harborArticle + "</div>"),
        ])
        let sync = try world.feeds(["sync"])
        #expect(sync.status == 0)
        let items = try world.json(["items"])
        let byFeed = Dictionary(uniqueKeysWithValues: items.compactMap { item in (item["feed"] as? String).map { ($0, item) } }.filter { $0.1["title"] as? String != "Ferry fares" })
        #expect(byFeed["copycat"]?["unattributed"] as? Bool == true, "the backdated copy is still the unattributed one")
        #expect(byFeed["origin"]?["unattributed"] == nil)
        let originProvenance = byFeed["origin"]?["provenance"] as? [String: Any]
        #expect(originProvenance?["method"] as? String == "self")
    }
}

@Suite("feeds check against the store")
struct CheckAgainstStoreTests {
    @Test("check lists the copies we hold of each article, and whether each carries attribution")
    func copiesHeld() throws {
        let world = try SyncWorld()
        _ = try world.feeds(["sync"])
        world.site["/newcomer.xml"] = rss(site: "newcomer.example.info", items: [
            ("Harbor", "n/1", "Fri, 27 Nov 2026 08:00:00 GMT", "<p>" + harborArticle + "</p>"),
        ])
        let result = try world.feeds(["check", world.server.baseURL + "/newcomer.xml", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let items = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let held = try #require(items.first?["copies_held"] as? [[String: Any]])
        let statuses = Dictionary(uniqueKeysWithValues: held.compactMap { copy in (copy["feed"] as? String).map { ($0, copy["status"] as? String) } })
        #expect(statuses == ["origin": "original", "aggregator": "attributed", "copycat": "unattributed"])
    }
}

@Suite("The command line at its edges")
struct CommandLineEdgeTests {
    @Test("Bad option values are usage errors (64) with one line saying what is expected", arguments: [
        ["items", "--limit", "abc"], ["items", "--limit", "-1"], ["items", "--since", "yesterday"], ["items", "--origin", "bad site"],
        ["items", "--limit", "5", "--all"],
    ])
    func badValues(_ arguments: [String]) throws {
        let world = try SyncWorld()
        _ = try world.feeds(["sync"])
        let result = try world.feeds(arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: ") || result.stderr.hasPrefix("error: "), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("A typo in a feed name is an error that suggests the right name, not an empty table")
    func feedTypo() throws {
        let world = try SyncWorld()
        _ = try world.feeds(["sync"])
        let result = try world.feeds(["items", "--feed", "agregator"])
        #expect(result.status == 1)
        #expect(result.stderr == "error: no feed named \"agregator\" in \(world.folder.appendingPathComponent("feeds.yml").path) or in the store; did you mean \"aggregator\"?\n")
    }

    @Test("Read-only commands never create a store or a folder for a mistyped --cache",
          .enabled(if: !TestBackend.isPostgres, "the store is in the cache folder with SQLite only"))
    func mistypedCache() throws {
        let world = try SyncWorld()
        _ = try world.feeds(["sync"])
        let typo = world.folder.appendingPathComponent("sate")
        let items = try world.feeds(["items", "--cache", typo.path])
        #expect(items.status == 1 && items.stderr.contains("no store in \(typo.path) yet"), "\(items.stderr)")
        let status = try world.feeds(["status", "--cache", typo.path, "--format", "json"])
        #expect(status.status == 0)
        #expect(!FileManager.default.fileExists(atPath: typo.path))
    }

    // With PostgreSQL the cache folder holds no store: case 0 (a file for a cache) is SQLite's alone.
    @Test("Foundation's errors never reach the user: a file for a cache, a folder or /dev/null for a feed list",
          arguments: TestBackend.isPostgres ? [1, 2] : [0, 1, 2])
    func plainErrors(_ kind: Int) throws {
        let world = try SyncWorld()
        let result: FeedsBinary.Result
        switch kind {
        case 0:
            let file = world.folder.appendingPathComponent("afile")
            try Data("x".utf8).write(to: file)
            result = try world.feeds(["sync", "--cache", file.path])
            #expect(result.stderr.contains("is a file, not a folder"), "\(result.stderr)")
        case 1:
            result = try FeedsBinary.run(["items", "--config", world.folder.path])
            #expect(result.stderr.contains("is a folder, not a feed list"), "\(result.stderr)")
        default:
            result = try FeedsBinary.run(["items", "--config", "/dev/null"])
            #expect(result.stderr.contains("empty"), "\(result.stderr)")
        }
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("Error Domain"))
    }

    @Test("sync exits 4 with a summary when every due feed failed, 2 when some did")
    func syncExitStatuses() throws {
        let world = try SyncWorld()
        world.site["/copycat.xml"] = nil
        let some = try world.feeds(["sync"])
        #expect(some.status == 2, "\(some.stderr)")
        for path in ["/origin.xml", "/aggregator.xml"] { world.site[path] = nil }
        let all = try world.feeds(["sync", "--force"])
        #expect(all.status == 4, "\(all.stderr)")
        #expect(all.stderr.contains("every due feed failed (3 of 3)"), "\(all.stderr)")
    }

    @Test("Search finds words by stem and prefix, and quoted phrases")
    func search() throws {
        let world = try SyncWorld()
        _ = try world.feeds(["sync"])
        #expect(try world.json(["items", "--search", "fares"]).count == 1)
        #expect(try world.json(["items", "--search", "fare"]).count == 1, "stemmed")
        #expect(try world.json(["items", "--search", "dredg*"]).count == 3, "prefix")
        #expect(try world.json(["items", "--search", "\"high tide\""]).count == 3, "phrase")
        #expect(try world.json(["items", "--search", "\"tide high\""]).isEmpty)
    }

    @Test("--offset and --all page through everything")
    func paging() throws {
        let world = try SyncWorld()
        _ = try world.feeds(["sync"])
        let all = try world.json(["items", "--all"])
        #expect(all.count == 4)
        let page = try world.json(["items", "--limit", "2", "--offset", "1"])
        #expect(page.map { $0["store_id"] as? Int } == all[1...2].map { $0["store_id"] as? Int })
    }
}
