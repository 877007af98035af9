import FeedModel
import Foundation

/// Builds a ParsedFeed from the SAX events of an RSS 0.9x/1.0/2.0 or Atom
/// 0.3/1.0 document. Elements are recognised by namespace URI and local name;
/// every element's role is decided once, when it opens, from its parent's role.
final class XMLFeedBuilder: XMLEventHandler {
    private enum PersonTarget { case feed, item, source }

    private enum Field {
        case feedTitle, feedLink, feedDescription, feedLanguage, feedRights, feedGenerator, feedUpdated, feedPublished
        case feedTTL, feedManagingEditor, feedWebMaster, feedPublisher, feedCreator, feedLogo, feedIcon
        case skipHour, skipDay, updatePeriod, updateFrequency, imageURL
        case itemTitle, itemLink, itemSummary, itemContent, itemGuid, itemPubDate, itemDCDate, itemUpdated, itemPublished
        case itemAuthor, itemCreator, itemCategory, itemComments, itemSourceTitle, itemDCSource, itemDCRights, itemRights
        case itemRightsHolder, itemMediaCopyright, itemMediaCredit, itemLicense, itemFallbackSummary, itemOrigLink, itemAtomID
        /// `dc:title`, `media:title`: the title when there is no other.
        case itemFallbackTitle
        /// `xhtml:body`, `body`, `fullitem`: the full text, kept as markup.
        case itemFullText
        case sourceTitle, sourceID, sourceRights
        case personName(PersonTarget), personEmail(PersonTarget), personURI(PersonTarget)
    }

    private enum Role {
        /// `searching`: inside a document whose root is not a feed (an XHTML page), looking for one.
        case document, searching, root, channel, item(serial: Int), image, atomSource, person(PersonTarget), mediaGroup, itunesCategory
        case skipHours, skipDays, field(Field), insideCapture, ignored
    }

    private struct Frame {
        var role: Role
        var base: String?
        /// The qualified name, for closing re-serialised markup.
        var markupName: String?
    }

    private struct Capture {
        var field: Field
        var kind: CapturedText.Kind
        /// Child elements are written back as markup (Atom xhtml, stray HTML in RSS).
        var keepsMarkup: Bool
        var depth: Int
        var base: String?
        var truncated = false
        /// Atom `type="xhtml"`: the one `div` that wraps the content is not part of it.
        var unwrapsDiv = false
        /// Atom 0.3 `mode="base64"`: the text is the content base64-encoded.
        var base64 = false
    }

    private let options: FeedParserOptions
    private let warnings: WarningLog
    private let sanitizer = HTMLSanitizer()
    var currentLine: () -> Int = { 0 }

    private var namespaces = NamespaceCache()
    private var stack: [Frame] = []
    private var capture: Capture?
    /// The text of the field being captured: one buffer, kept for the whole document.
    private var captureBuffer: [UInt8] = []
    private(set) var format: FeedFormat?
    private(set) var rootName: String?
    private(set) var rootNamespace: Namespace?
    private var rootLanguage: String?
    private var feed = FeedDraft()
    private var item: ItemDraft?
    private var itemSerial = 0
    private var personDraft = ParsedPerson()
    private var items: [ParsedItem] = []
    private var depthWarningGiven = false

    init(options: FeedParserOptions, warnings: WarningLog) {
        self.options = options
        self.warnings = warnings
        documentBase = options.baseURL
    }

    /// The document's own address: `--base-url` or the fetched URL, else its self link (only an http(s) URL serves).
    /// Kept, not recomputed: it is read for every URL and every HTML field.
    private var documentBase: String?
    private var selfURLBase: String? {
        didSet { documentBase = options.baseURL ?? selfURLBase }
    }

    /// A URL field resolved against the base in effect, then checked: one
    /// whose scheme is not allowed is dropped with a warning naming the field.
    private func url(_ raw: String?, base: String?, field: String) -> String? {
        guard let raw else { return nil }
        switch URLResolver.resolveChecked(raw, against: base ?? documentBase) {
        case .url(let url): return url
        case .empty: return nil
        case .refused(let scheme):
            warnRefused(scheme: scheme, field: field, line: currentLine())
            return nil
        }
    }

    private func warnRefused(scheme: String, field: String, line: Int?) {
        warnings.add(line: line, "\(field): a '\(scheme):' URL was dropped (only http, https and mailto are allowed)",
                     foldKey: "scheme:" + field)
    }

    // MARK: XMLEventHandler

