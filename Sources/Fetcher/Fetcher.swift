import Foundation

/// Fetches feeds over HTTP(S) with libcurl's multi interface: many at once,
/// politely, within limits no server can get past. Each batch runs on a
/// thread of its own, so the async callers never block Swift's
/// cooperative pool.
public struct Fetcher: Sendable {
    public var configuration: FetcherConfiguration

    public init(configuration: FetcherConfiguration = FetcherConfiguration()) {
        self.configuration = configuration
    }

    /// Results as transfers complete, each with the index of its request.
    /// Ending the iteration early cancels what is still running. With a `backlog`, no new transfer starts
    /// while that many results wait unread, so a slow consumer holds a
    /// bounded number of bodies instead of every feed's.
    public func results(for requests: [FetchRequest], backlog: Int = .max) -> FetchResults {
        let configuration = self.configuration
        let unread = UnreadCount()
        let stream = AsyncStream<(index: Int, result: FetchResult)> { continuation in
            let cancellation = CancellationFlag()
            continuation.onTermination = { _ in cancellation.cancel() }
            let thread = Thread {
                if let session = TransferSession(configuration: configuration) {
                    session.run(requests, isCancelled: { cancellation.isCancelled }, mayAdmit: { unread.value < backlog }) { index, result in
                        unread.add(1)
                        continuation.yield((index, result))
                    }
                } else {
                    for (index, request) in requests.enumerated() {
                        continuation.yield((index, FetchResult(request: request, outcome: .failed(.other("libcurl could not start")),
                                                               finalURL: request.url, validators: request.validators)))
                    }
                }
                continuation.finish()
            }
            thread.name = "feeds-fetcher"
            thread.start()
        }
        return FetchResults(stream: stream, unread: unread)
    }

    /// Every result, in the order of the requests.
    public func fetch(_ requests: [FetchRequest]) async -> [FetchResult] {
        var results = [FetchResult?](repeating: nil, count: requests.count)
        for await (index, result) in self.results(for: requests) { results[index] = result }
        return results.enumerated().map { index, result in
            result ?? FetchResult(request: requests[index], outcome: .failed(.other("cancelled")), finalURL: requests[index].url,
                                  validators: requests[index].validators)
        }
    }

    public func fetch(_ request: FetchRequest) async -> FetchResult {
        await fetch([request])[0]
    }
}

/// The results of `Fetcher.results(for:backlog:)`, counting what has been read.
public struct FetchResults: AsyncSequence, Sendable {
    public typealias Element = (index: Int, result: FetchResult)
    let stream: AsyncStream<Element>
    let unread: UnreadCount

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncStream<Element>.AsyncIterator
        let unread: UnreadCount

        public mutating func next() async -> Element? {
            let element = await base.next()
            if element != nil { unread.add(-1) }
            return element
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: stream.makeAsyncIterator(), unread: unread) }
}

/// Results handed over but not read yet.
final class UnreadCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add(_ delta: Int) { lock.withLock { count += delta } }
}

/// Set from any thread, read by the loop thread.
final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    var isCancelled: Bool { lock.withLock { cancelled } }

    func cancel() { lock.withLock { cancelled = true } }
}
