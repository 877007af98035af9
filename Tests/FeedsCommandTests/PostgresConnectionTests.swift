import Foundation
@testable import Store
import Testing

/// How `feeds` reaches a PostgreSQL server: TLS when the address asks for it, the password from the
/// address, PGPASSWORD or ~/.pgpass, and never a password in what it prints. The test server
/// (script/postgres) refuses `feeds_tls_only` without TLS and wants `feeds_password`'s password.
/// Runs in the first pass of script/test, like the shared-store suite; required in CI.
@Suite("PostgreSQL connections: TLS, passwords",
       .enabled(if: !TestBackend.isPostgres && (TestBackend.postgresAdmin != nil || ProcessInfo.processInfo.environment["CI"] != nil)))
struct PostgresConnectionTests {
    static let password = "harbour-secret-7"

    /// A database owned by `role` (created with the role when missing), and a folder with an empty feeds.yml.
    private func world(role: String) throws -> (database: URL, folder: URL, home: URL) {
        let admin = try PostgresConnection(PostgresAddress(try #require(TestBackend.postgresAdmin))!)
        if try admin.execute("SELECT 1 AS found FROM pg_roles WHERE rolname = $1", [role]).isEmpty {
            try admin.execute("CREATE ROLE \(role) LOGIN PASSWORD '\(Self.password)'")
        }
        let database = try #require(URL(string: try TestBackend.newDatabase()))
        try admin.execute("ALTER DATABASE \(database.lastPathComponent) OWNER TO \(role)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feeds-pg-\(UUID().uuidString)")
        let home = folder.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Data("cache: state\nfeeds: []\n".utf8).write(to: folder.appendingPathComponent("feeds.yml"))
        return (database, folder, home)
    }

    /// The database's address as `role`, with `password` and `query` when given.
    private func address(_ database: URL, role: String, password: String? = nil, query: String? = nil) throws -> String {
        var components = try #require(URLComponents(url: database, resolvingAgainstBaseURL: false))
        components.user = role
        components.password = password
        components.query = query
        return try #require(components.string)
    }

    private func status(_ store: String, folder: URL, home: URL, environment extra: [String: String] = [:]) throws -> FeedsBinary.Result {
        var environment = try TestBackend.environment(forConfig: nil)
        environment["HOME"] = home.path
        environment["PGPASSWORD"] = nil
        environment["PGPASSFILE"] = nil
        environment.merge(extra) { _, new in new }
        return try FeedsBinary.run(["status", "--config", folder.appendingPathComponent("feeds.yml").path, "--store", store],
                                   environment: environment)
    }

    @Test("sslmode=require connects over TLS to a server that insists on it; sslmode=disable is refused in one plain line")
    func tls() throws {
        let (database, folder, home) = try world(role: "feeds_tls_only")
        let encrypted = try status(try address(database, role: "feeds_tls_only", query: "sslmode=require"), folder: folder, home: home)
        #expect(encrypted.status == 0, "\(encrypted.stderr)")
        let plain = try status(try address(database, role: "feeds_tls_only", query: "sslmode=disable"), folder: folder, home: home)
        #expect(plain.status == 1)
        #expect(plain.stderr.hasPrefix("error: ") && plain.stderr.split(separator: "\n").count == 1, "\(plain.stderr)")
        #expect(plain.stderr.contains("no encryption"), "\(plain.stderr)")
    }

    @Test("The password from the address, PGPASSWORD or ~/.pgpass; a wrong one is refused without being printed")
    func passwords() throws {
        let (database, folder, home) = try world(role: "feeds_password")
        let inAddress = try status(try address(database, role: "feeds_password", password: Self.password), folder: folder, home: home)
        #expect(inAddress.status == 0, "\(inAddress.stderr)")

        let bare = try address(database, role: "feeds_password")
        let fromEnvironment = try status(bare, folder: folder, home: home, environment: ["PGPASSWORD": Self.password])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")

        let withoutAny = try status(bare, folder: folder, home: home)
        #expect(withoutAny.status == 1 && withoutAny.stderr.hasPrefix("error: "), "\(withoutAny.stderr)")

        let passFile = home.appendingPathComponent(".pgpass")
        try Data("\(database.host!):\(database.port!):*:feeds_password:\(Self.password)\n".utf8).write(to: passFile)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: passFile.path)
        let fromPassFile = try status(bare, folder: folder, home: home)
        #expect(fromPassFile.status == 0, "\(fromPassFile.stderr)")

        let wrong = "not-the-harbour-password"
        let refused = try status(try address(database, role: "feeds_password", password: wrong), folder: folder, home: home,
                                 environment: ["PGPASSWORD": wrong])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("error: ") && refused.stderr.split(separator: "\n").count == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("password authentication failed"), "\(refused.stderr)")
        #expect(!refused.stderr.contains(wrong) && !refused.stdout.contains(wrong))
    }
}
