import Foundation
import Testing

@Suite("feeds import and export-opml")
struct OPMLCommandTests {
    private let original = """
        # Our feed list. Keep the news first.
        cache: cache
        feeds:
          # The main paper.
          - url: https://news.example.org/rss
            name: paper
            tags: [news]

        # Settings after the list must survive too.
        defaults:
          interval: 30m
        """

    private let opml = """
        <?xml version="1.0"?>
        <opml version="2.0"><head><title>Reader export</title></head><body>
          <outline text="Science">
            <outline type="rss" text="Lab Notes &amp; Field Work" xmlUrl="https://lab.example.net/feed.xml" category="/biology"/>
            <outline type="rss" text="The paper again" xmlUrl="https://news.example.org/rss"/>
          </outline>
          <outline type="rss" title="Quiet Blog" xmlUrl="https://quiet.example.com/atom.xml"/>
        </body></opml>
        """

    @Test("Import appends one block at the end of `feeds:`, keeping comments and order, skipping known feeds")
    func importKeepsTheFile() throws {
        let config = try FeedsBinary.temporaryFile(original, name: "feeds.yml")
        let opmlFile = config.deletingLastPathComponent().appendingPathComponent("subs.opml")
        try Data(opml.utf8).write(to: opmlFile)
        let result = try FeedsBinary.run(["import", opmlFile.path, "--config", config.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("imported 2 feeds into") && result.stdout.contains("(1 already listed)"))
        let text = try String(contentsOf: config, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        #expect(lines.prefix(7).joined(separator: "\n") == original.components(separatedBy: "\n").prefix(7).joined(separator: "\n"))
        #expect(text.contains("""
              - url: "https://lab.example.net/feed.xml"
                name: "lab-notes-field-work"
                tags: ["Science", "biology"]
              - url: "https://quiet.example.com/atom.xml"
                name: "quiet-blog"

            # Settings after the list must survive too.
            defaults:
              interval: 30m
            """), "\(text)")

        let again = try FeedsBinary.run(["import", opmlFile.path, "--config", config.path])
        #expect(again.stdout.hasPrefix("imported 0 feeds") && again.stdout.contains("(3 already listed)"))
        #expect(try String(contentsOf: config, encoding: .utf8) == text, "nothing written when nothing is new")
    }

    @Test("export-opml writes OPML 2.0 with tags as categories, and reads back the same feeds")
    func exportRoundTrip() throws {
        let config = try FeedsBinary.temporaryFile(original, name: "feeds.yml")
        let export = try FeedsBinary.run(["export-opml", "--config", config.path])
        #expect(export.status == 0)
        #expect(export.stdout.contains(#"<opml version="2.0">"#))
        #expect(export.stdout.contains(#"<outline type="rss" text="paper" title="paper" xmlUrl="https://news.example.org/rss" category="/news"/>"#))

        let other = try FeedsBinary.temporaryFile("feeds: []\n", name: "feeds.yml")
        let opmlFile = other.deletingLastPathComponent().appendingPathComponent("export.opml")
        try Data(export.stdout.utf8).write(to: opmlFile)
        let imported = try FeedsBinary.run(["import", opmlFile.path, "--config", other.path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let text = try String(contentsOf: other, encoding: .utf8)
        #expect(text.contains(#"- url: "https://news.example.org/rss""#) && text.contains(#"name: "paper""#) && text.contains(#"tags: ["news"]"#))
    }

    @Test("A broken OPML file: one error line, feeds.yml untouched")
    func brokenOPML() throws {
        let config = try FeedsBinary.temporaryFile(original, name: "feeds.yml")
        let opmlFile = config.deletingLastPathComponent().appendingPathComponent("broken.opml")
        try Data("<opml><body><outline xmlUrl=".utf8).write(to: opmlFile)
        let result = try FeedsBinary.run(["import", opmlFile.path, "--config", config.path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: \(opmlFile.path):"))
        #expect(try String(contentsOf: config, encoding: .utf8) == original)
    }

    @Test("A bad entry is named by its outline and its line in the OPML file, not by a line of feeds.yml")
    func badEntryNamed() throws {
        let config = try FeedsBinary.temporaryFile(original, name: "feeds.yml")
        let opmlFile = config.deletingLastPathComponent().appendingPathComponent("mixed.opml")
        try Data("""
            <?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
            <outline text="Good" xmlUrl="https://good.example.org/feed"/>
            <outline text="Bad one" xmlUrl="ftp://bad.example.org/feed"/>
            </body></opml>
            """.utf8).write(to: opmlFile)
        let result = try FeedsBinary.run(["import", opmlFile.path, "--config", config.path])
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(opmlFile.path):3: the outline \"Bad one\" has xmlUrl \"ftp://bad.example.org/feed\", which is not an http or https address; nothing was imported\n")
        #expect(try String(contentsOf: config, encoding: .utf8) == original)
    }
}
