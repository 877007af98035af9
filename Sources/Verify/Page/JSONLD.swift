import Foundation

/// Reads the schema.org article a page describes in JSON-LD, in the shapes
/// sites really publish: one object, an array of them, a `@graph`, objects
/// nested in others, references by `@id` to another node of the graph, and
/// strings where objects are expected (an author's name, a publisher's URL).
enum JSONLD {
    static let articleTypes: Set<String> = [
        "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
        "scholarlyarticle", "techarticle", "socialmediaposting", "liveblogposting", "backgroundnewsarticle", "reviewnewsarticle",
    ]

    /// (kind, value, whether the value is an address) for the first article node found.
    static func statements(_ script: String) -> [(String, String, Bool)] {
        // Some CMSs wrap the JSON in an HTML comment or CDATA markers.
        var text = script.trimmingCharacters(in: .whitespacesAndNewlines)
        for (open, close) in [("<!--", "-->"), ("//<![CDATA[", "//]]>"), ("<![CDATA[", "]]>")] where text.hasPrefix(open) && text.hasSuffix(close) {
            text = String(text.dropFirst(open.count).dropLast(close.count))
        }
        guard let root = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else { return [] }
        var nodes: [[String: Any]] = []
        collect(root, into: &nodes)
        var byID: [String: [String: Any]] = [:]
        // A node of its own, not a bare `{"@id": …}` reference to one.
        for node in nodes where node.count > 1 { if let id = node["@id"] as? String, byID[id] == nil { byID[id] = node } }
        guard let article = nodes.first(where: { types($0).contains(where: articleTypes.contains) }) else { return [] }
        func resolved(_ value: Any?) -> Any? {
            if let object = value as? [String: Any], object.count == 1, let id = object["@id"] as? String, let node = byID[id] { return node }
            return value
        }
        var result: [(String, String, Bool)] = []
        func address(_ kind: String, _ value: Any?) {
            for item in list(resolved(value)) {
                if let string = item as? String { result.append((kind, string, true)) }
                else if let object = resolved(item) as? [String: Any], let url = (object["url"] as? String) ?? (object["@id"] as? String) {
                    result.append((kind, url, true))
                }
            }
        }
        func name(_ kind: String, _ value: Any?) {
            for item in list(resolved(value)) {
                if let string = item as? String { result.append((kind, string, false)) }
                else if let object = resolved(item) as? [String: Any] {
                    if let name = object["name"] as? String { result.append((kind, name, false)) }
                    else if let url = object["url"] as? String { result.append((kind, url, false)) }
                }
            }
        }
        address("jsonld.url", article["url"])
        address("jsonld.main-entity-of-page", article["mainEntityOfPage"])
        name("jsonld.author", article["author"])
        name("jsonld.publisher", article["publisher"])
        name("jsonld.copyright-holder", article["copyrightHolder"])
        name("jsonld.copyright-notice", article["copyrightNotice"])
        address("jsonld.license", article["license"])
        address("jsonld.is-based-on", article["isBasedOn"] ?? article["isBasedOnUrl"])
        name("jsonld.source-organization", article["sourceOrganization"])
        return result
    }

    private static func collect(_ value: Any, into nodes: inout [[String: Any]]) {
        if let array = value as? [Any] {
            for item in array { collect(item, into: &nodes) }
        } else if let object = value as? [String: Any] {
            nodes.append(object)
            if let graph = object["@graph"] { collect(graph, into: &nodes) }
            // Nested nodes (an article inside a WebPage's mainEntity, say) count too.
            for (key, nested) in object where key != "@graph" && (nested is [String: Any] || nested is [Any]) {
                collect(nested, into: &nodes)
            }
        }
    }

    private static func types(_ node: [String: Any]) -> [String] {
        list(node["@type"]).compactMap { ($0 as? String)?.lowercased().split(separator: ":").last.map(String.init) }
    }

    private static func list(_ value: Any?) -> [Any] {
        guard let value, !(value is NSNull) else { return [] }
        return (value as? [Any]) ?? [value]
    }
}
