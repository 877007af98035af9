import Foundation
import GRDB
import Synchronization
@testable import Store

/// Which store the command tests run on: SQLite in each test's cache (the
/// default), or, with `FEEDS_TEST_BACKEND=postgresql`, PostgreSQL: a database
/// of its own per test folder, on the throwaway server `FEEDS_TEST_POSTGRES`
/// names (script/test starts one and runs the command suite on both).
enum TestBackend {
    private static let environment = ProcessInfo.processInfo.environment

    static var isPostgres: Bool { environment["FEEDS_TEST_BACKEND"] == "postgresql" }

    /// The server's administrative address (any database on it), when the tests have one.
    static var postgresAdmin: String? { environment["FEEDS_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 } }

    private static let created = Mutex<Set<String>>([])

    /// The environment for a `feeds` process working on `config`: on PostgreSQL, FEEDS_STORE names
    /// the test folder's own database (created on first use).
    static func environment(forConfig config: String?) throws -> [String: String] {
        var result = environment.filter { $0.key != "FEEDS_CONFIG" && $0.key != "FEEDS_STORE" }
        if isPostgres, let config {
            result["FEEDS_STORE"] = try databaseURL(for: URL(fileURLWithPath: config).deletingLastPathComponent())
        }
        return result
    }

    /// A fresh database on the test server, for a test that wants one of its own.
    static func newDatabase() throws -> String {
        try databaseURL(named: "feeds_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20))
    }

    /// The database of a test folder: `feeds_` and a hash of its path.
    static func databaseURL(for folder: URL) throws -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in folder.standardizedFileURL.path.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return try databaseURL(named: "feeds_" + String(hash, radix: 16))
    }

    private static func databaseURL(named name: String) throws -> String {
        guard let admin = postgresAdmin, var components = URLComponents(string: admin) else {
            throw StoreError("FEEDS_TEST_POSTGRES is not set: run the tests through script/test, which starts a PostgreSQL server")
        }
        components.path = "/" + name
        let url = components.string!
        try created.withLock { created in
            guard !created.contains(name) else { return }
            let connection = try PostgresConnection(PostgresAddress(admin)!)
            if try connection.execute("SELECT 1 AS found FROM pg_database WHERE datname = $1", [name]).isEmpty {
                try connection.execute("CREATE DATABASE \(name)")
            }
            created.insert(name)
        }
        return url
    }

    /// The store a test folder's commands use.
    static func store(folder: URL) throws -> any PurgeableStore {
        if isPostgres { return try PostgresStore(PostgresAddress(try databaseURL(for: folder))!) }
        return try SQLiteStore(path: folder.appendingPathComponent("state/feeds.sqlite").path)
    }

    /// Loses the store, as a deleted cache does: the state folder, and on PostgreSQL the folder's database.
    static func deleteStore(folder: URL) throws {
        try? FileManager.default.removeItem(at: folder.appendingPathComponent("state"))
        guard isPostgres, let admin = postgresAdmin else { return }
        let url = try databaseURL(for: folder)
        let name = String(URLComponents(string: url)!.path.dropFirst())
        try created.withLock { created in
            try PostgresConnection(PostgresAddress(admin)!).execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            created.remove(name)
        }
    }

    /// Whether the phrase is anywhere in the store's bytes: SQLite's file, log and shared memory;
    /// on PostgreSQL, a dump of every table and the text columns decoded.
    static func storeContains(_ phrase: String, folder: URL) throws -> Bool {
        guard isPostgres else {
            let state = folder.appendingPathComponent("state")
            for name in try FileManager.default.contentsOfDirectory(atPath: state.path) where name.hasPrefix("feeds.sqlite") {
                let data = try Data(contentsOf: state.appendingPathComponent(name))
                if data.range(of: Data(phrase.utf8)) != nil { return true }
            }
            return false
        }
        let url = try databaseURL(for: folder)
        let dump = try Tool.run("/usr/bin/pg_dump", ["--data-only", "--dbname", url])
        guard dump.status == 0 else { throw StoreError("pg_dump failed: \(dump.stderr)") }
        if dump.stdout.contains(phrase) { return true }
        // bytea columns dump as hex: read them back as the store does.
        let connection = try PostgresConnection(PostgresAddress(url)!)
        for row in try connection.execute("SELECT summary, content, text, sketch FROM items") {
            for column in ["summary", "content", "text"] where CompressedText.text(row[column])?.contains(phrase) == true { return true }
        }
        return false
    }
}
