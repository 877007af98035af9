import ArgumentParser
import FeedsConfig
import Foundation
import Publish
import Removals
import Store
import Sync

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Write the aggregate as a static site: Atom, RSS, JSON Feed and HTML pages, each item with its attribution.",
        discussion: """
            Writes into the folder set by the `publish:` block of feeds.yml (README, "Publishing"): \
            atom.xml, rss.xml, feed.json, index.html (the newest items by day), origins/SITE.html (one \
            page per origin site: what is shown from it and how to ask for removal) and style.css. \
            Each item links to the original article when provenance knows it, says which site it is \
            from and which carried it, and shows its rights notice or licence; one without a known \
            origin is shown as its carrier's own. Nothing a removal request covers is ever written.

            Files are replaced atomically, and only when their bytes change: publishing twice with \
            nothing new rewrites nothing. `feeds sync --publish` publishes after syncing, and `feeds \
            remove` publishes again at once when feeds.yml has a `publish:` block.

            Exit status: 0 published; 1 an error (no `publish:` block, no store, a folder that cannot be \
            written, a template that is not valid Mustache); 3 a sync held the cache's lock for a minute.
            """)

    @OptionGroup var workspace: WorkspaceOptions

    @Flag(help: "Print nothing when all is well.")
    var quiet = false

    func run() throws {
        let configuration = try workspace.loadConfiguration()
        guard configuration.publish != nil else {
            throw CommandFailure(description: "\(configuration.file.path) has no `publish:` block; add one (see README, \"Publishing\")")
        }
        let lock: SyncLock?
        do {
            lock = try SyncLock(cache: configuration.cacheDirectory, wait: 60)
        } catch {
            throw CommandFailure(description: "\(error)")
        }
        guard let lock else {
            throw CommandFailure(description: "a feeds sync has held \(configuration.cacheDirectory.path) for a minute; try again",
                                 exitCode: SyncCommand.exitLocked)
        }
        defer { withExtendedLifetime(lock) {} }
        try SitePublishing.publish(configuration, store: try workspace.openExistingStore(configuration), quiet: quiet)
    }
}

/// The publish step that `publish`, `sync --publish` and `remove` share.
enum SitePublishing {
    static func publish(_ configuration: FeedsConfiguration, store: any FeedStore, quiet: Bool) throws {
        guard let folder = configuration.publish?.outputDirectory else { return }
        do {
            let rules = RemovalRules(records: try WorkspaceOptions.ledger(configuration, store: store).records())
            let report = try Publisher.publish(configuration, store: store, rules: rules)
            guard !quiet else { return }
            CommandSupport.printLine("published \(report.items) items from \(report.origins) origin sites to \(folder.path): "
                                     + "\(report.written.count) files written, \(report.unchanged) unchanged, \(report.deleted.count) deleted")
        } catch let error as PublishError {
            throw CommandFailure(description: "publish: \(error.description)")
        } catch {
            throw CommandFailure(description: "publish: \(error)")
        }
    }
}
