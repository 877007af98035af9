import CLibXML2
import Foundation

/// An HTML page read by libxml2's HTML parser (recovering, no network, no
/// errors printed), as a small tree of Swift values: elements with their
/// attributes and children, and text. Scripts are kept as text, because
/// JSON-LD lives in them; nothing is ever run.
struct HTMLPage: Sendable {
    indirect enum Node: Sendable {
        case element(Element)
        case text(String)
    }

    struct Element: Sendable {
        var name: String
        var attributes: [String: String]
        var children: [Node]

        func attribute(_ name: String) -> String? { attributes[name] }

        /// The text of this element and every descendant, in order.
        var text: String {
            var output = ""
            func collect(_ nodes: [Node]) {
                for node in nodes {
                    switch node {
                    case .text(let text): output += text
                    case .element(let element): collect(element.children)
                    }
                }
            }
            collect(children)
            return output
        }

        /// Every descendant element, depth first.
        func descendants(_ visit: (Element) -> Void) {
            for case .element(let child) in children {
                visit(child)
                child.descendants(visit)
            }
        }
    }

    var root: Element

    /// Parses `bytes` (in `charset` when the server named one, else as the page's
    /// own `<meta charset>` says, else UTF-8 or Latin-1 as libxml2 detects).
    init?(bytes: [UInt8], url: String, charset: String? = nil) {
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NOBLANKS.rawValue | HTML_PARSE_COMPACT.rawValue)
        let document: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                htmlReadMemory(pointer, Int32(buffer.count), url, charset, options)
            }
        }
        guard let document else { return nil }
        defer { xmlFreeDoc(document) }
        guard let rootNode = xmlDocGetRootElement(document), let element = Self.element(rootNode, depth: 0) else { return nil }
        root = element
    }

    /// Deep enough for any real page; a hostile nesting stops here rather than exhausting the stack.
    private static let maximumDepth = 256

    private static func element(_ node: xmlNodePtr, depth: Int) -> Element? {
        guard node.pointee.type == XML_ELEMENT_NODE, let namePointer = node.pointee.name else { return nil }
        var attributes: [String: String] = [:]
        var property = node.pointee.properties
        while let current = property {
            if let name = current.pointee.name, let value = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self)) {
                attributes[String(cString: name).lowercased()] = String(cString: value)
                feeds_xml_free(value)
            }
            property = current.pointee.next
        }
        var children: [Node] = []
        if depth < maximumDepth {
            var child = node.pointee.children
            while let current = child {
                switch current.pointee.type {
                case XML_ELEMENT_NODE:
                    if let element = element(current, depth: depth + 1) { children.append(.element(element)) }
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    if let content = current.pointee.content { children.append(.text(String(cString: content))) }
                default:
                    break
                }
                child = current.pointee.next
            }
        }
        return Element(name: String(cString: namePointer).lowercased(), attributes: attributes, children: children)
    }
}
