#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The namespaces feeds use, matched by URI (with the spelling variants seen
/// in the wild), never by prefix — except to rescue an element whose prefix
/// was never declared, where the conventional prefix is the only clue left.
enum Namespace: Equatable {
    case none
    case atom10, atom03
    case rss10, rss090, rdf
    case content, dc, dcterms, media, itunes, feedburner, sy, slash, creativeCommons, cc, wfw, xhtml, xml
    case other

    static func classify(uri: String) -> Namespace {
        var key = uri.lowercased()
        if key.hasPrefix("https://") { key.removeFirst(6) } else if key.hasPrefix("http://") { key.removeFirst(5) }
        while key.hasSuffix("/") || key.hasSuffix("#") { key.removeLast() }
        switch key {
        case "//www.w3.org/2005/atom": return .atom10
        // Atom 0.3 and its pre-release names ("echo", "pie", "necho").
        case "//purl.org/atom/ns", "//example.com/newformat", "//example.com/necho", "//purl.org/echo", "uri/of/echo/namespace",
             "//purl.org/pie", "//example.com/pie":
            return .atom03
        case "//purl.org/rss/1.0": return .rss10
        case "//my.netscape.com/rdf/simple/0.9": return .rss090
        case "//www.w3.org/1999/02/22-rdf-syntax-ns": return .rdf
        case "//purl.org/rss/1.0/modules/content": return .content
        case "//purl.org/dc/elements/1.1": return .dc
        case "//purl.org/dc/terms": return .dcterms
        case "//search.yahoo.com/mrss", "//video.search.yahoo.com/mrss", "//tools.search.yahoo.com/mrss": return .media
        case "//www.itunes.com/dtds/podcast-1.0.dtd": return .itunes
        case "//rssnamespace.org/feedburner/ext/1.0": return .feedburner
        case "//purl.org/rss/1.0/modules/syndication": return .sy
        case "//purl.org/rss/1.0/modules/slash": return .slash
        case "//backend.userland.com/creativecommonsrssmodule", "//blogs.law.harvard.edu/tech/creativecommonsrssmodule",
             "//cyber.law.harvard.edu/rss/creativecommonsrssmodule.html":
            return .creativeCommons
        case "//web.resource.org/cc", "//creativecommons.org/ns": return .cc
        case "//wellformedweb.org/commentapi": return .wfw
        case "//www.w3.org/1999/xhtml": return .xhtml
        // RSS 2.0 written in a namespace of its own by some old tools (Radio UserLand, Harvard's spec site).
        case "//backend.userland.com/rss2", "//backend.userland.com/rss", "//blogs.law.harvard.edu/tech/rss": return .none
        case "//www.w3.org/xml/1998/namespace": return .xml
        default: return .other
        }
    }

    static func conventional(prefix: String) -> Namespace {
        switch prefix.lowercased() {
        case "atom": return .atom10
        case "content": return .content
        case "dc": return .dc
        case "dcterms": return .dcterms
        case "media": return .media
        case "itunes": return .itunes
        case "feedburner": return .feedburner
        case "sy": return .sy
        case "slash": return .slash
        case "creativecommons": return .creativeCommons
        case "cc": return .cc
        case "wfw": return .wfw
        case "rdf": return .rdf
        default: return .other
        }
    }
}

/// Classifies namespace URIs without building a String for every element:
/// a document uses a handful of URIs, so each is classified once and then
/// recognised by its bytes.
struct NamespaceCache {
    private var known: [(bytes: [UInt8], namespace: Namespace)] = []

    mutating func namespace(for uri: UnsafePointer<UInt8>?, prefix: UnsafePointer<UInt8>?) -> Namespace {
        guard let uri else {
            if let prefix { return Namespace.conventional(prefix: String(cString: prefix)) }
            return .none
        }
        let length = strlen(uri)
        for entry in known where entry.bytes.count == length {
            if entry.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, uri, length) == 0 }) { return entry.namespace }
        }
        let bytes = Array(UnsafeBufferPointer(start: uri, count: length))
        let namespace = Namespace.classify(uri: String(decoding: bytes, as: UTF8.self))
        known.append((bytes, namespace))
        return namespace
    }

    /// From now on, elements in this namespace read as if in no namespace:
    /// for an `<rss>` root that declares a default namespace of its own,
    /// whose children are plain RSS all the same.
    mutating func readAsNoNamespace(_ uri: UnsafePointer<UInt8>) {
        let bytes = Array(UnsafeBufferPointer(start: uri, count: strlen(uri)))
        known.removeAll { $0.bytes == bytes }
        known.append((bytes, .none))
    }
}
