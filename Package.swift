// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "feeds",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "feeds", targets: ["feeds"]),
        .library(name: "FeedParser", targets: ["FeedParser"]),
        .library(name: "FeedModel", targets: ["FeedModel"]),
        .library(name: "Provenance", targets: ["Provenance"]),
        .library(name: "Fetcher", targets: ["Fetcher"]),
        .library(name: "Store", targets: ["Store"]),
        // Not for users: the safety oracle the tests and Benchmarks/fuzz.sh share.
        .library(name: "SafetyOracle", targets: ["SafetyOracle"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // C libraries: the only places that see C headers.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CPSL",
            pkgConfig: "libpsl",
            providers: [.apt(["libpsl-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),

        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),

        // PostgreSQL's client library: the store when several machines share it (`store: postgresql://…`).
        .systemLibrary(
            name: "CPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),

        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),

        // Plain Sendable values shared by every stage of the pipeline.
        .target(name: "FeedModel"),

        // Bytes → ParsedFeed: RSS, RDF, Atom (libxml2 SAX push parser) and JSON Feed.
        .target(
            name: "FeedParser",
            dependencies: ["FeedModel", "CLibXML2"]
        ),

        // Parsed items → where they came from, whose they are, who carried them.
        // Pure: no I/O beyond reading the Public Suffix List.
        .target(
            name: "Provenance",
            dependencies: ["FeedModel", "CPSL", "CPCRE2"]
        ),

        // Requests → responses over HTTP(S): libcurl multi, conditional GET, limits.
        .target(
            name: "Fetcher",
            dependencies: ["CCurl"]
        ),

        // feeds.yml: the feed list and settings, with errors that name file, line and key.
        .target(
            name: "FeedsConfig",
            dependencies: ["FeedModel", .product(name: "Yams", package: "Yams")]
        ),

        // Items, provenance and feed state: the store protocol and its SQLite backend.
        .target(
            name: "Store",
            dependencies: ["FeedModel", "Provenance", "CZstd", "CPQ", .product(name: "GRDB", package: "GRDB.swift")]
        ),

        // Removal requests: the ledger, the purge, and the rules sync applies.
        .target(
            name: "Removals",
            dependencies: ["FeedModel", "Provenance", "Store"]
        ),

        // fetch → parse → provenance → rules → store, for the feeds that are due.
        .target(
            name: "Sync",
            dependencies: [
                "FeedModel", "FeedParser", "Provenance", "Fetcher", "Removals", "Store", "FeedsConfig", "Verify",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Provenance checked against the web: article pages read with libxml2's HTML
        // parser (head, JSON-LD, article text), robots.txt, and the text check.
        .target(
            name: "Verify",
            dependencies: ["FeedModel", "Provenance", "Fetcher", "Store", "CLibXML2"]
        ),

        // The JSON feeds writes: an ordered value type written as bytes, and the
        // normalized documents of docs/feed-json.md (parse, check, publish's feed.json).
        .target(
            name: "FeedDocuments",
            dependencies: ["FeedModel", "FeedParser"]
        ),

        // The store's newest items → a static site (Atom, RSS, JSON Feed, HTML pages)
        // with every item's attribution, never a removed one.
        .target(
            name: "Publish",
            dependencies: [
                "FeedModel", "FeedParser", "FeedDocuments", "FeedsConfig", "Provenance", "Removals", "Store",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Templates")]
        ),

        // The command line: argument parsing, output formats, exit statuses.
        .target(
            name: "FeedsCommand",
            dependencies: [
                "FeedModel",
                "FeedParser",
                "FeedDocuments",
                "Provenance",
                "Fetcher",
                "FeedsConfig",
                "Store",
                "Removals",
                "Sync",
                "Publish",
                "Verify",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "feeds", dependencies: ["FeedsCommand"]),

        // What may never leave feeds, read independently of the code that enforces it.
        .target(name: "SafetyOracle", dependencies: ["FeedModel"], path: "Tests/Support/SafetyOracle"),
        .testTarget(
            name: "FeedParserTests",
            dependencies: ["FeedParser", "FeedModel", "Provenance", "SafetyOracle"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ProvenanceTests",
            dependencies: ["Provenance", "FeedModel", "FeedParser"]
        ),
        // Test support: a real HTTP server on 127.0.0.1 for the tests that
        // need one, and zlib for its gzip and deflate bodies.
        .systemLibrary(name: "CZlib", path: "Tests/Support/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "LoopbackHTTP", dependencies: ["CZlib"], path: "Tests/Support/LoopbackHTTP"),
        .testTarget(
            name: "FetcherTests",
            dependencies: ["Fetcher", "LoopbackHTTP"]
        ),
        .testTarget(
            name: "VerifyTests",
            dependencies: ["Verify"]
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", "FeedModel", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "SyncTests",
            dependencies: ["Sync", "FeedModel"]
        ),
        .testTarget(
            name: "FeedsCommandTests",
            dependencies: ["FeedsCommand", "FeedParser", "FeedModel", "Provenance", "Store", "Removals", "LoopbackHTTP"],
            // Read by path, as a user passes a file to the binary.
            exclude: ["Fixtures"]
        ),
    ]
)
