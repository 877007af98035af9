import Foundation
import Removals
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A phrase only the harbor article has (the same as RemovalCommandTests').
private let phrase = "trawlers wait for high tide"

@Suite("The removal ledger is the source of truth")
struct InterruptedRemovalTests {
    @Test("A request recorded but never purged is carried out by the next command, whichever it is", arguments: [
        ["items"], ["trace", "https://coastal.example.org/harbor"], ["sync"], ["origins"], ["status"],
        ["remove", "--url", "https://coastal.example.org/ferry", "--requested-by", "desk", "--future-only"],
    ])
    func recordedNotPurged(_ next: [String]) throws {
        let world = try SyncWorld()
        _ = try world.feeds(["sync"])
        #expect(try world.storeBytesContain(phrase))
        // Exactly what `remove` leaves when killed right after the ledger grew.
        let record = LedgerRecord(request: "rm-20261201-120000-beef", time: Date(), scope: .origin(site: "example.org"),
                                  requestedBy: "Coastal Herald legal desk", reason: nil, reference: nil, purged: [])
        try RemovalLedger(file: world.ledger).append(record)

        let result = try world.feeds(next)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("carried out removal request rm-20261201-120000-beef"), "\(result.stderr)")
        #expect(!result.stdout.contains(phrase) && !result.stdout.contains("Harbor dredging plan approved"), "\(result.stdout)")
        #expect(try !world.storeBytesContain(phrase), "no trace in feeds.sqlite, -wal or -shm")
        #expect(try world.json(["items", "--search", "dredging"]).isEmpty)
        // Once: the next command has nothing left to do.
        let again = try world.feeds(["items"])
        #expect(!again.stderr.contains("carried out"))
    }

    @Test("An item request carries out what it recorded, by feed and guid, after the cache was deleted and refilled")
    func itemRequestAfterNewCache() throws {
        let world = try SyncWorld()
        _ = try world.feeds(["sync"])
        let removed = try world.remove(["--item", "https://coastal.example.org/ferry"])
        #expect(removed.status == 0, "\(removed.stderr)")
        // A fresh cache: the store numbers of the old one mean nothing now.
        try TestBackend.deleteStore(folder: world.folder)
        _ = try world.feeds(["sync"])
        #expect(try !world.titles().contains("Ferry fares"))
        #expect(try world.titles().contains("Harbor dredging plan approved"))
    }

    @Test("feeds remove killed at many points: the next command leaves no trace of the text", arguments: [0, 1, 3, 8, 20, 50, 120])
    func killedRemove(afterMicroseconds delay: Int) throws {
        let world = try SyncWorld()
        _ = try world.feeds(["sync"])
        let process = Process()
        process.executableURL = FeedsBinary.url
        process.arguments = ["remove", "--origin", "coastal.example.org", "--requested-by", "legal desk",
                             "--config", world.folder.appendingPathComponent("feeds.yml").path]
        process.environment = try TestBackend.environment(forConfig: world.folder.appendingPathComponent("feeds.yml").path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill it `delay` microseconds after the ledger grows (or as soon as it has, for 0).
        var grown = false
        for _ in 0..<200_000 where process.isRunning {
            if FileManager.default.fileExists(atPath: world.ledger.path),
               ((try? FileManager.default.attributesOfItem(atPath: world.ledger.path)[.size] as? Int) ?? 0) > 0 {
                grown = true
                break
            }
            usleep(50)
        }
        if delay > 0 { usleep(useconds_t(delay)) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(grown, "the ledger grew before the kill")

        let next = try world.feeds(["items", "--format", "json"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(!next.stdout.contains(phrase))
        #expect(try !world.storeBytesContain(phrase), "no trace in feeds.sqlite, -wal or -shm")
        #expect(try world.titles().isEmpty)
    }
}
