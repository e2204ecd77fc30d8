// swift-tools-version:6.0
// libFuzzer targets for Briefing, kept in their own package so the main build never needs the fuzzer runtime.
// Build and run with `make fuzz` (scripts/fuzz.sh).
import PackageDescription

let package = Package(
    name: "BriefingFuzz",
    dependencies: [.package(name: "Briefing", path: "..")],
    targets: [
        .executableTarget(
            name: "BriefingFuzz",
            dependencies: [.product(name: "BriefingSite", package: "Briefing")]
        )
    ]
)
