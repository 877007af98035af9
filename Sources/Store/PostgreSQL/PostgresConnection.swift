import CPQ
import Foundation
import GRDB

/// One libpq connection, wrapped once. Parameters and results travel as
/// text; result rows come back as GRDB `Row`s typed by their column's type,
/// so that the row readers the SQLite store uses (`ItemColumns`) read
/// PostgreSQL rows too. Every failure is a `StoreError` in plain words that
/// names the server by its redacted address, never by its password.
///
/// Not thread-safe: `PostgresStore` holds it behind a lock.
final class PostgresConnection {
    private let connection: OpaquePointer
    let address: PostgresAddress

    init(_ address: PostgresAddress) throws(StoreError) {
        self.address = address
        // libpq reads the URL itself: sslmode and the other parameters, the password from the URL,
        // PGPASSWORD or ~/.pgpass. The URL never reaches a message.
        guard let connection = PQconnectdb(address.url) else {
            throw StoreError("cannot connect to PostgreSQL at \(address): out of memory")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.firstLine(PQerrorMessage(connection))
            PQfinish(connection)
            throw StoreError("cannot connect to PostgreSQL at \(address): \(message)")
        }
        self.connection = connection
        // The server's notices and warnings (an empty search, an ANALYZE another worker is running) are
        // not errors, and libpq would print them on standard error as they come: they are dropped.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        // Times are REAL seconds and text is UTF-8, as in SQLite.
        _ = try? execute("SET client_encoding = 'UTF8'")
        _ = try? execute("SET client_min_messages = error")
    }

    deinit { PQfinish(connection) }

    /// Runs one statement with `$1`, `$2` … bound to `parameters`; returns its rows.
    /// `planned`: `.once` prepares the statement once per connection and runs it by name (parsing and
    /// planning every statement anew cost the server more than the rest of a sync); `.forTheValues` plans
    /// it for each run's values, for the look-ups whose best plan depends on them (a plan made once for
    /// any values turned the copy look-ups into scans of every item as the store grew).
    enum Planning { case once, forTheValues }

    @discardableResult
    func execute(_ sql: String, _ parameters: [(any DatabaseValueConvertible)?] = [], planned planning: Planning = .once) throws(StoreError) -> [Row] {
        let texts = parameters.map { Self.text($0?.databaseValue ?? .null) }
        // Without parameters, a script of several statements (a migration) may run at once.
        let result: OpaquePointer?
        if texts.isEmpty {
            result = PQexec(connection, sql)
        } else if planning == .forTheValues {
            result = Self.withCStrings(texts) { pointers in
                PQexecParams(connection, sql, Int32(pointers.count), nil, pointers, nil, nil, 0)
            }
        } else {
            let name = try prepared(sql, parameterCount: texts.count)
            result = Self.withCStrings(texts) { pointers in
                PQexecPrepared(connection, name, Int32(pointers.count), pointers, nil, nil, 0)
            }
        }
        guard let result else {
            throw StoreError("PostgreSQL at \(address): \(Self.firstLine(PQerrorMessage(connection)))")
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return []
        case PGRES_TUPLES_OK:
            return Self.rows(result)
        default:
            throw StoreError("PostgreSQL at \(address): \(Self.firstLine(PQresultErrorMessage(result)))")
        }
    }

    /// Prepared statements of this connection, by their text.
    private var statements: [String: String] = [:]

    private func prepared(_ sql: String, parameterCount: Int) throws(StoreError) -> String {
        if let name = statements[sql] { return name }
        let name = "feeds_\(statements.count)"
        guard let result = PQprepare(connection, name, sql, Int32(parameterCount), nil) else {
            throw StoreError("PostgreSQL at \(address): \(Self.firstLine(PQerrorMessage(connection)))")
        }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else {
            throw StoreError("PostgreSQL at \(address): \(Self.firstLine(PQresultErrorMessage(result)))")
        }
        statements[sql] = name
        return name
    }

