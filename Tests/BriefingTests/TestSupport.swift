import Foundation

/// Paths and helpers shared by the tests: fixture sites, temporary folders, reading output.
enum TestSupport {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let packageRoot = testsFolder.deletingLastPathComponent()
    static let fixtures = testsFolder.appendingPathComponent("Fixtures")
    /// `../shared` beside the checkout, as laid out for developers and CI.
    static let sharedFolder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    static func fixture(_ name: String) -> URL {
        fixtures.appendingPathComponent(name)
    }
}