    func startElement(localName: UnsafeBufferPointer<UInt8>, prefix: UnsafePointer<UInt8>?, namespace: UnsafePointer<UInt8>?, attributes: XMLAttributes) {
        let parentBase = stack.last?.base
        var base = parentBase
        if let xmlBase = attributes.value("base", namespace: "http://www.w3.org/XML/1998/namespace"),
           let resolved = URLResolver.resolve(xmlBase, against: parentBase ?? documentBase) {
            // A base is only ever an absolute http(s) URL: anything else would
            // let the feed choose the scheme of every relative link under it.
            if URLSafety.isWebBase(resolved) {
                base = resolved
            } else {
                warnings.add(line: currentLine(), "xml:base '\(resolved.prefix(60))' is not an http(s) address; ignored", foldKey: "xml:base")
            }
        }
        if let open = capture {
            if open.keepsMarkup {
                let name = String(decoding: localName, as: UTF8.self)
                if open.unwrapsDiv {
                    capture!.unwrapsDiv = false
                    if name == "div", stack.count == open.depth + 1 {
                        stack.append(Frame(role: .insideCapture, base: base, markupName: nil))
                        return
                    }
                }
                writeMarkupStart(name: name, attributes: attributes)
                stack.append(Frame(role: .insideCapture, base: base, markupName: name))
                return
            }
            // An element inside a plain-text field means the field was never
            // closed (`<title>Story<link>…`): end it here, and read what follows
            // as its parent's content, where the publisher meant it to be.
            capture = nil
            finish(open)
            if stack.count >= 2 { stack[stack.count - 1].role = stack[stack.count - 2].role }
        }
        if stack.count >= options.limits.maxDepth {
            if !depthWarningGiven {
                depthWarningGiven = true
                warnings.add(line: currentLine(), "elements nested deeper than \(options.limits.maxDepth) levels were skipped")
            }
            stack.append(Frame(role: .ignored, base: base))
            return
        }
        var ns = namespaces.namespace(for: namespace, prefix: prefix)
        let name = String(decoding: localName, as: UTF8.self)
        if stack.isEmpty, name == "rss", ns == .other, let namespace {
            namespaces.readAsNoNamespace(namespace)
            ns = .none
        }
        let role = self.role(for: name, ns: ns, parent: stack.last?.role ?? .document, attributes: attributes, base: base)
        stack.append(Frame(role: role, base: base))
        if case .field(let field) = role {
            beginCapture(field, ns: ns, attributes: attributes, base: base)
        }
    }

