import FeedModel
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The store in one SQLite file (WAL, foreign keys, secure_delete), for one machine.
public final class SQLiteStore: FeedStore {
    let database: DatabasePool
    public let path: String

    /// Opens (creating when absent) the store at `path` and migrates it.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // A removed article must not stay readable in freed pages.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            // The words of a stored column as written, for the search index's 'delete' (CompressedText).
            db.add(function: DatabaseFunction("feeds_text", argumentCount: 1, pure: true) { values in
                CompressedText.text(values[0])
            })
        }
        configuration.busyMode = .timeout(10)
        // Two openers of a new store at once (a sync and a query started together, in two processes or
        // two threads) race: the journal-mode switch does not wait on a lock ("busy"), and both
        // migrators may see a migration as not yet applied, the loser then failing on what the winner
        // created ("table already exists", a duplicate migration record). Each migration is its own
        // transaction, so the loser changed nothing: it opens again, and finds the work done, for up to
        // ten seconds. A damaged or foreign file fails at once.
        let deadline = Date().addingTimeInterval(10)
        let raceCodes: [ResultCode] = [.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_ERROR, .SQLITE_CONSTRAINT]
        while true {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                try Schema.migrator.migrate(pool)
                database = pool
                return
            } catch let error as DatabaseError where raceCodes.contains(error.resultCode) && Date() < deadline {
                usleep(50_000)
            } catch {
                throw StoreError("cannot open the store \(path): \(error)")
            }
        }
    }

    /// The store file inside a cache folder, creating the folder.
    public static func open(inCache folder: URL) throws -> SQLiteStore {
        try CacheFolder.prepare(folder)
        return try SQLiteStore(path: folder.appendingPathComponent("feeds.sqlite").path)
    }

    public func integrityCheck() throws -> String {
        try database.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    // MARK: Feeds

    public func registerFeeds(_ feeds: [(name: String, url: String)]) throws -> [FeedState] {
        try database.write { db in
            for feed in feeds {
                // A changed address in feeds.yml is a new start for that feed.
                try db.execute(sql: """
                    INSERT INTO feeds (name, configured_url, current_url) VALUES (?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET
                        current_url = CASE WHEN configured_url = excluded.configured_url THEN current_url ELSE excluded.configured_url END,
                        etag = CASE WHEN configured_url = excluded.configured_url THEN etag END,
                        last_modified = CASE WHEN configured_url = excluded.configured_url THEN last_modified END,
                        gone = CASE WHEN configured_url = excluded.configured_url THEN gone ELSE 0 END,
                        configured_url = excluded.configured_url
                    """, arguments: [feed.name, feed.url, feed.url])
            }
        }
        return try feedStates()
    }

    public func prune(feed name: String) throws -> Int {
        let dropped = try database.write { db -> Int in
            guard let feedID = try db.int64( "SELECT id FROM feeds WHERE name = ?", arguments: [name]) else {
                throw StoreError("no feed named \"\(name)\" in the store")
            }
            let count = try db.int( "SELECT COUNT(*) FROM items WHERE feed_id = ?", arguments: [feedID]) ?? 0
            try db.execute(sql: """
                INSERT INTO items_fts (items_fts, rowid, title, text)
                SELECT 'delete', id, title, feeds_text(text) FROM items WHERE feed_id = ? AND removed_at IS NULL
                """, arguments: [feedID])
            try db.execute(sql: "DELETE FROM feeds WHERE id = ?", arguments: [feedID])  // items, signals and bands cascade
            try db.execute(sql: "UPDATE feeds SET duplicate_of = NULL WHERE duplicate_of = ?", arguments: [name])
            if count > 0 { try db.execute(sql: "INSERT INTO items_fts (items_fts) VALUES ('optimize')") }
            return count
        }
        _ = try database.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        return dropped
    }

    public func feedStates() throws -> [FeedState] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT feeds.*, (SELECT COUNT(*) FROM items WHERE items.feed_id = feeds.id) AS item_count
                FROM feeds ORDER BY name
                """).map(FeedState.init(row:))
        }
    }
}

/// The cache folder, made ready for writing, with every failure said in words.
public enum CacheFolder {
    /// Creates the folder (and its parents) when absent; throws when it is a
    /// file, cannot be created, or cannot be written.
    public static func prepare(_ folder: URL) throws(StoreError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw StoreError("the cache folder \(folder.path) is a file, not a folder") }
        } else {
            var path = ""
            for component in folder.standardizedFileURL.pathComponents {
                path = path.isEmpty ? component : (path == "/" ? "/" + component : path + "/" + component)
                if mkdir(path, 0o755) != 0 && errno != EEXIST {
                    throw StoreError("cannot create the cache folder \(folder.path): \(String(cString: strerror(errno))) (at \(path))")
                }
            }
        }
        guard access(folder.path, W_OK) == 0 else {
            throw StoreError("the cache folder \(folder.path) is not writable: \(String(cString: strerror(errno)))")
        }
    }
}
