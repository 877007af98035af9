import FeedModel
import FeedParser
import FeedsConfig
import Fetcher
import Foundation
import Logging
import Provenance
import Removals
import Store
import Verify

extension FetcherConfiguration {
    /// The fetcher as feeds.yml's `defaults:` set it up (sync, and the commands that fetch pages).
    public init(_ defaults: FeedDefaults) {
        self.init()
        maximumTransfers = defaults.jobs
        connectTimeoutSeconds = defaults.connectTimeoutSeconds
        totalTimeoutSeconds = defaults.timeoutSeconds
        maximumBodyBytes = defaults.maximumBodyBytes
        if let agent = defaults.userAgent { userAgent = agent }
    }
}

/// What a sync did, for the summary line and the exit status.
public struct SyncReport: Sendable, Equatable {
    public var due = 0
    public var fetched = 0
    public var notModified = 0
    public var failed = 0
    public var gone = 0
    public var moved: [String] = []
    public var itemsNew = 0
    public var itemsUpdated = 0
    public var itemsDropped = 0
    /// One line per failed feed: its name and the reason.
    public var failures: [String] = []

    public init() {}
}

/// One run of `feeds sync`: the due feeds fetched together; each response,
/// as it arrives, parsed and given provenance on any free core (at most one
/// feed per core at a time, so memory stays flat), then stored by the one
/// writer, in a transaction of its own. One feed's failure is recorded and
/// reported; it never stops the others.
public struct SyncRunner {
    public var configuration: FeedsConfiguration
    public var store: any FeedStore
    /// Applied to every parsed item before anything is stored.
    public var rules: RemovalRules
    public var logger: Logger
    public var now: @Sendable () -> Date

    public init(configuration: FeedsConfiguration, store: any FeedStore, rules: RemovalRules = RemovalRules(records: []),
                logger: Logger = Logger(label: "feeds.sync"), now: @escaping @Sendable () -> Date = { Date() }) {
        self.configuration = configuration
        self.store = store
        self.rules = rules
        self.logger = logger
        self.now = now
    }

    /// A permanent redirect is adopted once seen on this many syncs in a row.
    public static let movesBeforeAdopting = 2

    /// Syncs the due feeds (all of `only`, or every configured one), or all of them with `force`. On a
    /// store several workers share (`LeasedStore`), the feeds are claimed in small batches under a lease
    /// instead, and the run ends when none of them is left to do this round.
    public func run(only names: [String] = [], force: Bool = false, progress: ((Int, Int, String) -> Void)? = nil) async throws -> SyncReport {
        for name in names where configuration.feed(named: name) == nil {
            throw SyncError("no feed named \"\(name)\" in \(configuration.file.path)")
        }
        let states = Dictionary(try store.registerFeeds(configuration.feeds.map { ($0.name, $0.url) }).map { ($0.name, $0) },
                                uniquingKeysWith: { first, _ in first })
        let start = now()
        let wanted = configuration.feeds.filter { names.isEmpty || names.contains($0.name) }
        let forced = force || !names.isEmpty
        var report = SyncReport()
        if let leased = store as? any LeasedStore {
            try await runLeased(wanted, store: leased, force: forced, start: start, report: &report, progress: progress)
            return report
        }
        let due: [(FeedEntry, FeedState)] = wanted.compactMap { entry in
            guard let state = states[entry.name] else { return nil }
            if state.isGone { return nil }
            if forced { return (entry, state) }
            return (state.nextDue.map { $0 <= start } ?? true) ? (entry, state) : nil
        }
        report.due = due.count
        var done = 0
        try await sync(due, lease: nil, report: &report) { name in
            done += 1
            progress?(done, due.count, name)
        }
        return report
    }

