import Foundation
import LoopbackHTTP
import Testing
@testable import Fetcher

private let feedBody = """
    <?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Loopback</title>\
    <item><title>One</title><link>http://127.0.0.1/one</link></item></channel></rss>
    """

private func fetcher(_ adjust: (inout FetcherConfiguration) -> Void = { _ in }) -> Fetcher {
    var configuration = FetcherConfiguration()
    configuration.connectTimeoutSeconds = 5
    configuration.totalTimeoutSeconds = 20
    adjust(&configuration)
    return Fetcher(configuration: configuration)
}

private func body(_ result: FetchResult) -> String? {
    guard case .fetched(let bytes) = result.outcome else { return nil }
    return String(decoding: bytes, as: UTF8.self)
}

@Suite("Fetching from a real loopback server")
struct FetcherTests {
    @Test("200: body, validators, charset and cache hints; the request identifies itself and asks for feeds")
    func ok() async throws {
        let server = try LoopbackServer { _ in
            .text(feedBody, type: "application/rss+xml; charset=\"ISO-8859-1\"", headers: [
                ("ETag", "\"v1-abc\""), ("Last-Modified", "Sat, 28 Nov 2026 10:00:00 GMT"),
                ("Cache-Control", "public, max-age=900"), ("Expires", "Sun, 29 Nov 2026 12:00:00 GMT"),
            ])
        }
        let result = await fetcher().fetch(FetchRequest(url: server.baseURL + "/feed.xml"))
        #expect(body(result) == feedBody)
        #expect(result.status == 200)
        #expect(result.validators == Validators(etag: "\"v1-abc\"", lastModified: "Sat, 28 Nov 2026 10:00:00 GMT"))
        #expect(result.charset == "ISO-8859-1")
        #expect(result.maxAge == 900)
        #expect(result.expires == Date(timeIntervalSince1970: 1_795_953_600))
        let request = try #require(server.requests.first)
        #expect(request.header("Accept")?.hasPrefix("application/rss+xml, application/atom+xml") == true)
        let encodings = request.header("Accept-Encoding") ?? ""
        #expect(encodings.contains("gzip") && encodings.contains("deflate"))
        #expect(request.header("User-Agent")?.hasPrefix("feeds/") == true)
        #expect(request.header("If-None-Match") == nil)
    }

    @Test("304: stored validators are echoed byte for byte, no body comes back, newer validators are adopted")
    func conditional() async throws {
        // Odd but legal bytes: a weak ETag with an escaped quote and spaces, a non-GMT-looking date.
        let etag = #"W/"a b\"c-1""#
        let lastModified = "Tue, 03 Jun 2025 07:08:09 GMT"
        let server = try LoopbackServer { request in
            guard request.header("If-None-Match") == etag, request.header("If-Modified-Since") == lastModified else {
                return .text(feedBody, headers: [("ETag", "\"fresh\"")])
            }
            return LoopbackServer.Response(status: 304, headers: [("ETag", "\"rotated\"")])
        }
        let result = await fetcher().fetch(FetchRequest(url: server.baseURL + "/feed", validators: Validators(etag: etag, lastModified: lastModified)))
        #expect(result.outcome == .notModified)
        #expect(result.validators == Validators(etag: "\"rotated\"", lastModified: lastModified), "new ETag adopted, Last-Modified kept")

        let changed = await fetcher().fetch(FetchRequest(url: server.baseURL + "/feed", validators: Validators(etag: "\"stale\"")))
        #expect(body(changed) == feedBody)
        #expect(changed.validators == Validators(etag: "\"fresh\""), "a 200's validators replace the old ones")
    }

    @Test("gzip and deflate bodies are decoded", arguments: ["gzip", "deflate"])
    func compressed(_ encoding: String) async throws {
        let server = try LoopbackServer { request in
            let accepted = request.header("Accept-Encoding") ?? ""
            guard accepted.contains(encoding) else { return .text(feedBody) }
            let bytes = Array(feedBody.utf8)
            let encoded = encoding == "gzip" ? Compression.gzip(bytes) : Compression.deflate(bytes)
            return LoopbackServer.Response(status: 200, headers: [("Content-Type", "application/rss+xml"), ("Content-Encoding", encoding)], body: encoded)
        }
        let result = await fetcher().fetch(FetchRequest(url: server.baseURL + "/feed"))
        #expect(body(result) == feedBody)
    }