    func endElement(localName: UnsafeBufferPointer<UInt8>, prefix: UnsafePointer<UInt8>?, namespace: UnsafePointer<UInt8>?) {
        guard let frame = stack.popLast() else { return }
        switch frame.role {
        case .insideCapture:
            if let name = frame.markupName { writeMarkupEnd(name: name) }
        case .field:
            if let finished = capture, finished.depth == stack.count {
                capture = nil
                finish(finished)
            }
        case .item(let serial):
            if serial == itemSerial { finishItem() }
        case .person(let target):
            finishPerson(target)
        default:
            break
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard capture != nil else { return }
        var text = text
        if captureBuffer.count + text.count > options.limits.maxFieldBytes {
            if !capture!.truncated {
                capture!.truncated = true
                warnings.add(line: currentLine(), "a text field longer than \(options.limits.maxFieldBytes) bytes was cut")
            }
            // Keep what fits, up to a whole character: libxml2 may hand over a
            // long text node in one piece, which must be cut, not dropped.
            var fits = max(0, options.limits.maxFieldBytes - captureBuffer.count)
            while fits > 0, fits < text.count, text[fits] & 0xC0 == 0x80 { fits -= 1 }
            guard fits > 0 else { return }
            text = UnsafeBufferPointer(rebasing: text[..<fits])
        }
        if capture!.keepsMarkup && capture!.kind == .xhtml {
            HTMLEscaping.appendEscapedText(text, to: &captureBuffer)
        } else {
            captureBuffer.append(contentsOf: text)
        }
    }

    func parserError(line: Int, message: String, fatal: Bool) {
        warnings.addParserMessage(line: line, message)
    }

    // MARK: Roles

    private func isCore(_ ns: Namespace) -> Bool {
        switch format {
        case .atom10, .atom03: return ns == .atom10 || ns == .atom03
        default: return ns == .none || ns == .rss10 || ns == .rss090
        }
    }

    private func role(for name: String, ns: Namespace, parent: Role, attributes: XMLAttributes, base: String?) -> Role {
        switch parent {
        case .document:
            return rootRole(name: name, ns: ns, attributes: attributes)
        case .searching:
            // A feed saved inside another document (`<html><body><feed xmlns=…Atom>`).
            return rootRole(name: name, ns: ns, attributes: attributes, nested: true)
        case .root:
            guard isCore(ns) else { return .ignored }
            switch name {
            case "channel": return .channel
            case "item": return startItem(attributes: attributes, base: base)
            case "image": return .image
            default: return .ignored
            }
        case .channel:
            return channelRole(name: name, ns: ns, attributes: attributes, base: base)
        case .item:
            // An item opening inside an item: the first one was never closed.
            if isCore(ns) && (name == "item" || name == "entry") { return startItem(attributes: attributes, base: base) }
            guard item != nil else { return .ignored }
            return itemRole(name: name, ns: ns, attributes: attributes, base: base)
        case .mediaGroup:
            guard item != nil, ns == .media else { return .ignored }
            return mediaRole(name: name, attributes: attributes, base: base)
        case .image:
            return isCore(ns) && name == "url" ? .field(.imageURL) : .ignored
        case .atomSource:
            guard ns == .atom10 || ns == .atom03 else { return .ignored }
            switch name {
            case "title": return .field(.sourceTitle)
            case "id": return .field(.sourceID)
            case "rights", "copyright": return .field(.sourceRights)
            case "author": personDraft = ParsedPerson(); return .person(.source)
            case "link":
                let href = url(attributes.value("href"), base: base, field: "source link")
                switch attributes.value("rel") ?? "alternate" {
                case "self": if item?.source?.url == nil { item?.source?.url = href }
                case "alternate": if item?.source?.link == nil { item?.source?.link = href }
                default: break
                }
                return .ignored
            default: return .ignored
            }
        case .person(let target):
            guard ns == .atom10 || ns == .atom03 || ns == .itunes else { return .ignored }
            switch name {
            case "name": return .field(.personName(target))
            case "email": return .field(.personEmail(target))
            case "uri", "url", "homepage": return .field(.personURI(target))
            default: return .ignored
            }
        case .itunesCategory:
            guard ns == .itunes, name == "category" else { return .ignored }
            if let text = nonEmpty(attributes.value("text")), item?.categories.contains(text) == false { item?.categories.append(text) }
            return .itunesCategory
        case .skipHours:
            return isCore(ns) && name == "hour" ? .field(.skipHour) : .ignored
        case .skipDays:
            return isCore(ns) && name == "day" ? .field(.skipDay) : .ignored
        case .field, .insideCapture, .ignored:
            return .ignored
        }
    }

    private func rootRole(name: String, ns: Namespace, attributes: XMLAttributes, nested: Bool = false) -> Role {
        if !nested {
            rootName = name
            rootNamespace = ns
            rootLanguage = attributes.value("lang", namespace: "http://www.w3.org/XML/1998/namespace")
        }
        switch (ns, name) {
        case (.none, "rss"), (.rss10, "rss"):
            switch attributes.value("version")?.trimmingCharacters(in: .whitespaces) {
            case "0.91": format = .rss091
            case "0.90": format = .rss090
            case "0.92", "0.93", "0.94": format = .rss092
            default: format = .rss20
            }
            return .root
        case (.rdf, "RDF"):
            format = .rss10
            return .root
        case (.atom10, "feed"), (.none, "feed"):
            format = .atom10
            feed.language = attributes.value("lang", namespace: "http://www.w3.org/XML/1998/namespace")
            return .channel
        case (.atom03, "feed"):
            format = .atom03
            feed.language = attributes.value("lang", namespace: "http://www.w3.org/XML/1998/namespace")
            return .channel
        default:
            format = .unknown
            return .searching
        }
    }

    private func startItem(attributes: XMLAttributes, base: String?) -> Role {
        if item != nil { finishItem() }  // an unclosed item: keep it, start the next
        itemSerial += 1
        var draft = ItemDraft()
        draft.base = base
        draft.rdfAbout = attributes.value("about", namespace: "http://www.w3.org/1999/02/22-rdf-syntax-ns#")
        item = draft
        return .item(serial: itemSerial)
    }

    private func channelRole(name: String, ns: Namespace, attributes: XMLAttributes, base: String?) -> Role {
        let isAtom = format == .atom10 || format == .atom03
        if isCore(ns) {
            if format == .rss10, ns == .rss090 { format = .rss090 }
            if isAtom {
                switch name {
                case "title": return .field(.feedTitle)
                case "subtitle", "tagline": return .field(.feedDescription)
                case "link": feedLink(attributes: attributes, base: base); return .ignored
                case "updated", "modified": return .field(.feedUpdated)
                case "rights", "copyright": return .field(.feedRights)
                case "generator": return .field(.feedGenerator)
                case "author": personDraft = ParsedPerson(); return .person(.feed)
                case "icon": return .field(.feedIcon)
                case "logo": return .field(.feedLogo)
                case "entry": return startItem(attributes: attributes, base: base)
                default: return .ignored
                }
            }
            switch name {
            case "title": return .field(.feedTitle)
            case "link": return .field(.feedLink)
            case "description": return .field(.feedDescription)
            case "language": return .field(.feedLanguage)
            case "copyright": return .field(.feedRights)
            case "managingEditor": return .field(.feedManagingEditor)
            case "author": return .field(.feedCreator)
            case "webMaster": return .field(.feedWebMaster)
            case "pubDate": return .field(.feedPublished)
            case "lastBuildDate": return .field(.feedUpdated)
            case "generator": return .field(.feedGenerator)
            case "ttl": return .field(.feedTTL)
            case "image": return .image
            case "item": return startItem(attributes: attributes, base: base)
            case "skipHours": return .skipHours
            case "skipDays": return .skipDays
            default: return .ignored
            }
        }
        switch ns {
        case .atom10:
            if name == "link" { feedLink(attributes: attributes, base: base) }
            return .ignored
        case .dc:
            switch name {
            case "creator", "author": return .field(.feedCreator)
            case "publisher": return .field(.feedPublisher)
            case "rights": return feed.rights == nil ? .field(.feedRights) : .ignored
            case "date": return .field(.feedUpdated)
            case "language": return .field(.feedLanguage)
            default: return .ignored
            }
        case .dcterms:
            return name == "modified" ? .field(.feedUpdated) : .ignored
        case .sy:
            switch name {
            case "updatePeriod": return .field(.updatePeriod)
            case "updateFrequency": return .field(.updateFrequency)
            default: return .ignored
            }
        case .itunes:
            switch name {
            case "author": return .field(.feedCreator)
            case "owner": personDraft = ParsedPerson(); return .person(.feed)
            case "image":
                // `url=` is a common mistake for `href=`.
                if feed.image == nil { feed.image = url(attributes.value("href") ?? attributes.value("url"), base: base, field: "feed image") }
                return .ignored
            case "summary", "subtitle": return feed.description == nil ? .field(.feedDescription) : .ignored
            default: return .ignored
            }
        default:
            return .ignored
        }
    }

    private func feedLink(attributes: XMLAttributes, base: String?) {
        let rel = attributes.value("rel") ?? "alternate"
        guard let resolved = url(attributes.value("href"), base: base ?? options.baseURL, field: rel == "self" ? "feed self link" : "feed link") else { return }
        switch rel {
        case "self":
            if feed.selfURL == nil {
                feed.selfURL = resolved
                if URLSafety.isWebBase(resolved) { selfURLBase = resolved }
            }
        case "alternate":
            if feed.link == nil { feed.link = resolved }
        default: break
        }
    }

    private func itemRole(name: String, ns: Namespace, attributes: XMLAttributes, base: String?) -> Role {
        let isAtom = format == .atom10 || format == .atom03
        if isCore(ns) && !isAtom {
            switch name {
            case "title": return .field(.itemTitle)
            case "link": return .field(.itemLink)
            case "description": return .field(.itemSummary)
            case "guid":
                item?.guidIsPermalink = attributes.value("isPermaLink")?.lowercased() != "false"
                return .field(.itemGuid)
            case "pubDate": return .field(.itemPubDate)
            case "author": return .field(.itemAuthor)
            case "category": return .field(.itemCategory)
            case "comments": return .field(.itemComments)
            case "body", "fullitem": return .field(.itemFullText)
            case "summary": return .field(.itemFallbackSummary)
            case "enclosure":
                if let url = url(attributes.value("url"), base: base, field: "enclosure url") {
                    item?.addEnclosure(ParsedEnclosure(url: url, type: nonEmpty(attributes.value("type")),
                                                       length: attributes.value("length").flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }))
                }
                return .ignored
            case "source":
                item?.source = ParsedSource(url: url(attributes.value("url"), base: base, field: "source url"))
                return .field(.itemSourceTitle)
            default: return .ignored
            }
        }
        if isCore(ns) || ns == .atom10 {
            switch name {
            case "title": return isAtom ? .field(.itemTitle) : .ignored
            case "link": itemLink(attributes: attributes, base: base); return .ignored
            case "id": return isAtom ? .field(.itemAtomID) : .ignored
            case "summary": return isAtom ? .field(.itemSummary) : .ignored
            case "content": return isAtom ? .field(.itemContent) : .ignored
            case "published", "issued", "created": return .field(.itemPublished)
            case "updated", "modified": return .field(.itemUpdated)
            case "author": personDraft = ParsedPerson(); return isAtom ? .person(.item) : .ignored
            case "category":
                if let term = nonEmpty(attributes.value("label")) ?? nonEmpty(attributes.value("term")) { item?.categories.append(term) }
                return .ignored
            case "rights", "copyright": return .field(.itemRights)
            case "source":
                guard isAtom else { return .ignored }
                item?.source = ParsedSource()
                return .atomSource
            default: return .ignored
            }
        }
        switch ns {
        case .content:
            return name == "encoded" ? .field(.itemContent) : .ignored
        case .dc:
            switch name {
            case "creator", "contributor", "author": return .field(.itemCreator)
            case "title": return .field(.itemFallbackTitle)
            case "date": return .field(.itemDCDate)
            case "rights": return .field(.itemDCRights)
            case "source": return .field(.itemDCSource)
            case "subject": return .field(.itemCategory)
            case "description": return .field(.itemFallbackSummary)
            default: return .ignored
            }
        case .dcterms:
            switch name {
            case "rightsHolder": return .field(.itemRightsHolder)
            case "license": return .field(.itemLicense)
            case "modified": return .field(.itemUpdated)
            case "issued", "created": return .field(.itemPublished)
            default: return .ignored
            }
        case .media:
            return mediaRole(name: name, attributes: attributes, base: base)
        case .itunes:
            switch name {
            case "author": return .field(.itemAuthor)
            case "summary", "subtitle": return .field(.itemFallbackSummary)
            case "category":
                // Nested categories (`Technology` > `Gadgets`) each count.
                if let text = nonEmpty(attributes.value("text")), item?.categories.contains(text) == false { item?.categories.append(text) }
                return .itunesCategory
            default: return .ignored
            }
        case .xhtml:
            return name == "body" ? .field(.itemFullText) : .ignored
        case .feedburner:
            return name == "origLink" ? .field(.itemOrigLink) : .ignored
        case .creativeCommons:
            return name == "license" ? .field(.itemLicense) : .ignored
        case .cc:
            if name == "license" {
                if let resource = attributes.value("resource", namespace: "http://www.w3.org/1999/02/22-rdf-syntax-ns#") {
                    if let license = url(resource, base: base, field: "license") { item?.marks.licenses.append(license) }
                    return .ignored
                }
                return .field(.itemLicense)
            }
            return .ignored
        default:
            return .ignored
        }
    }

