import CLibXML2
#if canImport(Glibc)
import Glibc
#endif

/// What the feed builder hears from the XML parser. Names and text are views
/// into libxml2's buffers, valid only during the call.
protocol XMLEventHandler: AnyObject {
    func startElement(localName: UnsafeBufferPointer<UInt8>, prefix: UnsafePointer<UInt8>?, namespace: UnsafePointer<UInt8>?, attributes: XMLAttributes)
    func endElement(localName: UnsafeBufferPointer<UInt8>, prefix: UnsafePointer<UInt8>?, namespace: UnsafePointer<UInt8>?)
    func characters(_ text: UnsafeBufferPointer<UInt8>)
    func parserError(line: Int, message: String, fatal: Bool)
}

/// The attributes of one start tag, read lazily from libxml2's array of
/// (localname, prefix, URI, value start, value end) pointers.
struct XMLAttributes {
    fileprivate let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    /// The value of the attribute with this local name and namespace URI
    /// (nil namespace: an unprefixed attribute).
    func value(_ localName: StaticString, namespace: StaticString? = nil) -> String? {
        guard let base else { return nil }
        for index in 0..<count {
            let entry = base + index * 5
            guard let name = entry[0], XMLNames.equals(name, localName) else { continue }
            if let namespace {
                guard let uri = entry[2], XMLNames.equals(uri, namespace) else { continue }
            } else if entry[2] != nil {
                continue
            }
            guard let start = entry[3], let end = entry[4] else { return "" }
            return Self.text(UnsafeBufferPointer(start: start, count: end - start))
        }
        return nil
    }

    /// An attribute value as the publisher meant it. Without entity
    /// substitution (which would open the door to XXE), libxml2 hands over
    /// `&amp;` in an attribute as `&#38;`, so that the value could be written
    /// back as XML; every `&#38;` there stands for one `&` (a literal
    /// "&#38;" in the document arrives as "&#38;#38;").
    static func text(_ value: UnsafeBufferPointer<UInt8>) -> String {
        let escaped: [UInt8] = Array("&#38;".utf8)
        guard value.firstIndex(of: UInt8(ascii: "&")) != nil else { return String(decoding: value, as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.count)
        var index = 0
        while index < value.count {
            if value[index] == UInt8(ascii: "&"), index + escaped.count <= value.count,
               value[index..<(index + escaped.count)].elementsEqual(escaped) {
                bytes.append(UInt8(ascii: "&"))
                index += escaped.count
            } else {
                bytes.append(value[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func value(_ localName: StaticString, namespaces: [StaticString]) -> String? {
        for namespace in namespaces { if let found = value(localName, namespace: namespace) { return found } }
        return nil
    }

    /// Every attribute as (name, value) text, for re-serialising inline markup.
    func all() -> [(name: String, value: String)] {
        guard let base else { return [] }
        var result: [(String, String)] = []
        for index in 0..<count {
            let entry = base + index * 5
            guard let name = entry[0] else { continue }
            var qualified = String(cString: name)
            if let prefix = entry[1] { qualified = String(cString: prefix) + ":" + qualified }
            let value = (entry[3] != nil && entry[4] != nil)
                ? Self.text(UnsafeBufferPointer(start: entry[3]!, count: entry[4]! - entry[3]!)) : ""
            result.append((qualified, value))
        }
        return result
    }
}

enum XMLNames {
    @inline(__always)
    static func equals(_ cString: UnsafePointer<xmlChar>, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        let pointer = literal.utf8Start
        for index in 0..<length where cString[index] != pointer[index] { return false }
        return cString[length] == 0
    }
}

/// libxml2's SAX2 push parser, wrapped: the only code that holds an XML parser
/// context. Options: recover from errors, never touch the network, never load
/// a DTD, never substitute entities, ignore the declared encoding (the input
/// is always UTF-8 by the time it gets here).
final class XMLPushParser {
    private var context: xmlParserCtxtPtr?
    private let box: HandlerBox

    // Unowned(unsafe): the pipeline owns both the builder and this parser,
    // and a checked unowned reference costs an atomic retain per callback.
    private final class HandlerBox {
        unowned(unsafe) let handler: any XMLEventHandler
        init(_ handler: any XMLEventHandler) { self.handler = handler }
    }

    init(handler: any XMLEventHandler) {
        LibXML.initialize()
        box = HandlerBox(handler)
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { context, localName, prefix, uri, _, _, attributeCount, _, attributes in
            guard let context, let localName else { return }
            let box = Unmanaged<HandlerBox>.fromOpaque(context).takeUnretainedValue()
            box.handler.startElement(
                localName: UnsafeBufferPointer(start: localName, count: strlen(localName)),
                prefix: prefix, namespace: uri,
                attributes: XMLAttributes(base: attributes, count: Int(attributeCount)))
        }
        sax.endElementNs = { context, localName, prefix, uri in
            guard let context, let localName else { return }
            let box = Unmanaged<HandlerBox>.fromOpaque(context).takeUnretainedValue()
            box.handler.endElement(localName: UnsafeBufferPointer(start: localName, count: strlen(localName)), prefix: prefix, namespace: uri)
        }
        sax.characters = { context, text, length in
            guard let context, let text else { return }
            let box = Unmanaged<HandlerBox>.fromOpaque(context).takeUnretainedValue()
            box.handler.characters(UnsafeBufferPointer(start: text, count: Int(length)))
        }
        sax.cdataBlock = sax.characters
        // No external subset, no entity resolution: the refusing loader is a
        // second line behind these.
        sax.externalSubset = nil
        sax.resolveEntity = { _, _, _ in nil }
        sax.getEntity = { _, _ in nil }
        sax.serror = { context, error in
            guard let context, let error else { return }
            let box = Unmanaged<HandlerBox>.fromOpaque(context).takeUnretainedValue()
            let message = feeds_error_message(error).map { String(cString: $0) } ?? "unknown error"
            box.handler.parserError(line: Int(feeds_error_line(error)), message: message,
                                    fatal: feeds_error_level(error) >= Int32(XML_ERR_FATAL.rawValue))
        }
        let userData = Unmanaged.passUnretained(box).toOpaque()
        context = xmlCreatePushParserCtxt(&sax, userData, nil, 0, nil)
        if let context {
            let options = Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue
                                | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_NOWARNING.rawValue)
            xmlCtxtUseOptions(context, options)
            xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
        }
    }

    deinit {
        if let context {
            xmlFreeParserCtxt(context)
        }
    }

    /// Feeds a chunk; returns false once libxml2 has stopped for good.
    @discardableResult
    func parse(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) -> Bool {
        guard let context else { return false }
        if context.pointee.disableSAX != 0 && !final { return false }
        bytes.withMemoryRebound(to: CChar.self) { chars in
            _ = xmlParseChunk(context, chars.baseAddress, Int32(chars.count), final ? 1 : 0)
        }
        return context.pointee.disableSAX == 0
    }

    /// The line libxml2 is at, for errors raised outside its callbacks.
    var currentLine: Int {
        guard let context, let input = context.pointee.input else { return 0 }
        return Int(input.pointee.line)
    }
}

/// One-time, process-wide libxml2 set-up.
enum LibXML {
    private static let initialized: Bool = {
        xmlInitParser()
        feeds_install_refusing_entity_loader()
        return true
    }()

    static func initialize() { _ = initialized }
}
