import Foundation
import Testing

/// A phrase only the harbor article has.
private let distinctive = "trawlers wait for high tide"

extension SyncWorld {
    func remove(_ arguments: [String]) throws -> FeedsBinary.Result {
        try feeds(["remove"] + arguments + ["--requested-by", "Coastal Herald legal desk <legal@coastal.example.org>"])
    }

    var ledger: URL { folder.appendingPathComponent("removals.jsonl") }

    /// Every byte of the store's files, the write-ahead log included.
    func storeBytesContain(_ phrase: String) throws -> Bool {
        try TestBackend.storeContains(phrase, folder: folder)
    }

    func titles() throws -> Set<String> {
        Set(try json(["items"]).compactMap { $0["title"] as? String })
    }
}

@Suite("Removal requests, now and in the future")
struct RemovalCommandTests {
    @Test("Each scope removes what it names (and, but for a feed's, the copies of it), and nothing else", arguments: [
        (["--origin", "www.coastal.example.org"], [String]()),
        (["--url", "https://coastal.example.org/harbor?utm_source=rss"], ["Ferry fares"]),
        (["--author", "maria lopez", "--origin", "coastal.example.org"], ["Ferry fares"]),
        // A feed gives up only what it carried: the same article in the other feeds stays.
        (["--feed", "origin"], ["Harbor dredging plan approved", "Dredging approved for harbor"]),
        (["--item", "https://coastal.example.org/ferry"], ["Harbor dredging plan approved", "Dredging approved for harbor"]),
    ] as [([String], [String])])
    func scopes(_ scope: [String], _ remaining: [String]) throws {
        let left = Set(remaining)
        let world = try SyncWorld()
        _ = try world.feeds(["sync"])
        #expect(try world.titles() == ["Harbor dredging plan approved", "Dredging approved for harbor", "Ferry fares"])
        let result = try world.remove(scope + ["--reason", "copyright", "--reference", "DMCA-2026-0042"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("request rm-"))
        #expect(try world.titles() == left)
        // Kept out in the future: a full resync stores nothing in scope.
        let resync = try world.feeds(["sync", "--force"])
        #expect(resync.stdout.contains("0 new, 0 updated"), "\(resync.stdout)")
        #expect(try world.titles() == left)
    }

    @Test("The purge is in every query and in the database bytes; trace tells what was removed and why")
    func purgeIsThorough() throws {
        let world = try SyncWorld()
        _ = try world.feeds(["sync"])
        #expect(try world.storeBytesContain(distinctive), "the phrase is in the store before the purge")
        let removed = try world.remove(["--origin", "coastal.example.org"])
        let request = String(removed.stdout.split(separator: " ")[1].dropLast())
        #expect(try !world.storeBytesContain(distinctive), "no trace of the text in feeds.sqlite, its WAL or its shm")
        #expect(try world.json(["items", "--search", "dredging"]).isEmpty)
        #expect(try world.json(["items", "--origin", "coastal.example.org"]).isEmpty)
        let origins = try world.json(["origins"])
        let coastal = try #require(origins.first { $0["site"] as? String == "example.org" })
        #expect(coastal["copies"] as? Int == 0)
        #expect(coastal["removed"] as? Int == 4)
        #expect(coastal["rights_notice"] == nil)

        let trace = try world.feeds(["trace", "https://coastal.example.org/harbor"])
        #expect(trace.stdout.contains("REMOVED:") && trace.stdout.contains("by request \(request)"), "\(trace.stdout)")
        #expect(!trace.stdout.contains(distinctive) && !trace.stdout.contains("Harbor dredging plan approved"))

        let show = try world.feeds(["removals", "show", request, "--format", "json"])
        let shown = try #require(JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect((shown["purged"] as? [[String: Any]])?.count == 4)
        #expect(shown["requested_by"] as? String == "Coastal Herald legal desk <legal@coastal.example.org>")
    }

    @Test("The same article through a second republisher without attribution stays out; so does all of it after deleting the cache")
    func keptOut() throws {
        let world = try SyncWorld(extraFeeds: ["latecomer"])
        _ = try world.feeds(["sync"])
        _ = try world.remove(["--origin", "coastal.example.org"])
        // A new site carries the article, reformatted, saying nothing of where it came from.
        world.site["/latecomer.xml"] = rss(site: "latecomer.example.info", items: [
            ("HARBOR NEWS", "x/1", "Fri, 27 Nov 2026 08:00:00 GMT", "<p>" + harborArticle.uppercased() + "</p><p>Share this:</p>"),
        ])
        let sync = try world.feeds(["sync", "--force"])
        // The other feeds answer 304: only the newcomer is parsed, and its copy is dropped.
        #expect(sync.stdout.contains("0 new") && sync.stdout.contains("1 dropped by removal rules"), "\(sync.stdout)")

        try TestBackend.deleteStore(folder: world.folder)
        let fresh = try world.feeds(["sync"])
        #expect(fresh.stdout.contains("0 new") && fresh.stdout.contains("5 dropped by removal rules"), "\(fresh.stdout)")
        #expect(try world.titles().isEmpty)
    }

    @Test("Revoking stops the rule; a later sync stores the article again")
    func revoke() throws {
        let world = try SyncWorld()
        _ = try world.feeds(["sync"])
        let removed = try world.remove(["--url", "https://coastal.example.org/ferry"])
        let request = String(removed.stdout.split(separator: " ")[1].dropLast())
        #expect(try world.titles() == ["Harbor dredging plan approved", "Dredging approved for harbor"])
        let dredging = try world.json(["items", "--search", "dredging"]).compactMap { $0["title"] as? String }
        #expect(dredging.count == 3)
        let revoked = try world.feeds(["removals", "revoke", request, "--requested-by", "legal desk"])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        let list = try world.json(["removals", "list"])
        #expect(list.map { $0["state"] as? String } == ["revoked"])
        _ = try world.feeds(["sync", "--force"])
        #expect(try world.titles().contains("Ferry fares"))
        // The article is searchable again, and a second request removes it cleanly (its words went from
        // the search index once, at the first purge; the resync must not take them out a second time).
        #expect(try world.json(["items", "--search", "fares"]).map { $0["title"] as? String } == ["Ferry fares"])
        let again = try world.remove(["--url", "https://coastal.example.org/ferry"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try world.json(["items", "--search", "fares"]).isEmpty)
        #expect(try world.json(["items", "--search", "dredging"]).compactMap { $0["title"] as? String } == dredging)
    }

    @Test("A dry run shows and changes nothing")
    func dryRun() throws {
        let world = try SyncWorld()
        _ = try world.feeds(["sync"])
        let result = try world.remove(["--origin", "coastal.example.org", "--dry-run"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("would remove 4 stored items for origin example.org"))
        #expect(!FileManager.default.fileExists(atPath: world.ledger.path))
        #expect(try world.titles().count == 3)
    }

    @Test("No scope, two scopes or a malformed one: an error line and nothing recorded", arguments: [
        [String](), ["--origin", "coastal.example.org", "--feed", "origin"], ["--origin", "not a site"], ["--url", "file:///etc/passwd"],
        ["--author", "Maria Lopez"], ["--feed", "no-such-feed"], ["--origin", "site\u{01}.example"], ["--origin", "coastal.example.org\u{0B}"],
        ["--origin", "coast<al>.example.org"], ["--origin", "javascript:alert(1)//x.org"], ["--author", "Maria\u{07}", "--origin", "coastal.example.org"],
    ])
    func badScopes(_ scope: [String]) throws {
        let world = try SyncWorld()
        _ = try world.feeds(["sync"])
        let result = try world.remove(scope)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: world.ledger.path))
        #expect(try world.titles().count == 3)
    }

    @Test("A ledger that cannot be written stops the removal before any purge")
    func unwritableLedger() throws {
        // Inside a path whose parent is a file: no user, root included, can create it.
        let world = try SyncWorld(removals: "feeds.yml/removals.jsonl")
        _ = try world.feeds(["sync"])
        let result = try world.remove(["--origin", "coastal.example.org"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: cannot write the removal ledger") && result.stderr.contains("nothing was removed"), "\(result.stderr)")
        #expect(try world.titles().count == 3)
        #expect(try world.storeBytesContain(distinctive))
    }

    @Test("A damaged ledger line makes sync refuse to run")
    func damagedLedger() throws {
        let world = try SyncWorld()
        _ = try world.feeds(["sync"])
        _ = try world.remove(["--url", "https://coastal.example.org/ferry"])
        let handle = try FileHandle(forWritingTo: world.ledger)
        handle.seekToEndOfFile()
        handle.write(Data("{\"type\":\"request\",\"id\":\"rm-broken\"\n".utf8))
        try handle.close()
        let sync = try world.feeds(["sync", "--force"])
        #expect(sync.status == 1)
        #expect(sync.stderr.contains("is damaged at line 2"), "\(sync.stderr)")
    }
}

@Suite("Removed content in feeds check")
struct RemovedInCheckTests {
    @Test("check never shows removed content: the item is listed as removed, with no title or text")
    func check() throws {
        let world = try SyncWorld()
        _ = try world.feeds(["sync"])
        _ = try world.remove(["--origin", "coastal.example.org"])
        let result = try world.feeds(["check", world.server.baseURL + "/copycat.xml", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let items = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(items.count == 1)
        #expect(items[0]["status"] as? String == "removed")
        #expect(items[0]["title"] == nil)
        #expect(!result.stdout.contains("Dredging"))
        #expect(result.stderr.hasSuffix("1 removed by request\n"))
    }
}
