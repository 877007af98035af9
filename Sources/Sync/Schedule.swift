import FeedModel
import Foundation

/// When a feed is next due. The configured interval is a floor: what the
/// feed (`ttl`, `sy:updatePeriod`, `skipHours`/`skipDays`) and the server
/// (`Cache-Control`, `Expires`, `Retry-After`) ask for can only lengthen it.
public struct Schedule: Sendable {
    public var intervalMinutes: Int
    /// Hints never push a feed further out than this.
    public static let longestHint: TimeInterval = 24 * 3600
    /// Backoff after failures stops growing here.
    public static let longestBackoff: TimeInterval = 24 * 3600

    public init(intervalMinutes: Int) {
        self.intervalMinutes = intervalMinutes
    }

    var interval: TimeInterval { TimeInterval(intervalMinutes * 60) }

    /// After a successful fetch (200 or 304).
    public func nextDue(after now: Date, feed: ParsedSchedule?, maxAge: Int?, expires: Date?) -> Date {
        var wait = interval
        let hints = [feed?.ttlMinutes.map { TimeInterval($0 * 60) }, feed?.updatePeriodMinutes.map { TimeInterval($0 * 60) },
                     maxAge.map(TimeInterval.init), expires.map { $0.timeIntervalSince(now) }].compactMap { $0 }
        for hint in hints { wait = max(wait, min(hint, max(interval, Self.longestHint))) }
        return skipping(feed, from: now.addingTimeInterval(wait))
    }

    /// After a failure: the interval doubled per consecutive failure, capped at a
    /// day, and never before the server's `Retry-After`.
    public func nextDue(after now: Date, failures: Int, retryAfter: Date?) -> Date {
        let doublings = Double(max(0, min(failures - 1, 16)))
        let wait = min(interval * pow(2, doublings), max(interval, Self.longestBackoff))
        let due = now.addingTimeInterval(wait)
        guard let retryAfter else { return due }
        return max(due, min(retryAfter, now.addingTimeInterval(7 * 24 * 3600)))
    }

    /// The first moment at or after `date` outside the feed's skipped hours and days (GMT).
    func skipping(_ feed: ParsedSchedule?, from date: Date) -> Date {
        guard let feed, !(feed.skipHours.isEmpty && feed.skipDays.isEmpty) else { return date }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "GMT")!
        var candidate = date
        for _ in 0..<(8 * 24) {
            let hour = calendar.component(.hour, from: candidate)
            // Calendar weekday: 1 = Sunday … 7 = Saturday; skipDays: 1 = Monday … 7 = Sunday.
            let weekday = calendar.component(.weekday, from: candidate)
            let day = weekday == 1 ? 7 : weekday - 1
            if !feed.skipHours.contains(hour) && !feed.skipDays.contains(day) { return candidate }
            let startOfHour = calendar.dateInterval(of: .hour, for: candidate)?.start ?? candidate
            candidate = startOfHour.addingTimeInterval(3600)
        }
        return date
    }
}
