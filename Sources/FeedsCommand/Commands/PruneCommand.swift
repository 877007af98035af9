import ArgumentParser
import Foundation
import Store

struct PruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Drop the stored items of a feed that is no longer in feeds.yml.",
        discussion: """
            A feed deleted from feeds.yml keeps its items in the store, queryable as before (`status` \
            lists it as removed from feeds.yml, `items --feed NAME` and removal requests still name it), \
            until this command drops them: every item, its signals and its search-index rows. A feed \
            still in feeds.yml is refused: delete it there first. Removal requests are not touched.

            Exit status: 0 dropped; 1 the feed is still subscribed, or the store has no feed of that name.
            """)

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: ArgumentHelp("The feed to drop.", valueName: "NAME"), completion: .custom(FeedNameCompletion.names))
    var feed: String

    func run() throws {
        let configuration = try workspace.loadConfiguration()
        guard configuration.feed(named: feed) == nil else {
            throw CommandFailure(description: "feed \(feed) is still in \(configuration.file.path); delete it there first")
        }
        let store = try workspace.openStore(configuration)
        do {
            let dropped = try store.prune(feed: feed)
            CommandSupport.printLine("pruned feed \(feed): \(dropped) stored items dropped")
        } catch {
            throw CommandFailure(description: "\(error)")
        }
    }
}
