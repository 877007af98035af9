import FeedsCommand

Feeds.runMain()