    private func mediaRole(name: String, attributes: XMLAttributes, base: String?) -> Role {
        switch name {
        case "group": return .mediaGroup
        case "content":
            if let url = url(attributes.value("url"), base: base, field: "enclosure url") {
                item?.addEnclosure(ParsedEnclosure(url: url, type: nonEmpty(attributes.value("type")),
                                                   length: attributes.value("fileSize").flatMap { Int64($0) }))
            }
            return .mediaGroup  // media:content may hold media:title, media:credit …
        case "description": return .field(.itemFallbackSummary)
        case "title": return .field(.itemFallbackTitle)
        case "category": return .field(.itemCategory)
        case "thumbnail":
            if let url = url(attributes.value("url"), base: base, field: "enclosure url") {
                item?.addEnclosure(ParsedEnclosure(url: url, type: nil, length: nil))
            }
            return .ignored
        case "copyright": return .field(.itemMediaCopyright)
        case "credit": return .field(.itemMediaCredit)
        case "license":
            if let href = attributes.value("href") {
                if let license = url(href, base: base, field: "license") { item?.marks.licenses.append(license) }
                return .ignored
            }
            return .field(.itemLicense)
        default: return .ignored
        }
    }

    private func itemLink(attributes: XMLAttributes, base: String?) {
        let rel = attributes.value("rel") ?? "alternate"
        guard let href = url(attributes.value("href"), base: base, field: rel == "alternate" ? "item link" : "item link rel=\"\(rel.prefix(20))\"") else { return }
        switch rel {
        case "alternate":
            if item?.alternateLink == nil || attributes.value("type") == "text/html" && item?.link == nil { item?.alternateLink = href }
        case "via": if item?.viaLink == nil { item?.viaLink = href }
        case "enclosure":
            item?.addEnclosure(ParsedEnclosure(url: href, type: nonEmpty(attributes.value("type")),
                                               length: attributes.value("length").flatMap { Int64($0) }))
        case "license": item?.marks.licenses.append(href)
        case "replies": if attributes.value("type") == "text/html", item?.comments == nil { item?.comments = href }
        default: break
        }
    }