    @Test("Redirect chains report the final address, and whether every hop was permanent", arguments: [
        ([301, 308], true), ([301, 302], false), ([307], false), ([308], true),
    ])
    func redirects(_ hops: [Int], _ permanent: Bool) async throws {
        let server = try LoopbackServer { request in
            let step = Int(request.path.split(separator: "/").last ?? "") ?? 0
            guard step < hops.count else { return .text(feedBody) }
            return LoopbackServer.Response(status: hops[step], headers: [("Location", "/hop/\(step + 1)")])
        }
        let result = await fetcher().fetch(FetchRequest(url: server.baseURL + "/hop/0"))
        #expect(body(result) == feedBody)
        #expect(result.finalURL == server.baseURL + "/hop/\(hops.count)")
        #expect(result.redirects == hops.count)
        #expect(result.movedPermanently == permanent)
    }

    @Test("A redirect loop stops after the limit")
    func redirectLoop() async throws {
        let server = try LoopbackServer { request in
            LoopbackServer.Response(status: 302, headers: [("Location", request.path == "/a" ? "/b" : "/a")])
        }
        let result = await fetcher().fetch(FetchRequest(url: server.baseURL + "/a"))
        #expect(result.outcome == .failed(.tooManyRedirects(limit: 5)))
        #expect(server.requests.count == 6, "the first request and five redirects, no more")
    }

    @Test("A redirect to file:// is refused and reads nothing")
    func redirectToFile() async throws {
        let server = try LoopbackServer { _ in LoopbackServer.Response(status: 301, headers: [("Location", "file:///etc/passwd")]) }
        let result = await fetcher().fetch(FetchRequest(url: server.baseURL + "/feed"))
        guard case .failed(.forbiddenRedirect) = result.outcome else {
            Issue.record("expected a refused redirect, got \(result.outcome)")
            return
        }
    }

    @Test("410 Gone, 404 and 500 are statuses, not exceptions")
    func statuses() async throws {
        let server = try LoopbackServer { request in
            LoopbackServer.Response(status: Int(request.path.dropFirst()) ?? 500, body: Array("no".utf8))
        }
        let results = await fetcher().fetch(["/410", "/404", "/500"].map { FetchRequest(url: server.baseURL + $0) })
        #expect(results.map(\.outcome) == [.gone, .httpError(status: 404), .httpError(status: 500)])
    }

    @Test("429 and 503 carry Retry-After, in seconds or as an HTTP date")
    func retryAfter() async throws {
        let server = try LoopbackServer { request in
            request.path == "/seconds"
                ? LoopbackServer.Response(status: 429, headers: [("Retry-After", "120")])
                : LoopbackServer.Response(status: 503, headers: [("Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT")])
        }
        let before = Date()
        let results = await fetcher().fetch([FetchRequest(url: server.baseURL + "/seconds"), FetchRequest(url: server.baseURL + "/date")])
        guard case .throttled(429, let inSeconds?) = results[0].outcome, case .throttled(503, let atDate?) = results[1].outcome else {
            Issue.record("expected throttling with Retry-After, got \(results.map(\.outcome))")
            return
        }
        #expect(abs(inSeconds.timeIntervalSince(before) - 120) < 5)
        #expect(atDate == Date(timeIntervalSince1970: 1_792_567_680))
    }

