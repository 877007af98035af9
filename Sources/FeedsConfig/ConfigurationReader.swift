import Foundation
import Yams
#if canImport(Glibc)
import Glibc
#endif

/// Reads feeds.yml strictly: an unknown key, a wrong type or a duplicate
/// name is an error naming its line, never silently ignored.
public enum ConfigurationReader {
    public static func read(contentsOf file: URL) throws(ConfigurationError) -> FeedsConfiguration {
        // Read with plain POSIX calls, so that every failure can be said in words (Foundation's messages
        // speak of "permission" for /dev/null and of error 256 for a folder).
        var status = stat()
        guard stat(file.path, &status) == 0 else {
            throw ConfigurationError(file: file.path, line: nil, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        if status.st_mode & S_IFMT == S_IFDIR {
            throw ConfigurationError(file: file.path, line: nil, message: "is a folder, not a feed list; pass the feeds.yml file inside it")
        }
        guard let handle = FileHandle(forReadingAtPath: file.path) else {
            throw ConfigurationError(file: file.path, line: nil, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        let data = (try? handle.readToEnd()) ?? Data()
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(file: file.path, line: nil, message: "is not UTF-8 text")
        }
        return try read(text, file: file)
    }

    public static func read(_ text: String, file: URL) throws(ConfigurationError) -> FeedsConfiguration {
        let reader = NodeReader(file: file.path)
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                throw ConfigurationError(file: file.path, line: nil, message: "empty: expected `feeds:` with at least one feed")
            }
            root = composed
        } catch let error as ConfigurationError {
            throw error
        } catch let error as YamlError {
            throw reader.yamlError(error)
        } catch {
            throw ConfigurationError(file: file.path, line: nil, message: "\(error)")
        }
        let folder = file.deletingLastPathComponent()
        var configuration = FeedsConfiguration(
            file: file, cacheDirectory: folder.appendingPathComponent("cache"),
            removalsLedger: folder.appendingPathComponent("removals.jsonl"))

        let top = try reader.mapping(root, context: "the top level", allowed: ["cache", "removals", "store", "defaults", "feeds", "publish"])
        if let cache = top["cache"] { configuration.cacheDirectory = resolve(try reader.string(cache, key: "cache"), in: folder) }
        if let removals = top["removals"] { configuration.removalsLedger = resolve(try reader.string(removals, key: "removals"), in: folder) }
        if let store = top["store"] {
            let address = try reader.string(store, key: "store")
            let lower = address.lowercased()
            guard lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://") else {
                throw ConfigurationError(file: file.path, line: store.mark?.line,
                                         message: "`store` must be a postgresql:// address (postgresql://user@host:5432/database); leave it out for SQLite in the cache")
            }
            configuration.store = address
        }
        if let defaults = top["defaults"] { configuration.defaults = try readDefaults(defaults, reader: reader) }
        guard let feeds = top["feeds"] else {
            throw ConfigurationError(file: file.path, line: root.mark?.line, message: "missing key `feeds`: the list of feeds to sync")
        }
        configuration.feeds = try readFeeds(feeds, reader: reader)
        if let publish = top["publish"] {
            configuration.publish = try readPublish(publish, feeds: configuration.feeds, folder: folder, reader: reader)
        }
        let cache = configuration.cacheDirectory.standardizedFileURL.path
        if configuration.removalsLedger.standardizedFileURL.path.hasPrefix(cache + "/") {
            throw ConfigurationError(file: file.path, line: top["removals"]?.mark?.line,
                                     message: "`removals` must not be inside the cache folder: deleting the cache would forget removal requests")
        }
        return configuration
    }

