import CCurl
import Foundation

/// Drives one libcurl multi handle over a batch of requests on the calling
/// thread, admitting transfers so that at most `maximumTransfers` run in
/// all and at most `maximumPerHost` per host. Admission is done here, not
/// left to libcurl's queue, so that a transfer's time limits start when it
/// really starts.
final class TransferSession {
    private let configuration: FetcherConfiguration
    private let multi: UnsafeMutableRawPointer
    private var queues: [String: [(Int, FetchRequest)]] = [:]
    /// Hosts in first-seen order, for fair admission.
    private var hosts: [String] = []
    private var running: [UnsafeMutableRawPointer: Transfer] = [:]
    private var runningPerHost: [String: Int] = [:]

    init?(configuration: FetcherConfiguration) {
        guard CurlLibrary.isReady, let multi = curl_multi_init() else { return nil }
        self.configuration = configuration
        self.multi = multi
        feeds_curl_multi_set_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, configuration.maximumTransfers)
        feeds_curl_multi_set_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, configuration.maximumPerHost)
        feeds_curl_multi_set_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
    }

    deinit {
        for (handle, _) in running { curl_multi_remove_handle(multi, handle) }
        running.removeAll()
        curl_multi_cleanup(multi)
    }

    /// Fetches everything, handing each result over as it completes.
    /// `mayAdmit`: whether a new transfer may start now (the consumer has not fallen behind).
    func run(_ requests: [FetchRequest], isCancelled: () -> Bool, mayAdmit: () -> Bool = { true }, deliver: (Int, FetchResult) -> Void) {
        for (index, request) in requests.enumerated() {
            guard let host = Self.host(of: request.url) else {
                deliver(index, FetchResult(request: request, outcome: .failed(.invalidURL(request.url)), finalURL: request.url,
                                           validators: request.validators))
                continue
            }
            if queues[host] == nil { hosts.append(host) }
            queues[host, default: []].append((index, request))
        }
        while !(running.isEmpty && hosts.isEmpty) {
            if isCancelled() { return }
            let admitting = mayAdmit()
            if admitting { admit(deliver: deliver) }
            var stillRunning: Int32 = 0
            curl_multi_perform(multi, &stillRunning)
            collectFinished(deliver: deliver)
            if !running.isEmpty {
                curl_multi_poll(multi, nil, 0, admitting ? 100 : 5, nil)
            } else if !admitting {
                usleep(2_000)  // the consumer is catching up; nothing to wait on but it
            }
        }
    }

    private func admit(deliver: (Int, FetchResult) -> Void) {
        var admittedSome = true
        while admittedSome && running.count < configuration.maximumTransfers {
            admittedSome = false
            for host in hosts where running.count < configuration.maximumTransfers {
                guard runningPerHost[host, default: 0] < configuration.maximumPerHost, var queue = queues[host], !queue.isEmpty else { continue }
                let (index, request) = queue.removeFirst()
                queues[host] = queue
                admittedSome = true
                guard let transfer = Transfer(index: index, request: request, host: host, limits: configuration) else {
                    deliver(index, FetchResult(request: request, outcome: .failed(.other("libcurl could not create a transfer")),
                                               finalURL: request.url, validators: request.validators))
                    continue
                }
                curl_multi_add_handle(multi, transfer.handle)
                running[transfer.handle] = transfer
                runningPerHost[host, default: 0] += 1
            }
            hosts.removeAll { queues[$0]?.isEmpty ?? true }
        }
    }

    private func collectFinished(deliver: (Int, FetchResult) -> Void) {
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                  let transfer = running.removeValue(forKey: handle) else { continue }
            let code = feeds_curl_message_result(message)
            let result = transfer.result(code: code)
            curl_multi_remove_handle(multi, handle)
            runningPerHost[transfer.host, default: 1] -= 1
            deliver(transfer.index, result)
        }
    }

    /// Lower-cased host of an http(s) URL, or nil for anything else.
    static func host(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host?.lowercased(), !host.isEmpty else { return nil }
        return host
    }
}

/// libcurl's process-wide set-up, done once before the first handle.
enum CurlLibrary {
    static let isReady: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
}