    /// The statements of `body` as one transaction: all or nothing.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            _ = try? execute("ROLLBACK")
            throw error
        }
    }

    // MARK: Values

    /// A text[] parameter in PostgreSQL's array input form (`{"a","b"}`), every element quoted.
    static func array(_ values: [String?]) -> String {
        "{" + values.map { value in
            value.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" } ?? "NULL"
        }.joined(separator: ",") + "}"
    }

    /// A bigint[] parameter.
    static func array(_ values: [Int64]) -> String {
        "{" + values.map(String.init).joined(separator: ",") + "}"
    }

    /// A parameter as PostgreSQL's text input reads it (nil for NULL).
    private static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: return nil
        case .int64(let number): return String(number)
        case .double(let number): return "\(number)"
        case .string(let string): return string
        case .blob(let data):
            // bytea's hex input form.
            var hex = "\\x"
            hex.reserveCapacity(2 + data.count * 2)
            for byte in data {
                hex.append(Self.hexDigits[Int(byte >> 4)])
                hex.append(Self.hexDigits[Int(byte & 0x0F)])
            }
            return hex
        }
    }

    private static let hexDigits: [Character] = Array("0123456789abcdef")

    private static func withCStrings<T>(_ texts: [String?], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
        let copies = texts.map { $0.map { strdup($0)! } }
        defer { copies.forEach { free($0) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }

    /// PostgreSQL's type numbers (pg_type.oid) the store's columns use.
    private enum TypeNumber {
        static let bool: Oid = 16, bytea: Oid = 17, int8: Oid = 20, int2: Oid = 21, int4: Oid = 23
        static let float4: Oid = 700, float8: Oid = 701, numeric: Oid = 1700
    }

    private static func rows(_ result: OpaquePointer) -> [Row] {
        let rowCount = Int(PQntuples(result)), columnCount = Int(PQnfields(result))
        let names = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        let types = (0..<columnCount).map { PQftype(result, Int32($0)) }
        return (0..<rowCount).map { row in
            var values: [String: (any DatabaseValueConvertible)?] = [:]
            for column in 0..<columnCount {
                guard PQgetisnull(result, Int32(row), Int32(column)) == 0 else {
                    values[names[column]] = DatabaseValue.null
                    continue
                }
                let text = String(cString: PQgetvalue(result, Int32(row), Int32(column)))
                values[names[column]] = value(text, type: types[column])
            }
            return Row(values)
        }
    }

    private static func value(_ text: String, type: Oid) -> any DatabaseValueConvertible {
        switch type {
        case TypeNumber.bool: return Int64(text == "t" ? 1 : 0)
        case TypeNumber.int8, TypeNumber.int2, TypeNumber.int4: return Int64(text) ?? 0
        case TypeNumber.float4, TypeNumber.float8, TypeNumber.numeric: return Double(text) ?? 0
        case TypeNumber.bytea: return bytes(fromHex: text)
        default: return text
        }
    }

    /// bytea's hex output form (`\x0a1b…`) as bytes.
    private static func bytes(fromHex text: String) -> Data {
        var data = Data()
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x") else { return Data(utf8) }
        data.reserveCapacity((utf8.count - 2) / 2)
        func nibble(_ byte: UInt8) -> UInt8 { byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : (byte | 0x20) - UInt8(ascii: "a") + 10 }
        var index = 2
        while index + 1 < utf8.count {
            data.append(nibble(utf8[index]) << 4 | nibble(utf8[index + 1]))
            index += 2
        }
        return data
    }

    /// libpq's messages end with a newline and may run on ("DETAIL: …"): the first line says it.
    private static func firstLine(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown error" }
        let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
        let line = text.split(separator: "\n").first.map(String.init) ?? text
        return line.hasPrefix("ERROR:") ? line.dropFirst(6).trimmingCharacters(in: .whitespaces) : line
    }
}

/// A `postgresql://` (or `postgres://`) address as feeds.yml, `--store` or
/// `FEEDS_STORE` give it. Its description leaves the password out, so that
/// it can be printed in any message.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    public let url: String

    public init?(_ text: String) {
        let lower = text.lowercased()
        guard lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://") else { return nil }
        url = text
    }

    public var description: String {
        guard var components = URLComponents(string: url) else { return "the server in the store address" }
        if components.password != nil { components.password = nil }
        components.query = nil
        return components.string ?? "the server in the store address"
    }
}