    private static func resolve(_ path: String, in folder: URL) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
    }

    private static func readDefaults(_ node: Node, reader: NodeReader) throws(ConfigurationError) -> FeedDefaults {
        var defaults = FeedDefaults()
        let map = try reader.mapping(node, context: "`defaults`",
                                     allowed: ["interval", "user_agent", "connect_timeout", "timeout", "max_body", "jobs", "verify_interval", "lease"])
        if let value = map["interval"] { defaults.intervalMinutes = try reader.minutes(value, key: "defaults.interval") }
        if let value = map["user_agent"] { defaults.userAgent = try reader.string(value, key: "defaults.user_agent") }
        if let value = map["connect_timeout"] { defaults.connectTimeoutSeconds = try reader.seconds(value, key: "defaults.connect_timeout") }
        if let value = map["timeout"] { defaults.timeoutSeconds = try reader.seconds(value, key: "defaults.timeout") }
        if let value = map["max_body"] { defaults.maximumBodyBytes = try reader.bytes(value, key: "defaults.max_body") }
        if let value = map["jobs"] { defaults.jobs = try reader.positiveInteger(value, key: "defaults.jobs") }
        if let value = map["verify_interval"] { defaults.verifyIntervalMinutes = try reader.minutes(value, key: "defaults.verify_interval") }
        if let value = map["lease"] {
            defaults.leaseSeconds = try reader.seconds(value, key: "defaults.lease")
            // Renewed every third of it: shorter would mean a renewal more often than a second.
            guard defaults.leaseSeconds >= 3 else { throw reader.error(value, "`defaults.lease` must be at least 3s (default 60s)") }
        }
        return defaults
    }

    private static func readFeeds(_ node: Node, reader: NodeReader) throws(ConfigurationError) -> [FeedEntry] {
        guard case .sequence(let sequence) = node else {
            throw reader.error(node, "`feeds` must be a list of feeds (each `- url: …`)")
        }
        var entries: [FeedEntry] = []
        var lines: [String: Int] = [:]
        for item in sequence {
            let map = try reader.mapping(item, context: "a feed", allowed: ["url", "name", "interval", "republisher", "tags", "show", "verify"])
            guard let urlNode = map["url"] else { throw reader.error(item, "a feed without `url`") }
            let url = try reader.string(urlNode, key: "url")
            guard let components = URLComponents(string: url), ["http", "https"].contains(components.scheme?.lowercased() ?? ""),
                  components.host?.isEmpty == false else {
                throw reader.error(urlNode, "`url` must be an http or https address, not \"\(url)\"")
            }
            var entry = FeedEntry(url: url, name: FeedEntry.derivedName(from: url))
            if let name = map["name"] { entry.name = try reader.string(name, key: "name") }
            if let interval = map["interval"] { entry.intervalMinutes = try reader.minutes(interval, key: "interval") }
            if let republisher = map["republisher"] { entry.republisher = try reader.bool(republisher, key: "republisher") }
            if let tags = map["tags"] { entry.tags = try reader.strings(tags, key: "tags") }
            if let verify = map["verify"] { entry.verify = try reader.bool(verify, key: "verify") }
            if let show = map["show"] {
                guard let value = PublishedText(rawValue: try reader.string(show, key: "show")) else {
                    throw reader.error(show, "`show` must be excerpt or full")
                }
                entry.show = value
            }
            let line = item.mark?.line ?? 0
            if let first = lines[entry.name] {
                throw reader.error(item, "feed name \"\(entry.name)\" is used twice (first on line \(first)); give one a `name:`")
            }
            lines[entry.name] = line
            entries.append(entry)
        }
        return entries
    }
}

extension ConfigurationReader {
    static func readPublish(_ node: Node, feeds: [FeedEntry], folder: URL, reader: NodeReader) throws(ConfigurationError) -> PublishConfiguration {
        let map = try reader.mapping(node, context: "`publish`",
                                     allowed: ["out", "title", "url", "items", "feeds", "tags", "removal_contact", "templates"])
        func required(_ key: String, _ example: String) throws(ConfigurationError) -> Node {
            guard let value = map[key] else { throw reader.error(node, "`publish` needs `\(key)`, e.g. \(key): \(example)") }
            return value
        }
        let outNode = try required("out", "public")
        let urlNode = try required("url", "https://news.example.com/")
        let contactNode = try required("removal_contact", "mailto:removals@example.com")
        var siteURL = try reader.string(urlNode, key: "publish.url")
        guard let components = URLComponents(string: siteURL), ["http", "https"].contains(components.scheme?.lowercased() ?? ""),
              components.host?.isEmpty == false, components.query == nil, components.fragment == nil else {
            throw reader.error(urlNode, "`publish.url` must be the http or https address the folder is served at, not \"\(siteURL)\"")
        }
        if !siteURL.hasSuffix("/") { siteURL += "/" }
        let contact = try reader.string(contactNode, key: "publish.removal_contact")
        let contactScheme = URLComponents(string: contact)?.scheme?.lowercased()
        guard contactScheme == "mailto" && contact.count > 7 || (["http", "https"].contains(contactScheme ?? "")
                                                                  && URLComponents(string: contact)?.host?.isEmpty == false) else {
            throw reader.error(contactNode, "`publish.removal_contact` must be a mailto: or http(s) address, not \"\(contact)\"")
        }
        let out = resolve(try reader.string(outNode, key: "publish.out"), in: folder).standardizedFileURL
        guard out.path != folder.standardizedFileURL.path, out.path != "/" else {
            throw reader.error(outNode, "`publish.out` must be a folder of its own, not the folder of feeds.yml")
        }
        var publish = PublishConfiguration(outputDirectory: out, title: "feeds", siteURL: siteURL, removalContact: contact)
        if let title = map["title"] { publish.title = try reader.string(title, key: "publish.title") }
        if let items = map["items"] { publish.itemCount = try reader.positiveInteger(items, key: "publish.items") }
        if let names = map["feeds"] {
            let list = try reader.strings(names, key: "publish.feeds")
            if let unknown = list.first(where: { name in !feeds.contains { $0.name == name } }) {
                throw reader.error(names, "`publish.feeds` names \"\(unknown)\", which is not a feed in `feeds`")
            }
            publish.feeds = list
        }
        if let tags = map["tags"] {
            let list = try reader.strings(tags, key: "publish.tags")
            if let unknown = list.first(where: { tag in !feeds.contains { $0.tags.contains(tag) } }) {
                throw reader.error(tags, "`publish.tags` names \"\(unknown)\", which no feed has")
            }
            publish.tags = list
        }
        if let templates = map["templates"] {
            publish.templatesDirectory = resolve(try reader.string(templates, key: "publish.templates"), in: folder)
        }
        return publish
    }
}

