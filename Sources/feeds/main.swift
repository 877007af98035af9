import FeedsCommand

await Feeds.runMain()
