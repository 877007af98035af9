import Foundation
import LoopbackHTTP
import Testing

private let aggregatorFeed = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/aggregator-footers-rss2.xml").path

@Suite("feeds check FILE")
struct CheckCommandTests {
    private func records(_ result: FeedsBinary.Result) throws -> [[String: Any]] {
        try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    @Test("An aggregator feed: each republished item traced to its origin, with rights and removal contact")
    func aggregator() throws {
        let result = try FeedsBinary.run(["check", aggregatorFeed, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let items = try records(result)
        #expect(items.map { $0["status"] as? String } == ["republished", "republished", "republished", "republished", "republished", "original"])
        let origins = items.map { ($0["origin"] as? [String: Any])?["url"] as? String }
        #expect(origins == [
            "https://www.coastalherald.example.org/news/2026/11/harbor-dredging-plan/",
            "https://valley-times.example.net/2026/11/28/rail-line-reopens",
            "https://news.lakeside.example.co.uk/education/school-board-delays-vote",
            "https://theconversation.example.org/why-bees-dance-123456",
            "https://gardenblog.example.info/late-tomatoes/",
            "https://wiredigest.example.com/2026/11/holiday-schedule/",
        ])
        #expect(items.map { $0["author"] as? String }.prefix(3) == ["Maria Lopez", "Tom Okafor", "Priya Nair"],
                "the footer's author, not the aggregator's account")
        let first = items[0]
        #expect((first["republisher"] as? [String: Any])?["removal_contact"] as? String == "WireDigest.example.com (Contact page)")
        let rights = try #require(first["rights"] as? [String: Any])
        #expect(rights["holder"] as? String == "example.org")
        #expect(rights["inherited"] as? Bool == false)
        let yoast = items[4]
        #expect((yoast["origin"] as? [String: Any])?["name"] as? String == "Garden Notes")
        #expect(yoast["rights"] == nil, "the carrier's channel notice is not the rights of what it republished")
        #expect(result.stderr == "6 items, 5 republished, 5 origin sites, 2 without a rights notice of their own\n")
    }

    @Test("The table ends with the summary line; standard input works too")
    func table() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: aggregatorFeed))
        let result = try FeedsBinary.run(["check", "-"], stdin: bytes)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("STATUS") == true)
        #expect(lines.count == 8)
        #expect(lines.last == "6 items, 5 republished, 5 origin sites, 2 without a rights notice of their own")
    }

    @Test("CSV quotes fields holding commas; JSON Lines is one object a line")
    func machineFormats() throws {
        let csv = try FeedsBinary.run(["check", aggregatorFeed, "--format", "csv"])
        let rows = csv.stdout.components(separatedBy: "\r\n")
        #expect(rows.first == "status,origin,origin url,rights,author,method,conf,held,title,request")
        #expect(rows[1].contains(",\"This content is courtesy of, and owned and copyrighted by, https://coastalherald.example.org and its author.\","))
        let jsonl = try FeedsBinary.run(["check", aggregatorFeed, "--format", "jsonl"])
        let lines = jsonl.stdout.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
    }

    @Test("A file that is not a feed: one error line, status 1")
    func notAFeed() throws {
        let file = try FeedsBinary.temporaryFile("just some words", name: "notes.txt")
        let result = try FeedsBinary.run(["check", file.path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: "))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test("A live URL: fetched once, served charset honoured, the final address names the carrier")
    func liveURL() throws {
        let feed = try Data(contentsOf: URL(fileURLWithPath: aggregatorFeed))
        let server = try LoopbackServer { request in
            request.path == "/old"
                ? LoopbackServer.Response(status: 301, headers: [("Location", "/feed")])
                : LoopbackServer.Response(status: 200, headers: [("Content-Type", "application/rss+xml; charset=utf-8")], body: Array(feed))
        }
        let result = try FeedsBinary.run(["check", server.baseURL + "/old", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try records(result).count == 6)
        #expect(server.requests.map(\.path) == ["/old", "/feed"])
        #expect(server.requests.first?.header("User-Agent")?.hasPrefix("feeds/") == true)
    }

    @Test("A URL that fails: one error line naming the address and the HTTP status")
    func failingURL() throws {
        let server = try LoopbackServer { _ in LoopbackServer.Response(status: 410) }
        let result = try FeedsBinary.run(["check", server.baseURL + "/feed"])
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(server.baseURL)/feed: 410 Gone: the feed was removed by its publisher\n")
    }
}