/// Typed reads of YAML nodes, each failure naming the node's line.
struct NodeReader {
    var file: String

    func error(_ node: Node, _ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: node.mark?.line, message: message)
    }

    func yamlError(_ error: YamlError) -> ConfigurationError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ConfigurationError(file: file, line: mark.line, message: "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigurationError(file: file, line: context.mark.line, message: "key given twice: \(duplicates.joined(separator: ", "))")
        default:
            return ConfigurationError(file: file, line: nil, message: "not valid YAML: \(error)")
        }
    }

    func mapping(_ node: Node, context: String, allowed: [String]) throws(ConfigurationError) -> [String: Node] {
        guard case .mapping(let mapping) = node else { throw error(node, "\(context) must be a mapping of keys to values") }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw error(key, "keys in \(context) must be words") }
            guard allowed.contains(name) else {
                throw error(key, "unknown key `\(name)` in \(context); expected one of: \(allowed.joined(separator: ", "))")
            }
            result[name] = value
        }
        return result
    }

    func string(_ node: Node, key: String) throws(ConfigurationError) -> String {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else { throw error(node, "`\(key)` must be a non-empty text") }
        return scalar.string
    }

    func strings(_ node: Node, key: String) throws(ConfigurationError) -> [String] {
        guard case .sequence(let sequence) = node else { throw error(node, "`\(key)` must be a list, e.g. [news, science]") }
        var result: [String] = []
        for item in sequence { result.append(try string(item, key: key)) }
        return result
    }

    func bool(_ node: Node, key: String) throws(ConfigurationError) -> Bool {
        guard let value = node.bool else { throw error(node, "`\(key)` must be true or false") }
        return value
    }

    func positiveInteger(_ node: Node, key: String) throws(ConfigurationError) -> Int {
        guard let value = node.int, value > 0 else { throw error(node, "`\(key)` must be a whole number above 0") }
        return value
    }

    /// `90` (minutes), `90m`, `2h`, `1d`.
    func minutes(_ node: Node, key: String) throws(ConfigurationError) -> Int {
        guard let seconds = Self.quantity(node.string ?? "", units: ["s": 1, "m": 60, "h": 3600, "d": 86400], bare: 60),
              seconds >= 60 else {
            throw error(node, "`\(key)` must be a duration of at least a minute, such as 30m, 2h or 1d")
        }
        return seconds / 60
    }

    /// `30` (seconds), `30s`, `2m`.
    func seconds(_ node: Node, key: String) throws(ConfigurationError) -> Int {
        guard let seconds = Self.quantity(node.string ?? "", units: ["s": 1, "m": 60, "h": 3600], bare: 1), seconds > 0 else {
            throw error(node, "`\(key)` must be a duration such as 30s or 2m")
        }
        return seconds
    }

    /// `1048576`, `512KiB`, `10MiB`, `1GiB` (KB/MB/GB read as the same binary units).
    func bytes(_ node: Node, key: String) throws(ConfigurationError) -> Int {
        let units = ["b": 1, "kib": 1024, "kb": 1024, "k": 1024, "mib": 1 << 20, "mb": 1 << 20, "m": 1 << 20, "gib": 1 << 30, "gb": 1 << 30, "g": 1 << 30]
        guard let value = Self.quantity((node.string ?? "").lowercased(), units: units, bare: 1), value > 0 else {
            throw error(node, "`\(key)` must be a size such as 512KiB or 10MiB")
        }
        return value
    }

    static func quantity(_ text: String, units: [String: Int], bare: Int) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isNumber }
        guard let number = Int(digits) else { return nil }
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        if unit.isEmpty { return number * bare }
        return units[unit].map { number * $0 }
    }
}
