import Foundation
import Testing

@Suite("The reference documents move with the code")
struct DocsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("docs/cli.md is the --help of the binary as built (regenerate with script/make-cli-doc)")
    func cliReferenceIsCurrent() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString).md")
        let process = Process()
        process.executableURL = Self.repository.appendingPathComponent("script/make-cli-doc")
        process.arguments = [FeedsBinary.url.path, output.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let generated = try String(contentsOf: output, encoding: .utf8)
        let committed = try String(contentsOf: Self.repository.appendingPathComponent("docs/cli.md"), encoding: .utf8)
        #expect(generated == committed, "docs/cli.md is stale: run script/make-cli-doc")
    }

    @Test("Every document the README and the --help texts cite is in the repository")
    func citedDocumentsExist() throws {
        let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let cli = try String(contentsOf: Self.repository.appendingPathComponent("docs/cli.md"), encoding: .utf8)
        let cited = Set((readme + cli).matches(of: /docs\/[a-z-]+\.md/).map { String($0.output) })
        #expect(cited.count >= 4)
        for path in cited {
            #expect(FileManager.default.fileExists(atPath: Self.repository.appendingPathComponent(path).path), "\(path)")
        }
        #expect(!readme.contains("spec/"), "the README cites nothing outside the repository")
    }
}