    /// A worker of several: claims a batch, syncs it, claims the next; when nothing is left to claim
    /// but other workers still hold some of the feeds, waits for them to finish or their leases to
    /// expire (a worker that died), then claims again. Its own leases are renewed every third of
    /// their length while it runs.
    private func runLeased(_ wanted: [FeedEntry], store leased: any LeasedStore, force: Bool, start: Date, report: inout SyncReport,
                           progress: ((Int, Int, String) -> Void)?) async throws {
        let worker = SyncWorker.identity()
        let lease = TimeInterval(configuration.defaults.leaseSeconds)
        let names = wanted.map(\.name)
        let entries = Dictionary(wanted.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let now = self.now
        let renewal = Task.detached {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(lease / 3))
                guard !Task.isCancelled else { break }
                try? leased.renewLeases(worker: worker, until: now().addingTimeInterval(lease))
            }
        }
        defer { renewal.cancel() }
        var finished = Set<String>()
        // A batch of `jobs` feeds (at least 4): small enough that other workers share the round.
        let batch = max(4, configuration.defaults.jobs)
        while true {
            let claimed = try leased.claimFeeds(names, excluding: finished, worker: worker, limit: batch, force: force, dueBy: start,
                                                now: now(), lease: lease)
            if claimed.isEmpty {
                guard let ends = try leased.otherLeasesEnd(names, excluding: finished, worker: worker, force: force, dueBy: start,
                                                           now: now()) else { break }
                // Another worker holds some: they finish, or their leases run out; look again soon either way.
                try await Task.sleep(for: .seconds(min(1, max(0.05, ends.timeIntervalSince(now())))))
                continue
            }
            let due = claimed.compactMap { state in entries[state.name].map { ($0, state) } }
            report.due += due.count
            try await sync(due, lease: (leased, worker), report: &report) { name in
                finished.insert(name)
                progress?(finished.count, finished.count, name)
            }
            // A feed whose result could not be stored was given back; it is not tried again this round.
            finished.formUnion(claimed.map(\.name))
        }
    }

    /// Fetches the feeds together; each response, as it arrives, is parsed and given provenance on
    /// any free core, then stored by the one writer (releasing its lease, when it has one).
    private func sync(_ due: [(FeedEntry, FeedState)], lease: (store: any LeasedStore, worker: String)?, report: inout SyncReport,
                      stored: (String) -> Void) async throws {
        guard !due.isEmpty else { return }
        let fetcherConfiguration = FetcherConfiguration(configuration.defaults)
        let requests = due.map { FetchRequest(url: $0.1.currentURL, validators: Validators(etag: $0.1.validators.etag, lastModified: $0.1.validators.lastModified)) }

        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let rules = self.rules
        let names = due.map(\.0.name)
        // Responses are analysed on every core as they arrive, at most one per core at a time; the
        // writer below stores each as soon as its analysis is done, never waiting on a slow fetch.
        // Slots bound what is held at once (analysing, or analysed and waiting for the writer), so
        // memory stays flat however fast the responses come.
        let slots = Slots(cores + 1)
        let (analysed, output) = AsyncStream.makeStream(of: (Int, FetchResult, Analysis?).self)
        let fetcher = Fetcher(configuration: fetcherConfiguration)
        let verified = Set(due.filter { $0.0.verify }.map { $0.0.name })
        let verifier = verified.isEmpty ? nil
            : Verifier(configuration: fetcherConfiguration, cache: .backed(by: store), interval: configuration.defaults.verifyInterval)
        let now = self.now
        let producer = Task {
            await withTaskGroup(of: Void.self) { group in
                // Fetching runs ahead of the analyses by at most a few bodies: memory stays flat.
                for await (index, result) in fetcher.results(for: requests, backlog: cores + 1) {
                    await slots.acquire()
                    let name = names[index]
                    group.addTask {
                        var analysis = Self.analyse(result, feed: name, rules: rules)
                        // A `verify: true` feed's items checked against their pages; a page read within
                        // verify_interval comes from the store's page cache, not the network.
                        if let verifier, verified.contains(name), let items = analysis?.items, !items.isEmpty {
                            let records = await verifier.verify(items.map(\.item), items.map(\.provenance), now: now())
                            analysis?.items = zip(items, records).map { ($0.item, $1) }
                        }
                        output.yield((index, result, analysis))
                    }
                }
            }
            output.finish()
        }
        for await (index, result, analysis) in analysed {
            let (entry, state) = due[index]
            do {
                try process(result, analysis: analysis, entry: entry, state: state, lease: lease, report: &report)
            } catch {
                report.failed += 1
                report.failures.append("\(entry.name): cannot store: \(error)")
                logger.error("store failed", metadata: ["feed": "\(entry.name)", "error": "\(error)"])
                if let lease { try? lease.store.releaseLease(feed: entry.name, worker: lease.worker) }
            }
            stored(entry.name)
            await slots.release()
        }
        await producer.value
    }

    /// What parsing a fetched body gave: the items to store with their
    /// provenance (removal rules applied), or why it is not a feed. Pure, so
    /// that feeds are analysed on every core while the writer stores others.
    struct Analysis: Sendable {
        var items: [(item: ParsedItem, provenance: ProvenanceRecord)] = []
        var dropped = 0
        var total = 0
        var warnings = 0
        var site: String?
        var schedule: ParsedSchedule?
        var failure: String?
    }

    static func analyse(_ result: FetchResult, feed name: String, rules: RemovalRules) -> Analysis? {
        guard case .fetched(let body) = result.outcome else { return nil }
        var analysis = Analysis()
        do {
            let feed = try FeedParser.parse(body, options: FeedParserOptions(baseURL: result.documentBase, httpCharset: result.charset))
            let records = ProvenanceAnalyzer().analyze(feed, fetchedFrom: result.finalURL)
            let kept = zip(feed.items, records).filter { item, provenance in
                rules.request(covering: item, provenance: provenance, feed: name) == nil
            }
            analysis.total = feed.items.count
            analysis.dropped = feed.items.count - kept.count
            analysis.items = kept.map { (item: $0.0, provenance: $0.1) }
            analysis.site = [feed.link, result.finalURL].compactMap { $0 }.lazy.compactMap { SiteAddress.site(of: $0) }.first
            analysis.warnings = feed.warnings.count
            analysis.schedule = feed.schedule
        } catch {
            // The parser's message already says "not a feed: …".
            analysis.failure = error.description
        }
        return analysis
    }

    private func process(_ result: FetchResult, analysis: Analysis?, entry: FeedEntry, state: FeedState,
                         lease: (store: any LeasedStore, worker: String)?, report: inout SyncReport) throws {
        let moment = now()
        let schedule = Schedule(intervalMinutes: entry.intervalMinutes ?? configuration.defaults.intervalMinutes)
        var next = state
        next.lastFetched = moment
        next.lastStatus = result.status
        next.validators = (result.validators.etag, result.validators.lastModified)
        track(result, into: &next, report: &report, feed: entry.name)
        var site: String?
        var items: [(item: ParsedItem, provenance: ProvenanceRecord)]?

        switch result.outcome {
        case .fetched:
            if let analysis, analysis.failure == nil {
                report.itemsDropped += analysis.dropped
                items = analysis.items
                site = analysis.site
                next.consecutiveFailures = 0
                next.lastResult = "fetched: \(analysis.total) items" + (analysis.warnings == 0 ? "" : ", \(analysis.warnings) warnings")
                next.nextDue = schedule.nextDue(after: moment, feed: analysis.schedule, maxAge: result.maxAge, expires: result.expires)
                report.fetched += 1
            } else {
                fail(&next, reason: analysis?.failure ?? "not a feed", schedule: schedule, at: moment, report: &report, feed: entry.name)
                // Keep the old validators: the next fetch must get the body again.
                next.validators = state.validators
            }
        case .notModified:
            next.consecutiveFailures = 0
            next.lastResult = "not modified"
            next.nextDue = schedule.nextDue(after: moment, feed: nil, maxAge: result.maxAge, expires: result.expires)
            report.notModified += 1
        case .gone:
            next.isGone = true
            next.nextDue = nil
            next.lastResult = "gone (410): no longer polled"
            report.gone += 1
            report.failures.append("\(entry.name): gone (HTTP 410); it will not be fetched again until its url changes in feeds.yml")
        case .throttled(let status, let retryAfter):
            fail(&next, reason: "HTTP \(status), asked to slow down", schedule: schedule, at: moment, report: &report, feed: entry.name,
                 retryAfter: retryAfter)
            // Every worker leaves the host alone until then, not only the one that was told.
            if let lease, let retryAfter, let host = URLComponents(string: state.currentURL)?.host {
                try? lease.store.backOff(host: host, until: retryAfter)
            }
        case .httpError(let status):
            fail(&next, reason: "HTTP \(status)", schedule: schedule, at: moment, report: &report, feed: entry.name)
        case .failed(let failure):
            fail(&next, reason: failure.description, schedule: schedule, at: moment, report: &report, feed: entry.name)
        }
        let update = FeedUpdate(state: next, site: site, items: items, seen: moment)
        let counts: ItemCounts
        if let lease, let shared = lease.store as? any SharedLedgerStore {
            // A request recorded on any machine since this sync read the ledger applies to what is stored now:
            // the newer lines are read inside the storing transaction.
            var droppedNow = 0
            counts = try shared.apply(update, releasingLeaseOf: lease.worker, ledgerAfter: rules.ledgerSequence) { lines in
                let newer = try rules.adding(lines: lines)
                var admitted = update
                admitted.items = update.items?.filter { newer.request(covering: $0.item, provenance: $0.provenance, feed: entry.name) == nil }
                droppedNow = (update.items?.count ?? 0) - (admitted.items?.count ?? 0)
                return admitted
            }
            report.itemsDropped += droppedNow
        } else if let lease {
            counts = try lease.store.apply(update, releasingLeaseOf: lease.worker)
        } else {
            counts = try store.apply(update)
        }
        report.itemsNew += counts.new
        report.itemsUpdated += counts.updated
        if next.lastResult?.hasPrefix("failed: ") == true || next.isGone {
            logger.warning("failed", metadata: ["feed": "\(entry.name)", "reason": "\(next.lastResult ?? "")"])
        } else {
            logger.info("synced", metadata: ["feed": "\(entry.name)", "result": "\(next.lastResult ?? "")",
                                             "new": "\(counts.new)", "updated": "\(counts.updated)"])
        }
    }

    private func fail(_ state: inout FeedState, reason: String, schedule: Schedule, at moment: Date, report: inout SyncReport,
                      feed: String, retryAfter: Date? = nil) {
        state.consecutiveFailures += 1
        state.lastResult = "failed: " + reason
        state.nextDue = schedule.nextDue(after: moment, failures: state.consecutiveFailures, retryAfter: retryAfter)
        report.failed += 1
        report.failures.append("\(feed): \(reason)")
    }

    /// Follows permanent redirects: one seen on consecutive syncs moves the feed.
    private func track(_ result: FetchResult, into state: inout FeedState, report: inout SyncReport, feed: String) {
        guard result.movedPermanently, result.finalURL != state.currentURL else {
            state.pendingMove = nil
            state.pendingMoveCount = 0
            return
        }
        state.pendingMoveCount = state.pendingMove == result.finalURL ? state.pendingMoveCount + 1 : 1
        state.pendingMove = result.finalURL
        if state.pendingMoveCount >= Self.movesBeforeAdopting {
            state.movedFrom = state.currentURL
            state.currentURL = result.finalURL
            state.pendingMove = nil
            state.pendingMoveCount = 0
            report.moved.append("\(feed): moved permanently to \(result.finalURL)")
        }
    }
}

/// A counting semaphore for tasks: `acquire` waits while every slot is taken.
actor Slots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { free = count }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

/// A sync worker's name in leases: this machine and process, unique among the workers at one time.
public enum SyncWorker {
    public static func identity() -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        return "\(host):\(ProcessInfo.processInfo.processIdentifier):\(UInt32.random(in: 0...UInt32.max) % 100_000)"
    }
}