    // MARK: Capturing text

    private func beginCapture(_ field: Field, ns: Namespace, attributes: XMLAttributes, base: String?) {
        var kind = CapturedText.Kind.text
        var keepsMarkup = false
        switch field {
        case .feedDescription, .itemSummary, .itemContent, .itemFallbackSummary, .feedTitle, .itemTitle, .itemRights, .feedRights, .sourceTitle,
             .sourceRights, .itemFullText:
            if ns == .xhtml {
                kind = .xhtml
                keepsMarkup = true
            } else if ns == .atom10 || ns == .atom03 {
                kind = Self.atomTextKind(type: attributes.value("type"), mode: attributes.value("mode"))
                // Text may still hold stray elements: they are kept, as text.
                keepsMarkup = kind != .html
            } else if case .feedTitle = field {
                kind = .rssTitle
            } else if case .itemTitle = field {
                kind = .rssTitle
            } else if case .feedRights = field {
                kind = .text
            } else {
                kind = .html
                keepsMarkup = true  // stray unescaped HTML in RSS descriptions
            }
        default:
            break
        }
        capture = Capture(field: field, kind: kind, keepsMarkup: keepsMarkup, depth: stack.count - 1, base: base)
        if ns == .atom10 || ns == .atom03 {
            capture!.unwrapsDiv = kind == .xhtml && attributes.value("mode") != "xml"
            capture!.base64 = attributes.value("mode") == "base64"
        }
        captureBuffer.removeAll(keepingCapacity: true)
    }

