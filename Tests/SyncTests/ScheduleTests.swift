import FeedModel
import Foundation
import Testing
@testable import Sync

private let noon = Date(timeIntervalSince1970: 1_795_953_600)  // Sun, 29 Nov 2026 12:00:00 GMT

@Suite("When a feed is next due")
struct ScheduleTests {
    let hourly = Schedule(intervalMinutes: 60)

    @Test("The interval is a floor; ttl, sy:updatePeriod and Cache-Control lengthen it, never shorten it")
    func hints() {
        #expect(hourly.nextDue(after: noon, feed: nil, maxAge: nil, expires: nil) == noon.addingTimeInterval(3600))
        #expect(hourly.nextDue(after: noon, feed: ParsedSchedule(ttlMinutes: 180), maxAge: nil, expires: nil) == noon.addingTimeInterval(3 * 3600))
        #expect(hourly.nextDue(after: noon, feed: ParsedSchedule(ttlMinutes: 5), maxAge: 60, expires: nil) == noon.addingTimeInterval(3600))
        #expect(hourly.nextDue(after: noon, feed: ParsedSchedule(updatePeriodMinutes: 1440), maxAge: nil, expires: nil) == noon.addingTimeInterval(86400))
        #expect(hourly.nextDue(after: noon, feed: nil, maxAge: 7200, expires: nil) == noon.addingTimeInterval(7200))
        #expect(hourly.nextDue(after: noon, feed: ParsedSchedule(ttlMinutes: 100_000), maxAge: nil, expires: nil) == noon.addingTimeInterval(86400),
                "a hint never pushes a feed out beyond a day")
    }

    @Test("skipHours and skipDays (GMT) move the next fetch to the first allowed hour")
    func skips() {
        let due = hourly.nextDue(after: noon, feed: ParsedSchedule(skipHours: [13, 14, 15]), maxAge: nil, expires: nil)
        #expect(due == noon.addingTimeInterval(4 * 3600), "13:00–15:59 skipped: 16:00")
        // Sunday is 7 in skipDays: Sunday 13:00 moves to Monday 00:00.
        let monday = hourly.nextDue(after: noon, feed: ParsedSchedule(skipDays: [7]), maxAge: nil, expires: nil)
        #expect(monday == Date(timeIntervalSince1970: 1_795_996_800))
    }

    @Test("Failures back off exponentially up to a day, and never before Retry-After")
    func backoff() {
        let waits = (1...8).map { hourly.nextDue(after: noon, failures: $0, retryAfter: nil).timeIntervalSince(noon) / 3600 }
        #expect(waits == [1, 2, 4, 8, 16, 24, 24, 24])
        let later = noon.addingTimeInterval(5 * 3600)
        #expect(hourly.nextDue(after: noon, failures: 1, retryAfter: later) == later)
    }
}
