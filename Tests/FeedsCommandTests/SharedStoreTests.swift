import Foundation
import LoopbackHTTP
@testable import Store
import Testing

/// Feeds spread over several host names of one loopback server (`hN.localhost`
/// resolves to 127.0.0.1), each answer slowed a little so that transfers overlap.
struct SharedWorld {
    let folder: URL
    let server: LoopbackServer
    let store: String
    let feeds: Int

    /// `throttled`: a host whose every answer is 429 with a Retry-After of two minutes.
    init(feeds: Int, hosts: Int, delay: Duration, lease: String = "3s", throttled: String? = nil) throws {
        self.feeds = feeds
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("feeds-shared-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        server = try LoopbackServer { request in
            if let throttled, request.header("Host")?.hasPrefix(throttled + ":") == true {
                return LoopbackServer.Response(status: 429, headers: [("Retry-After", "120")], delay: delay)
            }
            let name = request.path.dropFirst().replacingOccurrences(of: ".xml", with: "")
            let items = (0..<3).map { index in
                (title: "\(name) story \(index)", guid: "\(name)/\(index)", date: "Tue, 24 Nov 2026 0\(index):00:00 GMT",
                 html: "<p>Story \(index) of \(name), written for the shared-store test.</p>")
            }
            return LoopbackServer.Response(status: 200, headers: [("Content-Type", "application/rss+xml")],
                                           body: Array(rss(site: "\(name).example.org", items: items).utf8), delay: delay)
        }
        var config = "cache: state\ndefaults:\n  jobs: 8\n  lease: \(lease)\nfeeds:\n"
        for index in 0..<feeds {
            config += "  - url: http://h\(index % hosts).localhost:\(server.port)/feed-\(index).xml\n    name: feed-\(index)\n"
        }
        try Data(config.utf8).write(to: folder.appendingPathComponent("feeds.yml"))
        store = try TestBackend.newDatabase()
    }

    /// A `feeds sync` of this world on its database, started and not waited for.
    func startSync() throws -> (process: Process, output: Pipe) {
        let process = Process()
        process.executableURL = FeedsBinary.url
        process.arguments = ["sync", "--config", folder.appendingPathComponent("feeds.yml").path]
        var environment = try TestBackend.environment(forConfig: nil)
        environment["FEEDS_STORE"] = store
        process.environment = environment
        // Standard error too: whatever a worker prints is checked.
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        return (process, output)
    }

    func openStore() throws -> PostgresStore { try PostgresStore(PostgresAddress(store)!) }

    /// How many times each feed was asked for.
    var requestsPerFeed: [String: Int] {
        server.requests.reduce(into: [:]) { counts, request in counts[request.path, default: 0] += 1 }
    }
}

/// Several `feeds sync` at once against one PostgreSQL store: the leases. Runs in the first pass of
/// script/test only (the second pass runs the command suite again with PostgreSQL as every test's store).
/// Required in CI, where script/test starts the server.
@Suite("Several feeds sync share one PostgreSQL store",
       .enabled(if: !TestBackend.isPostgres && (TestBackend.postgresAdmin != nil || ProcessInfo.processInfo.environment["CI"] != nil)))
