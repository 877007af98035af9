import FeedsConfig
import Foundation
import Removals
import Store

/// `feeds publish`: the store's newest items of the chosen feeds, as a static
/// site in `publish.out` (docs/publish.md).
public enum Publisher {
    public struct Report: Sendable, Equatable {
        public var items: Int
        public var origins: Int
        /// Paths (inside the folder) written because they changed.
        public var written: [String]
        public var unchanged: Int
        /// Paths an earlier publish wrote that the site no longer has.
        public var deleted: [String]
    }

    public static func publish(_ configuration: FeedsConfiguration, store: any FeedStore, rules: RemovalRules) throws -> Report {
        guard let publish = configuration.publish else {
            throw PublishError("feeds.yml has no `publish:` block; add one (see README, \"Publishing\")")
        }
        let renderer = try SiteRenderer(publish)
        let content = try SiteContent.collect(configuration, publish, store: store, rules: rules)
        let outcome = try SiteWriter(folder: publish.outputDirectory).write(renderer.render(content))
        return Report(items: content.items.count, origins: content.origins.count, written: outcome.written,
                      unchanged: outcome.unchanged, deleted: outcome.deleted)
    }
}
