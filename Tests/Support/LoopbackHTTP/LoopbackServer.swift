import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP/1.1 server on 127.0.0.1, started by a test and answering from
/// a handler: enough of the protocol for a feed fetcher (GET, keep-alive,
/// Content-Length bodies) plus the misbehaviour tests need (dripping bytes,
/// huge headers). It records every request, raw header bytes included, and
/// how many requests were in flight at once.
public final class LoopbackServer: @unchecked Sendable {
    public struct Request: Sendable {
        public var method: String
        public var path: String
        /// Header lines as received, `Name: value`, byte for byte.
        public var headerLines: [String]

        public func header(_ name: String) -> String? {
            for line in headerLines {
                guard let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == name.lowercased() else { continue }
                return String(line[line.index(after: colon)...].drop { $0 == " " })
            }
            return nil
        }
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)] = []
        public var body: [UInt8] = []
        /// Send the body a byte at a time with this pause between bytes.
        public var drip: Duration?
        /// Pause before answering at all.
        public var delay: Duration?
        /// Bytes written as they are, instead of a well-formed response; the
        /// connection is closed after them (a broken or lying server).
        public var raw: [UInt8]?

        public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = [], drip: Duration? = nil, delay: Duration? = nil) {
            self.status = status
            self.headers = headers
            self.body = body
            self.drip = drip
            self.delay = delay
        }

        public static func raw(_ bytes: String) -> Response {
            var response = Response(status: 0)
            response.raw = Array(bytes.utf8)
            return response
        }

        public static func text(_ body: String, type: String = "application/rss+xml", headers: [(String, String)] = []) -> Response {
            Response(status: 200, headers: [("Content-Type", type)] + headers, body: Array(body.utf8))
        }
    }

    public typealias Handler = @Sendable (Request) -> Response

    public let port: UInt16
    private let listener: Int32
    private let handler: Handler
    private let lock = NSLock()
    private var recorded: [Request] = []
    private var inFlight = 0
    private var peakInFlight = 0
    private var inFlightByHost: [String: Int] = [:]
    private var peakByHost: [String: Int] = [:]
    private var connections = 0

    public var baseURL: String { "http://127.0.0.1:\(port)" }
    public var requests: [Request] { lock.withLock { recorded } }
    public var peakConcurrency: Int { lock.withLock { peakInFlight } }
    /// The most requests in flight at once for each `Host` (port left out), as clients name it.
    public var peakConcurrencyByHost: [String: Int] { lock.withLock { peakByHost } }
    public var connectionCount: Int { lock.withLock { connections } }

    public init(handler: @escaping Handler) throws {
        self.handler = handler
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ServerError.socket(errno) }
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 512) == 0 else {
            close(descriptor)
            throw ServerError.socket(errno)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        listener = descriptor
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    public enum ServerError: Error { case socket(Int32) }

    private var stopped = false

    /// Stops listening. Only shuts the socket down: the accept thread closes
    /// it when it leaves, so its descriptor number cannot be handed to another
    /// server while that thread might still call accept on it.
    public func stop() {
        let first = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        shutdown(listener, Int32(SHUT_RDWR))
    }

    deinit { stop() }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                close(listener)
                return
            }
            lock.withLock { connections += 1 }
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            // Read up to the end of the request head.
            var headEnd: Int?
            while headEnd == nil {
                let count = recv(connection, &chunk, chunk.count, 0)
                guard count > 0 else { return }
                buffer.append(contentsOf: chunk[0..<count])
                headEnd = Self.endOfHead(buffer)
            }
            let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
            buffer.removeFirst(headEnd! + 4)
            let lines = head.components(separatedBy: "\r\n")
            let requestLine = lines[0].split(separator: " ")
            guard requestLine.count >= 2 else { return }
            let request = Request(method: String(requestLine[0]), path: String(requestLine[1]), headerLines: Array(lines.dropFirst()))
            let host = request.header("Host").map { String($0.split(separator: ":").first ?? "") } ?? ""
            lock.withLock {
                recorded.append(request)
                inFlight += 1
                peakInFlight = max(peakInFlight, inFlight)
                inFlightByHost[host, default: 0] += 1
                peakByHost[host] = max(peakByHost[host] ?? 0, inFlightByHost[host]!)
            }
            let response = handler(request)
            let sent = send(response, on: connection, to: request)
            lock.withLock {
                inFlight -= 1
                inFlightByHost[host, default: 1] -= 1
            }
            guard sent, request.header("Connection")?.lowercased() != "close" else { return }
        }
    }

    private static func endOfHead(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    private func send(_ response: Response, on connection: Int32, to request: Request) -> Bool {
        if let delay = response.delay { Thread.sleep(forTimeInterval: delay.seconds) }
        if let raw = response.raw {
            _ = write(raw, to: connection)
            return false
        }
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        let hasBody = request.method != "HEAD" && response.status != 304 && response.status >= 200
        head += "Content-Length: \(hasBody ? response.body.count : 0)\r\n\r\n"
        guard let drip = response.drip, hasBody else {
            // One write: a head and body in two would meet Nagle and delayed ACKs (40 ms a request).
            return write(Array(head.utf8) + (hasBody ? response.body : []), to: connection)
        }
        guard write(Array(head.utf8), to: connection) else { return false }
        for byte in response.body {
            guard write([byte], to: connection) else { return false }
            Thread.sleep(forTimeInterval: drip.seconds)
        }
        return true
    }

    private func write(_ bytes: [UInt8], to connection: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            // MSG_NOSIGNAL: a client that hung up must not kill the test process.
            let count = bytes[offset...].withUnsafeBytes { Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return false }
            offset += count
        }
        return true
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 304: return "Not Modified"
        case 307: return "Temporary Redirect"
        case 308: return "Permanent Redirect"
        case 404: return "Not Found"
        case 410: return "Gone"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