struct SharedStoreTests {
    @Test("Three workers, 300 feeds on 10 hosts: each feed fetched once, no item twice, never more than 2 transfers per host")
    func threeWorkers() throws {
        let world = try SharedWorld(feeds: 300, hosts: 10, delay: .milliseconds(30))
        let workers = try (0..<3).map { _ in try world.startSync() }
        var claimed: [Int] = []
        for worker in workers {
            let output = String(decoding: worker.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            worker.process.waitUntilExit()
            #expect(worker.process.terminationStatus == 0, "\(output)")
            // One summary line: no server notice (another worker's ANALYZE, say) reaches the terminal.
            #expect(output.split(separator: "\n").count == 1 && !output.contains("WARNING"), "\(output)")
            claimed.append(Int(output.split(separator: " ").first ?? "") ?? 0)
        }
        #expect(claimed.reduce(0, +) == 300, "the workers claimed 300 feeds between them: \(claimed)")
        #expect(claimed.filter { $0 > 0 }.count >= 2, "the work was shared: \(claimed)")
        let requests = world.requestsPerFeed
        #expect(requests.count == 300)
        #expect(requests.values.allSatisfy { $0 == 1 }, "\(requests.filter { $0.value != 1 })")
        let peaks = world.server.peakConcurrencyByHost
        #expect(peaks.count == 10)
        #expect(peaks.values.allSatisfy { $0 <= PostgresStore.transfersPerHost }, "\(peaks)")

        let store = try world.openStore()
        let items = try store.items(ItemQuery(limit: -1))
        #expect(items.count == 900)
        #expect(Set(items.map { "\($0.feed) \($0.item.id)" }).count == 900, "no duplicates")
        let states = try store.feedStates()
        #expect(states.allSatisfy { $0.lastFetched != nil && $0.lease == nil && $0.itemCount == 3 })
    }

    @Test("A worker killed with SIGKILL: its feeds are done by the others once its leases expire, nothing lost or doubled")
    func killedWorker() throws {
        let world = try SharedWorld(feeds: 60, hosts: 3, delay: .milliseconds(300))
        let workers = try (0..<3).map { _ in try world.startSync() }
        let store = try world.openStore()
        // Kill a worker while it holds leases (whichever claims first).
        var victim: Int?
        var held: [String] = []
        let deadline = Date().addingTimeInterval(60)
        while victim == nil && Date() < deadline {
            for state in try store.feedStates() {
                guard let lease = state.lease,
                      let index = workers.firstIndex(where: { lease.worker.contains(":\($0.process.processIdentifier):") }) else { continue }
                victim = index
                break
            }
            if victim == nil { Thread.sleep(forTimeInterval: 0.01) }
        }
        let killed = try #require(victim, "a worker held leases")
        kill(workers[killed].process.processIdentifier, SIGKILL)
        workers[killed].process.waitUntilExit()
        held = try store.feedStates().filter { $0.lease?.worker.contains(":\(workers[killed].process.processIdentifier):") == true }.map(\.name)
        #expect(!held.isEmpty, "the killed worker held leases")
        // status says who holds what, and since when.
        var environment = try TestBackend.environment(forConfig: nil)
        environment["FEEDS_STORE"] = world.store
        let status = try FeedsBinary.run(["status", "--format", "json", "--config", world.folder.appendingPathComponent("feeds.yml").path],
                                         environment: environment)
        let rows = try #require(JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]], "\(status.stderr)")
        let victimID = ":\(workers[killed].process.processIdentifier):"
        let shownHeld = rows.filter { ($0["leased_by"] as? String)?.contains(victimID) == true && $0["leased_since"] is String }
            .compactMap { $0["feed"] as? String }
        #expect(Set(shownHeld).isSuperset(of: held), "\(shownHeld) ⊉ \(held)")
        for (index, worker) in workers.enumerated() where index != killed {
            let output = String(decoding: worker.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            worker.process.waitUntilExit()
            #expect(worker.process.terminationStatus == 0, "\(output)")
        }
        let states = try store.feedStates()
        #expect(states.allSatisfy { $0.lastFetched != nil && $0.lease == nil }, "every feed done, no lease left")
        for name in held {
            #expect(states.first { $0.name == name }?.itemCount == 3, "\(name), held by the killed worker, was stored by another")
        }
        let items = try store.items(ItemQuery(limit: -1))
        #expect(items.count == 180)
        #expect(Set(items.map { "\($0.feed) \($0.item.id)" }).count == 180, "no duplicates")
        // Only the feeds the killed worker had in flight were asked for twice.
        let twice = Set(world.requestsPerFeed.filter { $0.value > 1 }.keys.map { String($0.dropFirst().dropLast(4)) })
        #expect(twice.isSubset(of: Set(held)), "\(twice) ⊄ \(held)")
        #expect(world.requestsPerFeed.values.allSatisfy { $0 <= 2 })
        #expect(world.server.peakConcurrencyByHost.values.allSatisfy { $0 <= PostgresStore.transfersPerHost })
    }

    @Test("A removal recorded on another machine while workers sync: nothing it covers is kept, and every ledger learns of it")
    func removalDuringSync() throws {
        let world = try SharedWorld(feeds: 40, hosts: 2, delay: .milliseconds(150))
        let workers = try (0..<2).map { _ in try world.startSync() }
        let store = try world.openStore()
        // Another machine: its own folder and ledger file, the same store.
        let other = world.folder.appendingPathComponent("other-machine")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: world.folder.appendingPathComponent("feeds.yml"), to: other.appendingPathComponent("feeds.yml"))
        let deadline = Date().addingTimeInterval(60)
        while try store.itemCount(ItemQuery()) < 30 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        var environment = try TestBackend.environment(forConfig: nil)
        environment["FEEDS_STORE"] = world.store
        let removal = try FeedsBinary.run(["remove", "--origin", "example.org", "--requested-by", "legal@example.org",
                                           "--config", other.appendingPathComponent("feeds.yml").path], environment: environment)
        #expect(removal.status == 0, "\(removal.stderr)")
        let stillSyncing = workers.contains { $0.process.isRunning }
        for worker in workers {
            let output = String(decoding: worker.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            worker.process.waitUntilExit()
            #expect(worker.process.terminationStatus == 0, "\(output)")
        }
        #expect(stillSyncing, "the request came while the workers were syncing")
        #expect(try store.itemCount(ItemQuery()) == 0, "nothing the request covers is kept")
        #expect(try store.feedStates().allSatisfy { $0.lastFetched != nil })
        // This machine's ledger file learns of the other machine's request the next time a command runs here.
        let request = String(removal.stdout.split(separator: " ")[1].dropLast())
        let listed = try FeedsBinary.run(["removals", "--config", world.folder.appendingPathComponent("feeds.yml").path], environment: environment)
        #expect(listed.stdout.contains(request), "\(listed.stdout)")
        let file = try String(contentsOf: world.folder.appendingPathComponent("removals.jsonl"), encoding: .utf8)
        #expect(file.contains(request))
    }

    @Test("store migrate copies a SQLite store into PostgreSQL exactly (the same items, tombstones, origins and traces), and again changes nothing")
    func migrate() throws {
        let world = try SyncWorld()
        #expect(try world.feeds(["sync"]).status == 0)
        let removed = try world.feeds(["remove", "--item", "https://coastal.example.org/ferry", "--requested-by", "desk@coastal.example.org"])
        #expect(removed.status == 0, "\(removed.stderr)")
        let target = try TestBackend.newDatabase()
        let views = [["items", "--all", "--format", "jsonl"], ["origins", "--format", "json"],
                     ["trace", "https://coastal.example.org/harbor", "--format", "json"], ["trace", "https://coastal.example.org/ferry"],
                     ["items", "--search", "dredging", "--format", "jsonl"], ["removals", "--format", "json"]]
        let before = try views.map { try world.feeds($0).stdout }

        let first = try world.feeds(["store", "migrate", "--to", target])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("copied 3 feeds, 3 items and 1 tombstones from "), "\(first.stdout)")
        let after = try views.map { try world.feeds($0 + ["--store", target]).stdout }
        for (view, (sqlite, postgres)) in zip(views, zip(before, after)) {
            #expect(!sqlite.isEmpty, "\(view.joined(separator: " ")) shows something")
            #expect(sqlite == postgres, "\(view.joined(separator: " ")) differs:\n\(sqlite)\n---\n\(postgres)")
        }
        let second = try world.feeds(["store", "migrate", "--to", target])
        #expect(second.stdout.hasPrefix("copied 0 feeds, 0 items and 0 tombstones"), "\(second.stdout)")
        #expect(try views.map { try world.feeds($0 + ["--store", target]).stdout } == after)
        // The copy is a working store: a sync adds after the copied numbers, and the removal still holds.
        world.site["/origin.xml"] = world.site["/origin.xml"]!.replacingOccurrences(
            of: "</channel>", with: "<item><title>Tide tables</title><link>https://coastal.example.org/tides</link><description>New tables.</description></item></channel>")
        let sync = try world.feeds(["sync", "--force", "--store", target])
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains("1 new"), "\(sync.stdout)")
        let titles = try world.json(["items", "--store", target]).compactMap { $0["title"] as? String }
        #expect(titles.contains("Tide tables") && !titles.contains("Ferry fares"))
    }

    @Test("A host that answers 429 with Retry-After is left alone by every worker, not only the one it told")
    func sharedBackoff() throws {
        let world = try SharedWorld(feeds: 30, hosts: 3, delay: .milliseconds(100), throttled: "h0.localhost")
        let workers = try (0..<2).map { _ in try world.startSync() }
        for worker in workers {
            _ = worker.output.fileHandleForReading.readDataToEndOfFile()
            worker.process.waitUntilExit()
        }
        let throttled = world.server.requests.filter { $0.header("Host")?.hasPrefix("h0.localhost:") == true }
        // At most the two transfers a host may have in flight were asked before the first 429 came back.
        #expect((1...PostgresStore.transfersPerHost).contains(throttled.count), "\(throttled.count) requests to the throttled host")
        let states = try world.openStore().feedStates()
        let onThrottledHost = states.filter { Int($0.name.dropFirst(5))! % 3 == 0 }
        #expect(onThrottledHost.filter { $0.lastFetched == nil }.count == 10 - throttled.count, "the rest of its feeds wait for the host")
        #expect(states.filter { Int($0.name.dropFirst(5))! % 3 != 0 }.allSatisfy { $0.itemCount == 3 }, "the other hosts' feeds are synced")
    }
}
