import ArgumentParser
import FeedsConfig
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add the feeds of an OPML file to feeds.yml.",
        discussion: """
            Feeds already listed (same URL) are skipped. The new ones are appended as one block at the \
            end of `feeds:`, after a comment naming the file, so the rest of feeds.yml, its comments and \
            order included, stays as it was. Names come from the outline titles; tags from the folders \
            the outlines sit in and their `category` attribute. Nothing is written unless the result is \
            a valid feed list.
            """)

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: ArgumentHelp("The OPML file to import.", valueName: "FILE"))
    var file: String

    func run() throws {
        let configuration = try workspace.loadConfiguration()
        guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure(description: "cannot read \(file)") }
        do {
            let subscriptions = try OPML.read(data)
            let text = try String(contentsOf: configuration.file, encoding: .utf8)
            let day = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
            let addition = try FeedListEditor.adding(subscriptions, to: text, configuration: configuration,
                                                     note: "Imported from \((file as NSString).lastPathComponent) on \(day)")
            if !addition.added.isEmpty {
                try Data(addition.text.utf8).write(to: configuration.file, options: .atomic)
            }
            CommandSupport.printLine("imported \(addition.added.count) feeds into \(configuration.file.path)"
                                     + (addition.alreadyListed > 0 ? " (\(addition.alreadyListed) already listed)" : ""))
        } catch let error as ConfigurationError {
            throw CommandFailure(description: error.file == "OPML" ? "\(file):\(error.line.map(String.init) ?? "?"): \(error.message)" : error.description)
        } catch {
            throw CommandFailure(description: "cannot write \(configuration.file.path): \(error.localizedDescription)")
        }
    }
}

struct ExportOPMLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-opml",
        abstract: "Print the feeds of feeds.yml as OPML 2.0, tags as categories.")

    @OptionGroup var workspace: WorkspaceOptions

    func run() throws {
        let configuration = try workspace.loadConfiguration()
        FileHandle.standardOutput.write(Data(OPML.write(configuration.feeds, title: "feeds: \(configuration.file.lastPathComponent)").utf8))
    }
}
