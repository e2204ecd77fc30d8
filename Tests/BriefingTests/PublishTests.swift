import BriefingCore
import Foundation
import Testing

@testable import BriefingSite

/// `briefing publish`: identical bytes for identical input, safe output folders, atomic replacement.
@Suite(.serialized) struct PublishTests {
    static func publish(_ site: URL, into output: URL, dryRun: Bool = false, force: Bool = false) -> Result<PublishReport, Diagnostics> {
        var options = BuildOptions(siteFolder: site, outputFolder: output)
        options.force = force
        return SitePublisher.publish(options, dryRun: dryRun)
    }

    static func message(_ result: Result<PublishReport, Diagnostics>) -> String {
        guard case .failure(let diagnostics) = result else { return "" }
        return diagnostics.description
    }

    @Test func publishingTwiceGivesIdenticalManifestsAndBytes() throws {
        let site = try ExportSupport.copy("export-basic")
        let parent = site.deletingLastPathComponent()
        let first = parent.appendingPathComponent("first"), second = parent.appendingPathComponent("second")
        guard case .success = Self.publish(site, into: first), case .success = Self.publish(site, into: second) else {
            Issue.record("publish failed")
            return
        }
        let manifest1 = try Data(contentsOf: first.appendingPathComponent("manifest.json"))
        let manifest2 = try Data(contentsOf: second.appendingPathComponent("manifest.json"))
        #expect(manifest1 == manifest2)
        #expect(ExportSupport.snapshot(first) == ExportSupport.snapshot(second))
        // Publishing again over the same folder changes nothing.
        guard case .success(let again) = Self.publish(site, into: first) else {
            Issue.record("republish failed")
            return
        }
        #expect(again.added.isEmpty && again.changed.isEmpty && again.removed.isEmpty)
        #expect(try Data(contentsOf: first.appendingPathComponent("manifest.json")) == manifest1)
    }

