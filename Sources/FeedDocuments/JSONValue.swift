import Foundation

/// JSON with object keys kept in the order they were added: the normalized
/// document promises a stable key order, which dictionaries cannot give.
public indirect enum JSONValue: Equatable, Sendable {
    case string(String)
    case number(Double)
    case integer(Int64)
    case bool(Bool)
    case array([JSONValue])
    case object([(String, JSONValue)])
    case null

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.serialized(pretty: false) == rhs.serialized(pretty: false)
    }

    public func serialized(pretty: Bool) -> String {
        var writer = JSONByteWriter(sink: nil)
        write(to: &writer, pretty: pretty, indent: 0)
        return String(decoding: writer.buffer, as: UTF8.self)
    }

    /// Writes the value to standard output as it is serialized, a megabyte at
    /// a time, followed by a newline: a large document is never held twice.
    public func print(pretty: Bool) {
        var writer = JSONByteWriter(sink: { FileHandle.standardOutput.write(Data($0)) })
        write(to: &writer, pretty: pretty, indent: 0)
        writer.append(UInt8(ascii: "\n"))
        writer.flush()
    }

    fileprivate func write(to output: inout JSONByteWriter, pretty: Bool, indent: Int) {
        switch self {
        case .string(let text): output.appendString(text)
        case .number(let value):
            output.append(value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value))
        case .integer(let value): output.append(String(value))
        case .bool(let value): output.append(value ? "true" : "false")
        case .null: output.append("null")
        case .array(let values):
            if values.isEmpty { output.append("[]"); return }
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                if pretty { output.newline(indent: indent + 1) }
                value.write(to: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { output.newline(indent: indent) }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { output.append("{}"); return }
            output.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                if pretty { output.newline(indent: indent + 1) }
                output.appendString(key)
                output.append(pretty ? ": " : ":")
                value.write(to: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { output.newline(indent: indent) }
            output.append(UInt8(ascii: "}"))
        }
    }
}

/// JSON text as UTF-8 bytes: strings are escaped over runs of bytes that
/// need no escape (copied whole), never a scalar at a time; with a sink the
/// buffer is handed on whenever it passes a megabyte.
struct JSONByteWriter {
    private(set) var buffer: [UInt8] = []
    private let sink: (([UInt8]) -> Void)?
    private static let flushSize = 1 << 20

    init(sink: (([UInt8]) -> Void)?) {
        self.sink = sink
        buffer.reserveCapacity(sink == nil ? 4096 : Self.flushSize + 4096)
    }

    mutating func append(_ byte: UInt8) { buffer.append(byte) }

    mutating func append(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        flushIfFull()
    }

    mutating func newline(indent: Int) {
        buffer.append(UInt8(ascii: "\n"))
        for _ in 0..<indent { buffer.append(0x20); buffer.append(0x20) }
    }

    mutating func flush() {
        guard let sink, !buffer.isEmpty else { return }
        sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func flushIfFull() {
        if sink != nil, buffer.count >= Self.flushSize { flush() }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
    private static let controlPrefix: [UInt8] = Array("u00".utf8)
    private static let lineSeparator: [UInt8] = Array("u2028".utf8)
    private static let paragraphSeparator: [UInt8] = Array("u2029".utf8)

    mutating func appendString(_ text: String) {
        buffer.append(UInt8(ascii: "\""))
        var copy = text
        copy.withUTF8 { bytes in
            var runStart = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                // Bytes that need no escape are the common case: they are copied later, a run at a time.
                let isSeparator = byte == 0xE2 && index + 2 < bytes.count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9)
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || isSeparator else {
                    index += 1
                    continue
                }
                if index > runStart { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
                buffer.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): buffer.append(byte)
                case UInt8(ascii: "\n"): buffer.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): buffer.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): buffer.append(UInt8(ascii: "t"))
                case 0xE2:
                    // U+2028 and U+2029 end lines in JavaScript.
                    buffer.append(contentsOf: bytes[index + 2] == 0xA8 ? Self.lineSeparator : Self.paragraphSeparator)
                    index += 2
                default:
                    buffer.append(contentsOf: Self.controlPrefix)
                    buffer.append(Self.hex[Int(byte >> 4)])
                    buffer.append(Self.hex[Int(byte & 0xF)])
                }
                index += 1
                runStart = index
            }
            if bytes.count > runStart { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count])) }
        }
        buffer.append(UInt8(ascii: "\""))
        flushIfFull()
    }
}

/// Builds an object, leaving out unknown values as the spec asks.
public struct JSONObjectBuilder {
    public private(set) var members: [(String, JSONValue)] = []

    public init() {}

    public mutating func add(_ key: String, _ value: String?) {
        if let value, !value.isEmpty { members.append((key, .string(value))) }
    }

    public mutating func add(_ key: String, _ value: Int?) {
        if let value { members.append((key, .integer(Int64(value)))) }
    }

    public mutating func add(_ key: String, _ value: Int64?) {
        if let value { members.append((key, .integer(value))) }
    }

    public mutating func add(_ key: String, _ value: Double?) {
        if let value { members.append((key, .number(value))) }
    }

    public mutating func add(_ key: String, _ value: Bool?) {
        if let value { members.append((key, .bool(value))) }
    }

    public mutating func add(_ key: String, _ value: JSONValue?) {
        if let value { members.append((key, value)) }
    }

    /// Arrays are left out when empty, unless `always` (items, warnings).
    public mutating func add(_ key: String, array: [JSONValue], always: Bool = false) {
        if always || !array.isEmpty { members.append((key, .array(array))) }
    }

    public var value: JSONValue { .object(members) }
}
