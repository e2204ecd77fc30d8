// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Briefing",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "briefing", targets: ["briefing"]),
        .library(name: "BriefingSite", targets: ["BriefingSite"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // SHA-256 for manifest.json (BoringSSL, with the CPU's SHA instructions); Hummingbird already builds it.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
    ],
    targets: [
        // libcmark from the system (Debian: libcmark-dev). Only BriefingMarkdown imports it.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // libyaml from the system (Debian: libyaml-dev). Only BriefingSite/Load/YAMLReader.swift imports it.
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // mimalloc from the system (Debian: libmimalloc-dev), linked into the executable only: it replaces
        // the C library's malloc for the whole process (see Sources/briefing/Allocator.swift).
        .systemLibrary(
            name: "CMimalloc",
            providers: [.apt(["libmimalloc-dev"])]
        ),
        // Plain values: content model, dates, identifiers, diagnostics.
        .target(name: "BriefingCore"),
        // Markdown: cmark parse into a Swift tree, and the tree's HTML renderer.
        .target(name: "BriefingMarkdown", dependencies: ["CCmark", "BriefingCore"]),
        // The pipeline: load → parse → link → render → write.
        .target(
            name: "BriefingSite",
            dependencies: [
                "BriefingCore", "BriefingMarkdown", "CLibYAML",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // `briefing serve`: file server over the built site, watcher, live reload.
        .target(
            name: "BriefingServer",
            dependencies: [
                "BriefingCore", "BriefingSite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "briefing",
            dependencies: [
                "BriefingSite",
                "BriefingServer",
                .target(name: "CMimalloc", condition: .when(platforms: [.linux])),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        /// What both test targets share: temporary folders that are removed when the tests end.
        .target(name: "BriefingTestSupport", path: "Tests/BriefingTestSupport"),
        .testTarget(
            name: "BriefingTests",
            dependencies: ["BriefingCore", "BriefingMarkdown", "BriefingSite", "BriefingTestSupport"]
        ),
        .testTarget(
            name: "BriefingServerTests",
            dependencies: [
                "BriefingServer", "BriefingSite", "BriefingTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)
