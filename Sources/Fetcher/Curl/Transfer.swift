import CCurl
import Foundation

/// One libcurl easy handle and what it gathers: the only place that owns
/// one. Created, driven and dropped on the fetcher's loop thread.
final class Transfer {
    let index: Int
    let request: FetchRequest
    let host: String
    let handle: UnsafeMutableRawPointer
    let started = ContinuousClock.now
    private let limits: FetcherConfiguration
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    private(set) var body: [UInt8] = []
    /// Every response's headers, redirects included, in order.
    private(set) var responses: [ResponseHeaders] = []
    private var headerBytes = 0
    private var bodyLimitHit = false
    private var headerLimitHit = false
    /// The last response's header section reached its blank line.
    private var headersEnded = false
    /// libcurl found bytes past the Content-Length (it says so only in its log).
    private var excessBody: String?

    /// Nil when libcurl cannot make a handle (out of memory).
    init?(index: Int, request: FetchRequest, host: String, limits: FetcherConfiguration) {
        guard let handle = curl_easy_init() else { return nil }
        self.index = index
        self.request = request
        self.host = host
        self.handle = handle
        self.limits = limits
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        configure()
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    private func configure() {
        let context = Unmanaged.passUnretained(self).toOpaque()
        feeds_curl_set_string(handle, CURLOPT_URL, request.url)
        feeds_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        feeds_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        // Only the web: never file:, ftp:, gopher: … neither asked for nor redirected to.
        feeds_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        feeds_curl_set_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        feeds_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 1)
        feeds_curl_set_long(handle, CURLOPT_MAXREDIRS, limits.maximumRedirects)
        // Empty: every encoding this libcurl can decode (gzip, deflate, br, zstd as built).
        feeds_curl_set_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        feeds_curl_set_string(handle, CURLOPT_USERAGENT, limits.userAgent)
        feeds_curl_set_long(handle, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        // Over TLS, wait to learn whether the connection multiplexes (HTTP/2)
        // rather than open another; plain http is HTTP/1.1, where waiting
        // would serialise the per-host connections.
        if request.url.lowercased().hasPrefix("https:") { feeds_curl_set_long(handle, CURLOPT_PIPEWAIT, 1) }
        feeds_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT, limits.connectTimeoutSeconds)
        feeds_curl_set_long(handle, CURLOPT_TIMEOUT, limits.totalTimeoutSeconds)
        feeds_curl_set_long(handle, CURLOPT_LOW_SPEED_LIMIT, limits.lowSpeedBytesPerSecond)
        feeds_curl_set_long(handle, CURLOPT_LOW_SPEED_TIME, limits.lowSpeedSeconds)
        feeds_curl_set_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(limits.maximumBodyBytes))
        feeds_curl_set_write_function(handle) { data, size, count, context in
            guard let data, let context else { return 0 }
            return Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
                .receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
        }
        feeds_curl_set_pointer(handle, CURLOPT_WRITEDATA, context)
        feeds_curl_set_header_function(handle) { data, size, count, context in
            guard let data, let context else { return 0 }
            return Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
                .receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count))
        }
        feeds_curl_set_pointer(handle, CURLOPT_HEADERDATA, context)
        // A body longer than its Content-Length is cut there by libcurl, which
        // reports success and mentions the excess only in its log: read the log.
        feeds_curl_set_debug_function(handle) { _, type, data, size, context in
            guard type == CURLINFO_TEXT, let data, let context else { return 0 }
            let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
            if text.hasPrefix("Excess found") {
                Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue().excessBody = text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return 0
        }
        feeds_curl_set_pointer(handle, CURLOPT_DEBUGDATA, context)
        feeds_curl_set_long(handle, CURLOPT_VERBOSE, 1)

        var headers = ["Accept: " + FetcherConfiguration.accept]
        if let etag = request.validators.etag { headers.append("If-None-Match: " + etag) }
        if let lastModified = request.validators.lastModified { headers.append("If-Modified-Since: " + lastModified) }
        for header in headers { headerList = curl_slist_append(headerList, header) }
        feeds_curl_set_pointer(handle, CURLOPT_HTTPHEADER, headerList)
    }

    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard body.count + bytes.count <= limits.maximumBodyBytes else {
            bodyLimitHit = true
            return 0  // anything short of the full count makes libcurl abort the transfer
        }
        body.append(contentsOf: bytes)
        return bytes.count
    }

    private func receiveHeader(_ bytes: UnsafeRawBufferPointer) -> Int {
        headerBytes += bytes.count
        guard headerBytes <= limits.maximumHeaderBytes else {
            headerLimitHit = true
            return 0
        }
        let line = String(decoding: bytes, as: UTF8.self)
        if let status = ResponseHeaders.statusCode(ofStatusLine: line) {
            responses.append(ResponseHeaders(status: status))
            headersEnded = false
        } else if line == "\r\n" || line == "\n" {
            headersEnded = true
        } else if !responses.isEmpty {
            responses[responses.count - 1].add(line: line)
        }
        return bytes.count
    }

    // MARK: The result

    func result(code: CURLcode, now: Date = Date()) -> FetchResult {
        var redirects = 0
        feeds_curl_get_long(handle, CURLINFO_REDIRECT_COUNT, &redirects)
        var effective: UnsafeMutablePointer<CChar>?
        feeds_curl_get_string(handle, CURLINFO_EFFECTIVE_URL, &effective)
        let finalURL = effective.map { String(cString: $0) } ?? request.url
        // 1xx interim responses say nothing about where the feed lives.
        let finals = responses.filter { ($0.status ?? 0) >= 200 }
        let hops = finals.dropLast().compactMap(\.status).filter { (300..<400).contains($0) && $0 != 304 }
        let moved = redirects > 0 && !hops.isEmpty && hops.allSatisfy { $0 == 301 || $0 == 308 }
        let last = finals.last
        let elapsed = ContinuousClock.now - started

        let contentLocation = last?["content-location"].flatMap { location -> String? in
            let trimmed = location.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, let resolved = URL(string: trimmed, relativeTo: URL(string: finalURL))?.absoluteURL,
                  ["http", "https"].contains(resolved.scheme?.lowercased() ?? "") else { return nil }
            return resolved.absoluteString
        }
        func make(_ outcome: FetchOutcome, validators: Validators? = nil) -> FetchResult {
            var result = FetchResult(request: request, outcome: outcome, status: last?.status, finalURL: finalURL, redirects: redirects,
                                     movedPermanently: moved, validators: validators ?? request.validators,
                                     contentType: last?["content-type"], charset: last?.charset, maxAge: last?.maxAge,
                                     expires: last?.expires, elapsed: elapsed)
            result.contentLocation = contentLocation
            return result
        }

        guard code == CURLE_OK else { return make(.failed(failure(code, redirects: redirects))) }
        // A transfer libcurl calls complete may still be broken: the old validators are kept.
        if !headersEnded { return make(.failed(.incompleteHeaders)) }
        if let excessBody { return make(.failed(.lengthMismatch("more bytes than it said: \(excessBody)"))) }
        var status = 0
        feeds_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        let headers = last ?? ResponseHeaders(status: status)
        switch status {
        case 200..<300:
            // The newest response's validators replace the old ones, absent ones included.
            return make(.fetched(body: body), validators: headers.validators)
        case 304:
            let fresh = headers.validators
            return make(.notModified, validators: Validators(etag: fresh.etag ?? request.validators.etag,
                                                             lastModified: fresh.lastModified ?? request.validators.lastModified))
        case 410:
            return make(.gone)
        case 429, 503:
            return make(.throttled(status: status, retryAfter: headers.retryAfter(now: now)))
        default:
            return make(.httpError(status: status))
        }
    }

    private func failure(_ code: CURLcode, redirects: Int) -> FetchFailure {
        let message = String(cString: errorBuffer).isEmpty ? String(cString: curl_easy_strerror(code)) : String(cString: errorBuffer)
        if headerLimitHit { return .headersTooLarge(limit: limits.maximumHeaderBytes) }
        if bodyLimitHit || code == CURLE_FILESIZE_EXCEEDED { return .bodyTooLarge(limit: limits.maximumBodyBytes) }
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .dns(message)
        case CURLE_COULDNT_CONNECT:
            return .connection(message)
        case CURLE_OPERATION_TIMEDOUT:
            if message.lowercased().contains("too slow") {
                return .tooSlow(bytesPerSecond: limits.lowSpeedBytesPerSecond, seconds: limits.lowSpeedSeconds)
            }
            if message.lowercased().contains("connect") && !message.lowercased().contains("operation") {
                return .connection(message)
            }
            return .timedOut(seconds: limits.totalTimeoutSeconds)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS:
            return .tls(message)
        case CURLE_TOO_MANY_REDIRECTS:
            return .tooManyRedirects(limit: limits.maximumRedirects)
        case CURLE_UNSUPPORTED_PROTOCOL:
            return redirects > 0 || !responses.isEmpty ? .forbiddenRedirect(message) : .invalidURL(request.url)
        case CURLE_BAD_CONTENT_ENCODING:
            return .badContentEncoding(message)
        case CURLE_PARTIAL_FILE:
            return headersEnded ? .lengthMismatch("fewer bytes than it said: \(message)") : .incompleteHeaders
        case CURLE_GOT_NOTHING:
            return .incompleteHeaders
        case CURLE_OUT_OF_MEMORY where !headersEnded:
            // libcurl refuses a header line over its own 100 KB with this code (and no message).
            return .headersTooLarge(limit: limits.maximumHeaderBytes)

        default:
            return .other("\(message) (curl error \(code.rawValue))")
        }
    }
}