    @Test func assetsAreFingerprintedAndReferencedByThatName() throws {
        let site = try ExportSupport.copy("export-basic")
        let output = site.deletingLastPathComponent().appendingPathComponent("public")
        guard case .success = Self.publish(site, into: output) else {
            Issue.record("publish failed")
            return
        }
        let files = ExportSupport.snapshot(output)
        let styles = files.keys.filter { $0.hasPrefix("assets/style.") && $0.hasSuffix(".css") }
        #expect(styles.count == 1)
        let style = try #require(styles.first)
        #expect(style.count == "assets/style.0123456789.css".count)
        #expect(String(style.dropFirst("assets/style.".count).prefix(10)) == String(ContentDigest([UInt8](try #require(files[style]))).hex.prefix(10)))
        for (path, data) in files where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            #expect(html.contains(style + "\""), "\(path) does not use \(style)")
            #expect(!html.contains("assets/style.css"), "\(path) still uses assets/style.css")
        }
        let manifest = try #require(Manifest.read(output))
        #expect(manifest.entries[style] != nil && manifest.entries["assets/style.css"] == nil)
        #expect(manifest == Manifest.scan(output).removingMarker())
    }

    /// `publish` writes each page as it renders, rewritten and hashed then; a dry run renders in memory and
    /// rewrites afterwards. Both must publish the same files with the same bytes and the same manifest.
    @Test func pagesWrittenAsTheyRenderMatchTheSiteRenderedInMemory() throws {
        let site = try ExportSupport.copy("export-basic")
        let output = site.deletingLastPathComponent().appendingPathComponent("public")
        guard case .success(let report) = Self.publish(site, into: output) else {
            Issue.record("publish failed")
            return
        }
        var options = BuildOptions(siteFolder: site, outputFolder: output)
        options.fingerprintAssets = true
        let generation = SiteBuilder.generate(options)
        #expect(!generation.diagnostics.hasErrors)
        var inMemory = AssetFingerprints.apply(generation.files)
        var problems: [Diagnostic] = []
        let manifest = Manifest.of(inMemory, diagnostics: &problems)
        #expect(problems.isEmpty)
        inMemory.append(OutputFile(path: Manifest.path, text: manifest.render()))
        var expected: [String: Data] = [OutputWriter.markerName: Data()]
        for file in inMemory {
            switch file.contents {
            case .bytes(let bytes): expected[file.path] = Data(bytes)
            case .copy(let source): expected[file.path] = try Data(contentsOf: source)
            case .stored: Issue.record("\(file.path) was stored by an in-memory render")
            }
        }
        let written = ExportSupport.snapshot(output)
        #expect(written.count == expected.count && report.files == inMemory.count)
        #expect(Set(written.keys) == Set(expected.keys))
        for (path, data) in expected where written[path] != data {
            Issue.record("\(path) differs from the in-memory render")
        }
        #expect(try #require(Manifest.read(output)) == manifest)
        #expect(written.keys.contains { $0.hasPrefix("assets/style.") && $0 != "assets/style.css" })
        // A dry run into a new folder works the same files out, reports each as added, and creates nothing.
        let fresh = site.deletingLastPathComponent().appendingPathComponent("fresh")
        guard case .success(let dry) = Self.publish(site, into: fresh, dryRun: true) else {
            Issue.record("dry run failed")
            return
        }
        #expect(dry.dryRun && dry.files == report.files && dry.changed.isEmpty && dry.removed.isEmpty)
        #expect(Set(dry.added) == Set(manifest.entries.keys))
        let siblings = try FileManager.default.contentsOfDirectory(atPath: site.deletingLastPathComponent().path)
        #expect(!siblings.contains { $0.hasPrefix(".fresh") || $0 == "fresh" }, "\(siblings)")
    }

    /// The one-pass byte rewrite renames exactly what the string replacements it replaced did: a path
    /// after `/` or `"` and before `"`, the longest name first, nothing in text or other names.
    @Test func assetReferencesAreRewrittenInAttributesOnly() {
        let renames = [("assets/data.js", "assets/data.1111111111.js"), ("assets/a.js", "assets/a.2222222222.js"),
            ("assets/style.css", "assets/style.3333333333.css")]
        func rewrite(_ html: String) -> String {
            let bytes = renames.map { (from: Array($0.0.utf8), to: Array($0.1.utf8)) }
            return AssetFingerprints.rewrite(Array(html.utf8), bytes).map { String(decoding: $0, as: UTF8.self) } ?? html
        }
        /// What publishing did before: `replacingOccurrences` for each name, longest first.
        func reference(_ html: String) -> String {
            var html = html
            for (from, to) in renames {
                html = html.replacingOccurrences(of: "/" + from + "\"", with: "/" + to + "\"")
                html = html.replacingOccurrences(of: "\"" + from + "\"", with: "\"" + to + "\"")
            }
            return html
        }
        #expect(rewrite(#"<link href="../assets/style.css"><script src="assets/a.js"></script>"#)
            == #"<link href="../assets/style.3333333333.css"><script src="assets/a.2222222222.js"></script>"#)
        #expect(rewrite(#"<a href="/assets/data.js">assets/a.js and &quot;assets/a.js&quot;</a>"#)
            == #"<a href="/assets/data.1111111111.js">assets/a.js and &quot;assets/a.js&quot;</a>"#)
        #expect(AssetFingerprints.rewrite(Array(#"<p>no "assets/a.jsx" nor "assets/style.css.map" nor assets/a.js"</p>"#.utf8), []) == nil)
        // Pieces put together every way three long, alone and twice in a paragraph (2,662 pages), against the string version.
        let pieces = ["\"", "/", "assets/", "a.js", "data.js", "style.css", "x", "é", "assets/a.js\"", "\"assets/style.css\"", ";"]
        var pages = [""]
        for _ in 0..<3 { pages = pages.flatMap { page in pieces.map { page + $0 } } }
        pages += pages.map { "<p>" + $0 + $0 + "</p>" }
        // One difference, on purpose: where a reference's closing quote opens the next (`"a.js"a.js"`, which
        // no attribute list has), the string version had used the quote up and left the second name.
        #expect(rewrite(#""assets/a.js"assets/a.js""#) == #""assets/a.2222222222.js"assets/a.2222222222.js""#)
        let sharedQuote = try! Regex(#"(\.js|\.css)"assets/"#)
        var compared = 0
        for page in pages where page.firstMatch(of: sharedQuote) == nil {
            #expect(rewrite(page) == reference(page), "\(page)")
            compared += 1
        }
        #expect(compared > 2_000)
    }

    @Test func failedBuildLeavesPublishedFolderByteIdentical() throws {
        let site = try ExportSupport.copy("export-basic")
        let output = site.deletingLastPathComponent().appendingPathComponent("public")
        guard case .success = Self.publish(site, into: output) else {
            Issue.record("first publish failed")
            return
        }
        let before = ExportSupport.snapshot(output)
        let broken = site.appendingPathComponent("Content/briefings/2026-01-10-first-contact.md")
        try "---\ntitle: Broken\ndate: 2026-13-45\n---\nSee [nobody](profile:nobody).\n".write(to: broken, atomically: true, encoding: .utf8)
        let result = Self.publish(site, into: output)
        guard case .failure(let diagnostics) = result else {
            Issue.record("publish of broken content succeeded")
            return
        }
        #expect(diagnostics.description.contains("Content/briefings/2026-01-10-first-contact.md:3"))
        #expect(ExportSupport.snapshot(output) == before)
    }

    @Test func staleFilesDisappearAndDryRunReportsChanges() throws {
        let site = try ExportSupport.copy("export-basic")
        let output = site.deletingLastPathComponent().appendingPathComponent("public")
        guard case .success = Self.publish(site, into: output) else {
            Issue.record("first publish failed")
            return
        }
        try FileManager.default.removeItem(at: site.appendingPathComponent("Content/briefings/2026-01-10-first-contact.md"))
        let talks = site.appendingPathComponent("Content/briefings/2026-01-14-talks-begin.md")
        try String(contentsOf: talks, encoding: .utf8).replacingOccurrences(of: "briefing:first-contact", with: "briefing:later")
            .write(to: talks, atomically: true, encoding: .utf8)
        try "---\ntitle: Later\ndate: 2026-01-20\n---\nLater news.\n".write(
            to: site.appendingPathComponent("Content/briefings/2026-01-20-later.md"), atomically: true, encoding: .utf8)
        let before = ExportSupport.snapshot(output)
        let dryRun = Self.publish(site, into: output, dryRun: true)
        guard case .success(let dry) = dryRun else {
            Issue.record("dry run failed: \(Self.message(dryRun))")
            return
        }
        #expect(dry.dryRun)
        #expect(dry.added.contains("briefings/later/index.html"))
        #expect(dry.removed.contains("briefings/first-contact/index.html"))
        #expect(dry.changed.contains("feed.xml"))
        #expect(ExportSupport.snapshot(output) == before, "a dry run wrote to the output")
        guard case .success = Self.publish(site, into: output) else {
            Issue.record("second publish failed")
            return
        }
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("briefings/first-contact").path))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("briefings/later/index.html").path))
    }

    @Test func aSecondPublishWaitsForTheLock() throws {
        let site = try ExportSupport.copy("export-basic")
        let output = site.deletingLastPathComponent().appendingPathComponent("public")
        guard case .success(let lock) = PublishLock.acquire(for: output.standardizedFileURL) else {
            Issue.record("could not take the lock")
            return
        }
        let result = Self.publish(site, into: output)
        #expect(Self.message(result).contains("another publish into this folder is running"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
        // A dry run only reads, so it does not wait for the lock.
        if case .failure(let diagnostics) = Self.publish(site, into: output, dryRun: true) {
            Issue.record("dry run refused while locked: \(diagnostics)")
        }
        lock.release()
        guard case .success = Self.publish(site, into: output) else {
            Issue.record("publish after the lock was released failed")
            return
        }
    }

    enum Location: String, CaseIterable {
        case siteItself, insideContent, insideTemplates, parentOfSite, root, home, foreignFolder
    }

    @Test(arguments: Location.allCases) func refusedOutputLocations(_ location: Location) throws {
        let site = try ExportSupport.copy("export-basic")
        try FileManager.default.createDirectory(at: site.appendingPathComponent("Templates"), withIntermediateDirectories: true)
        try "keep".write(to: site.appendingPathComponent("Templates/keep.txt"), atomically: true, encoding: .utf8)
        let parent = site.deletingLastPathComponent()
        let output: URL
        let expected: String
        switch location {
        case .siteItself: (output, expected) = (site, "cannot be the site folder itself")
        case .insideContent: (output, expected) = (site.appendingPathComponent("Content/out"), "inside the site's Content/ folder")
        case .insideTemplates: (output, expected) = (site.appendingPathComponent("Templates/out"), "inside the site's Templates/ folder")
        case .parentOfSite: (output, expected) = (parent, "contains the site folder")
        case .root: (output, expected) = (URL(fileURLWithPath: "/"), "refusing to use / as the output folder")
        case .home: (output, expected) = (FileManager.default.homeDirectoryForCurrentUser, "as the output folder")
        case .foreignFolder:
            output = parent.appendingPathComponent("project")
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            try "mine".write(to: output.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
            expected = "is not empty and was not created by briefing"
        }
        let siteBefore = ExportSupport.snapshot(site)
        let outputBefore = location == .root || location == .home ? [:] : ExportSupport.snapshot(output)
        let result = Self.publish(site, into: output)
        #expect(Self.message(result).contains(expected), "\(Self.message(result))")
        #expect(ExportSupport.snapshot(site) == siteBefore)
        if location != .root && location != .home { #expect(ExportSupport.snapshot(output) == outputBefore) }
        // Dry runs are refused the same way.
        #expect(Self.message(Self.publish(site, into: output, dryRun: true)).contains(expected))
    }

    @Test func forceReplacesAForeignFolder() throws {
        let site = try ExportSupport.copy("export-basic")
        let output = site.deletingLastPathComponent().appendingPathComponent("project")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try "old".write(to: output.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        guard case .success = Self.publish(site, into: output, force: true) else {
            Issue.record("forced publish failed")
            return
        }
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("manifest.json").path))
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("notes.txt").path))
    }
}

extension Manifest {
    /// Without the empty output marker, which a folder scan sees but the manifest leaves out.
    func removingMarker() -> Manifest {
        Manifest(entries: sortedEntries.filter { $0.path != OutputWriter.markerName })
    }
}
