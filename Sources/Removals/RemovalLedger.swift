import Foundation
import Provenance
import Store
#if canImport(Glibc)
import Glibc
#endif

/// One stored copy a request purged: enough to recognise the article again,
/// by stable identity only (feed and guid, URLs, fingerprint). Store numbers
/// are not kept: they name other items once a cache is built anew.
public struct PurgedCopy: Sendable, Equatable, Codable {
    public var feed: String
    public var id: String
    public var url: String?
    public var originURL: String?
    /// The origin site (registrable domain), for counts that survive a deleted cache.
    public var originSite: String?
    /// Only for texts long enough to fingerprint reliably.
    public var fingerprint: String?
    /// A short text's shingle sketch (`ShingleSketch.hex`), which keeps edited copies out too.
    public var sketch: String?

    public init(feed: String, id: String, url: String?, originURL: String?, originSite: String?, fingerprint: String?, sketch: String? = nil) {
        self.sketch = sketch
        self.feed = feed
        self.id = id
        self.url = url
        self.originURL = originURL
        self.originSite = originSite
        self.fingerprint = fingerprint
    }

    enum CodingKeys: String, CodingKey {
        // Records written before store numbers were dropped still carry `store_id`; it is ignored.
        case feed, id, url, originURL = "origin_url", originSite = "origin_site", fingerprint, sketch
    }

    /// Whether a URL or id a person gives names this copy (its link, its original, or its guid).
    public func matches(_ key: String) -> Bool {
        if key == id { return true }
        guard let wanted = SiteAddress.normalize(key) else { return false }
        return [url, originURL].contains { $0.flatMap(SiteAddress.normalize) == wanted }
    }
}

/// A line of the ledger: a request, or the revocation of one.
public struct LedgerRecord: Sendable, Equatable, Codable {
    public enum Kind: String, Codable, Sendable { case request, revocation }

    public var kind: Kind
    public var id: String
    public var time: Date
    public var requestedBy: String
    // A request's scope: exactly one of these is set.
    public var origin: String?
    public var url: String?
    public var author: String?
    public var feed: String?
    public var item: String?
    public var reason: String?
    public var reference: String?
    public var purged: [PurgedCopy]?

    enum CodingKeys: String, CodingKey {
        case kind = "type", id, time, requestedBy = "requested_by", origin, url, author, feed, item, reason, reference, purged
    }

    public init(request id: String, time: Date, scope: RemovalScope, requestedBy: String, reason: String?, reference: String?,
                purged: [PurgedCopy]) {
        self.kind = .request
        self.id = id
        self.time = time
        self.requestedBy = requestedBy
        self.reason = reason
        self.reference = reference
        self.purged = purged
        switch scope {
        case .origin(let site): origin = site
        case .url(let address): url = address
        case .author(let name, let site): author = name; origin = site
        case .feed(let name): feed = name
        case .item(let key): item = key
        }
    }

    public init(revocationOf id: String, time: Date, requestedBy: String, reason: String?) {
        self.kind = .revocation
        self.id = id
        self.time = time
        self.requestedBy = requestedBy
        self.reason = reason
    }

    public var scope: RemovalScope? {
        if let author, let origin { return .author(name: author, site: origin) }
        if let origin { return .origin(site: origin) }
        if let url { return .url(url) }
        if let feed { return .feed(name: feed) }
        if let item { return .item(item) }
        return nil
    }
}

/// The append-only JSON Lines file of removal requests and revocations.
/// Kept outside the cache, so deleting the cache never forgets a request;
/// each record is on disk (fsync) before the command acts on it.
public struct RemovalLedger: Sendable {
    public var file: URL
    /// A store several machines share keeps the records too: each reading brings the file and the
    /// store's table level (what one lacks is copied from the other), and a record is written to both.
    public var shared: (any SharedLedgerStore)?

    public init(file: URL, shared: (any SharedLedgerStore)? = nil) {
        self.file = file
        self.shared = shared
    }

    /// A record's identity in the shared table: its kind and request id.
    static func key(_ record: LedgerRecord) -> String { "\(record.kind.rawValue):\(record.id)" }

    static func line(_ record: LedgerRecord) throws(RemovalError) -> String {
        do {
            return String(decoding: try encoder.encode(record), as: UTF8.self)
        } catch {
            throw RemovalError("cannot encode the ledger record: \(error)")
        }
    }