    /// How an Atom text construct or content reads: by `type` (1.0 names or
    /// media types) and Atom 0.3's `mode`. Other XML types keep their markup
    /// (the sanitizer then keeps only their text); other types are text.
    static func atomTextKind(type: String?, mode: String?) -> CapturedText.Kind {
        let type = type?.lowercased().split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) }
        switch type {
        case "html", "text/html": return .html
        case "xhtml", "application/xhtml+xml": return .xhtml
        case let type? where type.hasSuffix("/xml") || type.hasSuffix("+xml"): return .xhtml
        case let type? where type != "text" && !type.hasPrefix("text/"):
            return mode == "xml" ? .xhtml : mode == "escaped" ? .html : .text
        default:
            // Atom 0.3 without a type: `mode="escaped"` (and base64) content is HTML more often than not.
            if type == nil, mode == "escaped" || mode == "base64" { return .html }
            if mode == "xml" { return .xhtml }
            return .text
        }
    }

    private func writeMarkupStart(name: String, attributes: XMLAttributes) {
        guard capture!.keepsMarkup else { return }
        var bytes: [UInt8] = [UInt8(ascii: "<")]
        bytes.append(contentsOf: name.utf8)
        for (key, value) in attributes.all() {
            bytes.append(UInt8(ascii: " "))
            bytes.append(contentsOf: key.utf8)
            bytes.append(contentsOf: "=\"".utf8)
            HTMLEscaping.appendEscapedAttribute(value, to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: ">"))
        captureBuffer.append(contentsOf: bytes)
    }

    private func writeMarkupEnd(name: String) {
        guard capture!.keepsMarkup else { return }
        captureBuffer.append(contentsOf: "</\(name)>".utf8)
    }

    private func finish(_ captured: Capture) {
        if captured.base64 {
            let encoded = String(decoding: captureBuffer, as: UTF8.self)
            if let decoded = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) {
                captureBuffer = Array(decoded)
            } else {
                warnings.add(line: currentLine(), "content marked base64 is not base64; kept as written")
            }
        }
        let text = CapturedText(bytes: captureBuffer, kind: captured.kind, base: captured.base, line: currentLine())
        // The long fields stay bytes until the sanitizer reads them; only the
        // short ones become a trimmed String.
        lazy var value: String? = {
            let trimmed = TextNormalization.trim(text.value)
            return trimmed.isEmpty ? nil : trimmed
        }()
        let url = { (field: String) in self.url(value, base: captured.base, field: field) }
        switch captured.field {
        case .feedTitle: if feed.title == nil { feed.title = text }
        case .feedDescription: if feed.description == nil, !text.isBlank { feed.description = text }
        case .itemTitle: if item?.title == nil, !text.isBlank { item?.title = text }
        case .itemSummary: if item?.summary == nil, !text.isBlank { item?.summary = text }
        case .itemContent: if item?.content == nil, !text.isBlank { item?.content = text }
        case .itemFallbackSummary: if item?.fallbackSummary == nil, !text.isBlank { item?.fallbackSummary = text }
        case .itemFullText: if item?.content == nil, !text.isBlank { item?.content = text }
        case .itemFallbackTitle: if item?.fallbackTitle == nil, !text.isBlank { item?.fallbackTitle = text }
        case .sourceTitle: if !text.isBlank { item?.source?.title = plainText(text) }
        case .sourceRights: if !text.isBlank { item?.source?.rights = plainText(text) }
        case .feedLink: if feed.link == nil { feed.link = url("feed link") }
        case .feedLanguage: if feed.language == nil { feed.language = value }
        case .feedRights: if feed.rights == nil { feed.rights = value.map(plain) }
        case .feedGenerator: if feed.generator == nil { feed.generator = value.map(TextNormalization.collapseWhitespace) }
        case .feedUpdated: if feed.updated == nil { feed.updated = date(value, "updated") }
        case .feedPublished: if feed.published == nil { feed.published = date(value, "pubDate") }
        case .feedTTL: feed.schedule.ttlMinutes = value.flatMap { Int($0) }
        case .feedManagingEditor: feed.managingEditor = value.flatMap(ParsedPerson.fromRSS)
        case .feedWebMaster: feed.webMaster = value.flatMap(ParsedPerson.fromRSS)
        case .feedPublisher: feed.publisher = value.map(TextNormalization.collapseWhitespace)
        case .feedCreator:
            if let person = value.flatMap(ParsedPerson.fromRSS), !feed.authors.contains(person) { feed.authors.append(person) }
        case .feedLogo: feed.image = url("feed logo") ?? feed.image
        case .feedIcon: feed.icon = url("feed icon")
        case .imageURL: if feed.image == nil { feed.image = url("feed image") }
        case .skipHour: if let hour = value.flatMap({ Int($0) }), (0...24).contains(hour) { feed.schedule.skipHours.append(hour % 24) }
        case .skipDay: if let day = value.flatMap(Self.weekday) { feed.schedule.skipDays.append(day) }
        case .updatePeriod: feed.updatePeriod = value?.lowercased()
        case .updateFrequency: feed.updateFrequency = value.flatMap { Int($0) }
        case .itemLink: if item?.link == nil { item?.link = url("item link") }
        case .itemGuid: if item?.guid == nil { item?.guid = value }
        // An id written as a relative path ("/2026/11/story") is resolved like a link; any other id stays as written.
        case .itemAtomID:
            if item?.atomID == nil {
                item?.atomID = value.map { $0.hasPrefix("/") && !$0.hasPrefix("//") ? url("entry id") ?? $0 : $0 }
            }
        case .itemPubDate, .itemPublished: if item?.published == nil { item?.published = date(value, "publication") }
        case .itemDCDate: if item?.dcDate == nil { item?.dcDate = date(value, "dc:date") }
        case .itemUpdated: if item?.updated == nil { item?.updated = date(value, "updated") }
        case .itemAuthor:
            if let person = value.flatMap(ParsedPerson.fromRSS), item?.authors.contains(person) == false { item?.authors.append(person) }
        case .itemCreator:
            if let person = value.map({ ParsedPerson(name: TextNormalization.collapseWhitespace($0)) }), item?.authors.contains(where: { $0.name == person.name }) == false {
                item?.authors.append(person)
            }
        case .itemCategory:
            if let category = value.map(plain), !category.isEmpty, item?.categories.contains(category) == false { item?.categories.append(category) }
        case .itemComments: if item?.comments == nil { item?.comments = url("comments") }
        case .itemSourceTitle: item?.source?.title = value.map(plain)
        // dc:source may be a name rather than a URL; a URL in it is checked like any other.
        case .itemDCSource: item?.dcSource = value.flatMap { URLSafety.verdict($0) == .relative ? $0 : url("dc:source") }
        case .itemDCRights: item?.dcRights = value.map(plain)
        case .itemRights: if item?.rights == nil { item?.rights = value.map(plain) }
        case .itemRightsHolder: item?.marks.holder = value.map(plain)
        case .itemMediaCopyright: item?.marks.mediaCopyright = value.map(plain)
        case .itemMediaCredit: if let credit = value.map(plain) { item?.marks.credits.append(credit) }
        case .itemLicense: if let license = url("license") { item?.marks.licenses.append(license) }
        case .itemOrigLink: item?.origLink = url("feedburner:origLink")
        case .sourceID: item?.source?.id = value
        case .personName: personDraft.name = value.map(TextNormalization.collapseWhitespace)
        case .personEmail: personDraft.email = value
        case .personURI: personDraft.uri = url("author uri")
        }
    }

    private func plain(_ value: String) -> String { sanitizer.plainText(value) }

    private func plainText(_ text: CapturedText) -> String {
        text.bytes.withUnsafeBufferPointer {
            switch text.kind {
            case .text: return TextNormalization.collapseWhitespace(bytes: $0)
            case .rssTitle: return Self.holdsMarkup($0) ? sanitizer.plainText(bytes: $0) : TextNormalization.collapseWhitespace(bytes: $0)
            case .html, .xhtml: return sanitizer.plainText(bytes: $0)
            }
        }
    }

    /// Whether text holds a tag (`<b>`, `</i>`, `<br/>`): `<` then a letter or `/`.
    static func holdsMarkup(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while let found = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
            guard found + 1 < bytes.count else { return false }
            let next = bytes[found + 1] | 0x20
            if (next >= UInt8(ascii: "a") && next <= UInt8(ascii: "z")) || bytes[found + 1] == UInt8(ascii: "/") { return true }
            index = found + 1
        }
        return false
    }

    private func date(_ value: String?, _ what: String) -> Date? {
        guard let value else { return nil }
        if let parsed = DateParser.parse(value) { return parsed }
        warnings.add(line: currentLine(), "unrecognised \(what) date '\(value.prefix(60))' left out")
        return nil
    }

    private static func weekday(_ name: String) -> Int? {
        ["monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7][name.lowercased()]
    }

    private func finishPerson(_ target: PersonTarget) {
        let person = personDraft
        personDraft = ParsedPerson()
        guard !person.isEmpty else { return }
        switch target {
        case .feed: if !feed.authors.contains(person) { feed.authors.append(person) }
        case .item: if item?.authors.contains(person) == false { item?.authors.append(person) }
        case .source: item?.source?.authors.append(person)
        }
    }

    // MARK: Finishing

    private func html(_ text: CapturedText?, itemBase: String?, field: String) -> SanitizedHTML? {
        guard let text else { return nil }
        switch text.kind {
        case .text:
            let trimmed = TextNormalization.trim(text.value)
            return SanitizedHTML(html: HTMLEscaping.escapeText(trimmed), text: TextNormalization.collapseWhitespace(trimmed))
        case .html, .xhtml, .rssTitle:
            let sanitized = text.bytes.withUnsafeBufferPointer { sanitizer.sanitize(bytes: $0, baseURL: text.base ?? itemBase ?? documentBase) }
            if let scheme = sanitized.firstRefusedScheme {
                for _ in 0..<sanitized.refusedURLs { warnRefused(scheme: scheme, field: field, line: text.line) }
            }
            return sanitized
        }
    }

    private func finishItem() {
        guard let draft = item else { return }
        item = nil
        var summary = html(draft.summary ?? (draft.content == nil ? nil : draft.fallbackSummary), itemBase: draft.base, field: "item summary")
        let content = html(draft.content, itemBase: draft.base, field: "item content")
        if summary == nil && content == nil { summary = html(draft.fallbackSummary, itemBase: draft.base, field: "item summary") }
        let title = (draft.title ?? draft.fallbackTitle).map(plainText).flatMap { $0.isEmpty ? nil : $0 }
        let guidURL = draft.guidIsPermalink ? draft.guid.flatMap { URLResolver.hasScheme($0) && $0.lowercased().hasPrefix("http") ? $0 : nil } : nil
        // feedburner:origLink is the publisher's own address behind a proxy.
        let link = draft.origLink ?? draft.link ?? draft.alternateLink ?? guidURL
        let textBody = nonEmpty(content?.text) ?? nonEmpty(summary?.text)
        let id = nonEmpty(draft.guid) ?? nonEmpty(draft.atomID) ?? nonEmpty(draft.rdfAbout) ?? link
            ?? StableHash.identifier(title: title, body: draft.content?.value ?? draft.summary?.value ?? "")
        let published = draft.published ?? draft.dcDate
        items.append(ParsedItem(
            id: id, link: link, title: title, summary: nonEmpty(summary?.html), content: nonEmpty(content?.html),
            text: textBody, authors: draft.authors, published: published, updated: draft.updated,
            categories: draft.categories, enclosures: draft.enclosures, comments: draft.comments,
            source: draft.source, rights: draft.rights ?? draft.dcRights ?? draft.marks.mediaCopyright,
            guid: draft.guid, guidIsPermalink: draft.guid != nil && draft.guidIsPermalink,
            viaLink: draft.viaLink, dcSource: draft.dcSource, rightsMarks: draft.marks))
    }

    /// The feed as parsed so far; call once the document has ended.
    func result() -> ParsedFeed {
        // A document cut off inside a field (a text node past the size limit)
        // never closes it: keep what was captured, as a shorter cut field is kept.
        if let open = capture {
            capture = nil
            finish(open)
        }
        if item != nil { finishItem() }
        var schedule = feed.schedule
        if let period = feed.updatePeriod {
            let minutes: Int? = ["hourly": 60, "daily": 1440, "weekly": 10_080, "monthly": 43_200, "yearly": 525_600][period]
            if let minutes { schedule.updatePeriodMinutes = minutes / max(1, feed.updateFrequency ?? 1) }
        }
        let description = html(feed.description, itemBase: nil, field: "feed description")
        return ParsedFeed(
            format: format ?? .unknown,
            title: feed.title.map(plainText).flatMap { $0.isEmpty ? nil : $0 },
            link: feed.link, selfURL: feed.selfURL,
            description: nonEmpty(description?.html),
            // `en_US` is written `en-US` (BCP 47).
            language: (feed.language ?? rootLanguage).flatMap { nonEmpty($0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "-")) },
            rights: feed.rights, generator: feed.generator,
            authors: feed.authors + [feed.managingEditor, feed.webMaster].compactMap { $0 }.filter { !feed.authors.contains($0) },
            updated: feed.updated ?? feed.published, image: feed.image ?? feed.icon, schedule: schedule,
            managingEditor: feed.managingEditor, webMaster: feed.webMaster, publisher: feed.publisher,
            items: items, warnings: [])
    }
}

func nonEmpty(_ value: String?) -> String? {
    guard let value, !value.isEmpty else { return nil }
    return value
}

/// Ids for items that carry none: the same title and body always give the same id.
enum StableHash {
    static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    static func identifier(title: String?, body: String) -> String {
        let hash = fnv1a64((title ?? "") + "\u{0}" + body)
        let hex = String(hash, radix: 16)
        return "urn:feeds:item:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
