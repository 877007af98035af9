// swift-tools-version: 6.1
// Benchmarks live in their own package so that `swift build` and CI of the
// main package never compile them.
import PackageDescription

let package = Package(
    name: "feeds-benchmarks",
    dependencies: [
        .package(name: "feeds", path: ".."),
    ],
    targets: [
        // libxml2 on its own, for the raw SAX baseline.
        .systemLibrary(name: "CLibXML2Raw", pkgConfig: "libxml-2.0"),
        .executableTarget(
            name: "ParserBenchmark",
            dependencies: [
                "CLibXML2Raw",
                .product(name: "FeedParser", package: "feeds"),
                .product(name: "Provenance", package: "feeds"),
            ],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])]
        ),
        .executableTarget(
            name: "StoreBenchmark",
            dependencies: [
                .product(name: "Store", package: "feeds"),
                .product(name: "Provenance", package: "feeds"),
                .product(name: "FeedParser", package: "feeds"),
            ]
        ),
        // libFuzzer target for the parser and sanitizer (Benchmarks/fuzz.sh), and its seeds.
        .executableTarget(
            name: "SafetyFuzz",
            dependencies: [
                .product(name: "FeedParser", package: "feeds"),
                .product(name: "Provenance", package: "feeds"),
                .product(name: "SafetyOracle", package: "feeds"),
            ]
        ),
        .executableTarget(
            name: "SafetySeeds",
            dependencies: [.product(name: "SafetyOracle", package: "feeds")]
        ),
        // The short-text copy test, measured (Benchmarks/calibrate-sketch.sh).
        .executableTarget(
            name: "SketchCalibration",
            dependencies: [.product(name: "Provenance", package: "feeds"), .product(name: "FeedModel", package: "feeds")]
        ),
        .executableTarget(
            name: "FetchBenchmark",
            dependencies: [.product(name: "Fetcher", package: "feeds")]
        ),
    ]
)