    static func record(fromLine line: String) -> LedgerRecord? {
        guard let record = try? decoder.decode(LedgerRecord.self, from: Data(line.utf8)),
              record.kind == .revocation || record.scope != nil else { return nil }
        return record
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// Every record, in order. No file is no requests; a line that is not a
    /// record stops everything, naming the line: dropping a rule silently
    /// would let removed content back in.
    public func records() throws(RemovalError) -> [LedgerRecord] {
        try synchronized().records
    }

    /// The records, the file and the shared table made level first; with the
    /// table's last sequence number (0 without one), from which a sync asks for newer lines.
    public func synchronized() throws(RemovalError) -> (records: [LedgerRecord], sequence: Int64) {
        var records = try fileRecords()
        guard let shared else { return (records, 0) }
        let lines: [(sequence: Int64, line: String)]
        do {
            lines = try shared.ledgerLines(after: 0)
        } catch {
            throw RemovalError("cannot read the removal ledger in the store: \(error)")
        }
        var inStore = Set<String>()
        var inFile = Set(records.map(Self.key))
        // Another machine's requests, written into this file too: a lost store must not lose them.
        for (_, line) in lines {
            guard let record = Self.record(fromLine: line) else {
                throw RemovalError("the removal ledger in the store holds a damaged record; refusing to go on without its rules")
            }
            inStore.insert(Self.key(record))
            guard inFile.insert(Self.key(record)).inserted else { continue }
            try appendToFile(record)
            records.append(record)
        }
        // This file's requests the store lacks (recorded before the store was shared, or while it was unreachable).
        let missing = records.filter { !inStore.contains(Self.key($0)) }
        do {
            guard !missing.isEmpty else { return (records, lines.last?.sequence ?? 0) }
            try shared.addLedgerLines(try missing.map { (Self.key($0), try Self.line($0)) })
            return (records, try shared.ledgerLines(after: lines.last?.sequence ?? 0).last?.sequence ?? lines.last?.sequence ?? 0)
        } catch let error as RemovalError {
            throw error
        } catch {
            throw RemovalError("cannot write the removal ledger in the store: \(error)")
        }
    }

    private func fileRecords() throws(RemovalError) -> [LedgerRecord] {
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw RemovalError("cannot read the removal ledger \(file.path)")
        }
        var records: [LedgerRecord] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) else { continue }
            do {
                let record = try Self.decoder.decode(LedgerRecord.self, from: Data(line))
                guard record.kind == .revocation || record.scope != nil else { throw RemovalError("a request without a scope") }
                records.append(record)
            } catch {
                throw RemovalError("the removal ledger \(file.path) is damaged at line \(index + 1); refusing to go on without its rules (fix or restore that line)")
            }
        }
        return records
    }

    /// Appends one record and makes it durable before returning: in the file, then in the shared store.
    public func append(_ record: LedgerRecord) throws(RemovalError) {
        try appendToFile(record)
        guard let shared else { return }
        do {
            try shared.addLedgerLines([(Self.key(record), try Self.line(record))])
        } catch let error as RemovalError {
            throw error
        } catch {
            throw RemovalError("recorded in \(file.path) but not in the store (\(error)): other machines learn of it the next time a command runs here")
        }
    }

    private func appendToFile(_ record: LedgerRecord) throws(RemovalError) {
        let line: Data
        do {
            line = try Self.encoder.encode(record) + Data("\n".utf8)
        } catch {
            throw RemovalError("cannot encode the ledger record: \(error)")
        }
        let existed = FileManager.default.fileExists(atPath: file.path)
        let descriptor = open(file.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw RemovalError("cannot write the removal ledger \(file.path): \(String(cString: strerror(errno))); nothing was removed")
        }
        defer { close(descriptor) }
        let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(descriptor) == 0 else {
            throw RemovalError("cannot write the removal ledger \(file.path): \(String(cString: strerror(errno))); nothing was removed")
        }
        if !existed {
            // The new file's name must be durable too.
            let folder = open(file.deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
            if folder >= 0 {
                fsync(folder)
                close(folder)
            }
        }
    }

    /// A new request id: time-ordered and readable, e.g. `rm-20261129-231500-3f9a`.
    public static func newID(at date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let stamp = String(format: "%04d%02d%02d-%02d%02d%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!)
        return "rm-\(stamp)-\(String(UInt16.random(in: 0...UInt16.max), radix: 16))"
    }
}