    @Test("A server that drips bytes is dropped by the minimum speed")
    func slowDrip() async throws {
        let server = try LoopbackServer { _ in
            LoopbackServer.Response(status: 200, body: Array(repeating: UInt8(ascii: "x"), count: 200), drip: .milliseconds(250))
        }
        // The drip would take 50 s, past the 20 s total timeout: only the speed limit names it "too slow".
        let result = await fetcher { $0.lowSpeedBytesPerSecond = 100; $0.lowSpeedSeconds = 1 }.fetch(FetchRequest(url: server.baseURL + "/slow"))
        #expect(result.outcome == .failed(.tooSlow(bytesPerSecond: 100, seconds: 1)))
        if case .failed(let failure) = result.outcome { #expect(failure.description.hasPrefix("too slow: under 100 bytes/s")) }
    }

    @Test("A body over the limit fails that transfer only")
    func bodyLimit() async throws {
        let server = try LoopbackServer { request in
            request.path == "/big" ? .text(String(repeating: "x", count: 50_000)) : .text(feedBody)
        }
        let results = await fetcher { $0.maximumBodyBytes = 10_000 }
            .fetch([FetchRequest(url: server.baseURL + "/big"), FetchRequest(url: server.baseURL + "/small")])
        #expect(results[0].outcome == .failed(.bodyTooLarge(limit: 10_000)))
        #expect(body(results[1]) == feedBody)
    }

    @Test("A gzip bomb stops at the limit after decompression")
    func gzipBomb() async throws {
        let bomb = Compression.gzip([UInt8](repeating: 0, count: 64 * 1024 * 1024))
        #expect(bomb.count < 200_000, "64 MiB of zeros compresses to \(bomb.count) bytes")
        let server = try LoopbackServer { _ in
            LoopbackServer.Response(status: 200, headers: [("Content-Encoding", "gzip")], body: bomb)
        }
        let result = await fetcher().fetch(FetchRequest(url: server.baseURL + "/bomb"))
        #expect(result.outcome == .failed(.bodyTooLarge(limit: 10 * 1024 * 1024)))
    }

    @Test("Response headers over the limit fail the transfer")
    func headerLimit() async throws {
        let server = try LoopbackServer { _ in
            LoopbackServer.Response(status: 200, headers: (0..<200).map { ("X-Padding-\($0)", String(repeating: "p", count: 500)) })
        }
        let result = await fetcher().fetch(FetchRequest(url: server.baseURL + "/headers"))
        #expect(result.outcome == .failed(.headersTooLarge(limit: 64 * 1024)))
    }

    @Test("A body longer or shorter than its Content-Length is a failed fetch that keeps the old validators", arguments: [
        "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: \"new\"\r\nContent-Length: 100\r\n\r\n" + String(repeating: "<!-- longer -->", count: 40),
        "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: \"new\"\r\nContent-Length: 5000\r\n\r\n" + String(repeating: "<!-- short -->", count: 10),
    ])
    func lengthMismatch(_ response: String) async throws {
        let server = try LoopbackServer { _ in .raw(response) }
        let old = Validators(etag: "\"old\"", lastModified: nil)
        let result = await fetcher().fetch(FetchRequest(url: server.baseURL + "/feed", validators: old))
        guard case .failed(.lengthMismatch(let detail)) = result.outcome else {
            Issue.record("expected a length mismatch, got \(result.outcome)")
            return
        }
        #expect(detail.contains("more bytes") || detail.contains("fewer bytes"), "\(detail)")
        #expect(result.validators == old)
    }

    @Test("A connection closed in the middle of the headers is reported as such, not as an empty feed", arguments: [
        "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: \"x\"\r\n", "HTTP/1.1 200 OK\r\nContent-Ty", "",
    ])
    func closedMidHeaders(_ response: String) async throws {
        let server = try LoopbackServer { _ in .raw(response) }
        let result = await fetcher().fetch(FetchRequest(url: server.baseURL + "/feed"))
        #expect(result.outcome == .failed(.incompleteHeaders), "\(result.outcome)")
    }

    @Test("A header line of a megabyte is named as too large a header, not as running out of memory")
    func hugeHeaderLine() async throws {
        let server = try LoopbackServer { _ in
            LoopbackServer.Response(status: 200, headers: [("X-Huge", String(repeating: "h", count: 1 << 20))], body: Array(feedBody.utf8))
        }
        let result = await fetcher().fetch(FetchRequest(url: server.baseURL + "/feed"))
        #expect(result.outcome == .failed(.headersTooLarge(limit: 64 * 1024)), "\(result.outcome)")
    }

    @Test("100 feeds from one host: all fetched, never more than 2 at once, connections reused")
    func perHostCap() async throws {
        let server = try LoopbackServer { _ in
            Thread.sleep(forTimeInterval: 0.01)
            return .text(feedBody)
        }
        let requests = (0..<100).map { FetchRequest(url: server.baseURL + "/feed/\($0)") }
        let results = await fetcher().fetch(requests)
        #expect(results.allSatisfy { body($0) == feedBody })
        #expect(results.map(\.request.url) == requests.map(\.url), "results come back in request order")
        #expect(server.peakConcurrency == 2)
        #expect(server.connectionCount <= 4, "keep-alive: \(server.connectionCount) connections for 100 requests")
    }

    @Test("Failures are named: refused connection, unsupported scheme")
    func failures() async throws {
        let closed = try LoopbackServer { _ in .text(feedBody) }
        let port = closed.port
        closed.stop()
        let results = await fetcher().fetch([FetchRequest(url: "http://127.0.0.1:\(port)/feed"), FetchRequest(url: "ftp://example.org/feed")])
        guard case .failed(.connection) = results[0].outcome else {
            Issue.record("expected a connection failure, got \(results[0].outcome)")
            return
        }
        #expect(results[1].outcome == .failed(.invalidURL("ftp://example.org/feed")))
    }
}

@Suite("HTTP dates")
struct HTTPDateTests {
    @Test("The three forms servers send", arguments: [
        "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
    ])
    func forms(_ text: String) {
        #expect(HTTPDate.parse(text) == Date(timeIntervalSince1970: 784_111_777))
    }

    @Test("Garbage is no date")
    func garbage() {
        #expect(HTTPDate.parse("soon") == nil)
        #expect(HTTPDate.parse("-1") == nil)
    }
}
