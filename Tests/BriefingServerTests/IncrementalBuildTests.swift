import BriefingServer
import BriefingSite
import Foundation
import Testing

/// After each kind of edit, the preview's folder, updated in place, equals a full build byte for byte.
@Suite struct IncrementalBuildTests {
    struct Edit: CustomTestStringConvertible, Sendable {
        var name: String
        /// Applied before the first build.
        var prepare: @Sendable (_ site: URL, _ theme: URL) throws -> Void = { _, _ in }
        /// Applied between the first build and the incremental one.
        var apply: @Sendable (_ site: URL, _ theme: URL) throws -> Void
        var testDescription: String { name }
    }

    static let benOde = "---\nname: Ben Ode\nkind: person\nrole: Aide\naffiliations: [capital-city]\n---\nBen Ode is an aide.\n"

    static let edits: [Edit] = [
        Edit(name: "edit briefing") { site, _ in
            try ServeSupport.edit(site, "Content/briefings/2026-01-10-first-talks.md") {
                $0.replacingOccurrences(of: "Original briefing text.", with: "A new paragraph.\n\nAnd another.")
            }
        },
        Edit(name: "edit event file") { site, _ in
            try ServeSupport.edit(site, "Content/events/2026.yml") {
                $0.replacingOccurrences(of: "Envoys meet in Capital City", with: "Envoys meet again") + """

                    - id: second-meeting
                      date: 2026-01-12
                      title: A second meeting
                      people: [ana-ruiz]
                      tags: [talks]
                      importance: 1

                    """
            }
        },
        Edit(name: "edit profile") { site, _ in
            try ServeSupport.edit(site, "Content/profiles/ana-ruiz.md") {
                $0.replacingOccurrences(of: "role: \"Envoy\"", with: "role: \"Special envoy\"")
            }
        },
        Edit(name: "add profile") { site, _ in
            try ServeSupport.write(benOde, to: site, "Content/profiles/ben-ode.md")
        },
        Edit(
            name: "delete profile",
            prepare: { site, _ in try ServeSupport.write(benOde, to: site, "Content/profiles/ben-ode.md") },
            apply: { site, _ in try FileManager.default.removeItem(at: site.appendingPathComponent("Content/profiles/ben-ode.md")) }
        ),
        Edit(name: "edit template") { _, theme in
            try ServeSupport.edit(theme, "layout.mustache") { $0.replacingOccurrences(of: "</body>", with: "<p>edited theme</p></body>") }
        },
        Edit(name: "edit stylesheet") { _, theme in
            try ServeSupport.edit(theme, "assets/style.css") { $0 + "\n.edited { color: red; }\n" }
        },
        // Copied files are read again only when their size or change time differs from the last read.
        Edit(
            name: "edit media file, same size",
            prepare: { site, _ in try ServeSupport.write("version 1\n", to: site, "Content/media/map.txt") },
            // Rewritten in place: the same file, the same size, a new change time.
            apply: { site, _ in try Data("version 2\n".utf8).write(to: site.appendingPathComponent("Content/media/map.txt")) }
        ),
    ]

    @Test(arguments: edits)
    func incrementalEqualsFullBuild(_ edit: Edit) async throws {
        let site = try ServeSupport.site()
        let theme = site.deletingLastPathComponent().appendingPathComponent("theme")
        try FileManager.default.copyItem(at: ServeSupport.builtInTheme, to: theme)
        try edit.prepare(site, theme)
        let options = ServeSupport.options(site: site, theme: theme)
        let preview = try PreviewSite(options: options.build, servedFolder: options.servedFolder)
        let first = preview.rebuild()
        #expect(first.status.errors == [])
        try edit.apply(site, theme)
        let second = preview.rebuild()
        #expect(second.status.errors == [])
        #expect(second.status.generation == 2)

        try Self.expectEqualToFullBuild(site: site, theme: theme, served: options.servedFolder)
        #expect(second.written + second.removed > 0)
        #expect(second.written + second.removed < first.written, "only changed files are rewritten")
        #expect(first.pagesChanged == first.pages && first.pages > 10)
        let servedPages = FileManager.default.enumerator(atPath: options.servedFolder.path)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".html") }
        #expect(second.pages == servedPages?.count)
        if edit.name == "edit stylesheet" || edit.name.hasPrefix("edit media") {
            #expect(second.pagesChanged == 0, "an asset is copied; no page shows its bytes")
        } else {
            #expect(second.pagesChanged > 0, "the pages that show the edit change")
        }
        if edit.name != "edit template" {
            #expect(second.pagesChanged < second.pages, "pages that do not show the edit are left as they are")
        }
    }

    /// Only the pages that show an edit are written again: each page is compared with the one served.
    @Test func rebuildWritesOnlyTheDependentPages() async throws {
        let site = try ServeSupport.site()
        let theme = site.deletingLastPathComponent().appendingPathComponent("theme")
        try FileManager.default.copyItem(at: ServeSupport.builtInTheme, to: theme)
        let options = ServeSupport.options(site: site, theme: theme)
        let preview = try PreviewSite(options: options.build, servedFolder: options.servedFolder)
        let first = preview.rebuild()
        let pages = first.pages
        #expect(first.pagesChanged == pages && first.written > pages)

        // Nothing changed: nothing written.
        let idle = preview.rebuild()
        #expect(idle.pages == pages && idle.pagesChanged == 0)
        #expect(idle.written + idle.removed == 0)

        // A template used by event pages only: exactly the event pages.
        let events = try FileManager.default.contentsOfDirectory(atPath: options.servedFolder.appendingPathComponent("events").path)
            .filter { !$0.hasPrefix(".") && $0 != "index.html" }
        try ServeSupport.edit(theme, "event.mustache") { $0.replacingOccurrences(of: "</article>", with: "</article><!-- edited -->") }
        let template = preview.rebuild()
        #expect(template.status.errors == [])
        #expect(template.pagesChanged == events.count && template.written == events.count)

        // Words in a briefing's body: its page, and the pages that show its body (home if latest).
        try ServeSupport.edit(site, "Content/briefings/2026-01-10-first-talks.md") {
            $0.replacingOccurrences(of: "Original briefing text.", with: "Original briefing text, edited.")
        }
        let body = preview.rebuild()
        #expect(body.status.errors == [])
        #expect(body.pagesChanged >= 1 && body.pagesChanged <= 3, "changed \(body.pagesChanged) of \(pages)")
    }

    /// A rebuild compares each file with the one served as soon as it is made, and holds as bytes only
    /// the files whose bytes differ (so `serve` keeps an edit's few pages in memory, not the site).
    @Test func aRebuildHoldsOnlyTheFilesThatChanged() throws {
        let site = try ServeSupport.site()
        let options = ServeSupport.options(site: site).build
        func held(_ generation: Generation) -> [String: [UInt8]] {
            var bytes: [String: [UInt8]] = [:]
            for file in generation.files { if case .bytes(let contents) = file.contents { bytes[file.path] = contents } }
            return bytes
        }
        let first = held(SiteBuilder.generate(options, served: ServedFiles()))
        #expect(first.count > 10 && first.keys.contains("index.html") && first.keys.contains("feed.xml"))
        let served = ServedFiles(first.mapValues(ContentDigest.init))

        let again = SiteBuilder.generate(options, served: served)
        #expect(again.diagnostics.isEmpty && held(again).isEmpty, "\(held(again).keys.sorted())")

        try ServeSupport.edit(site, PatchEdit.first) {
            $0.replacingOccurrences(of: "Original briefing text.", with: "Original briefing text, edited.")
        }
        let edited = SiteBuilder.generate(options, served: served)
        let changed = held(SiteBuilder.generate(options, served: ServedFiles())).filter { first[$0.key] != $0.value }
        #expect(!changed.isEmpty)
        #expect(held(edited).keys.sorted() == changed.keys.sorted())
        #expect(held(edited) == changed, "the bytes held are the new ones")
        for file in edited.files where changed[file.path] == nil && first[file.path] != nil {
            guard case .stored(let size, _) = file.contents else {
                Issue.record("\(file.path) is held although it did not change")
                continue
            }
            #expect(size == first[file.path]?.count)
        }
    }

    /// The first build writes its pages as they render, straight into the folder; one that fails after
    /// writing some (here, at the pages of a template the theme lacks) leaves the folder empty.
    @Test func aFailedFirstBuildLeavesNothingAndTheNextOneEverything() throws {
        let site = try ServeSupport.site()
        let theme = site.deletingLastPathComponent().appendingPathComponent("theme")
        try FileManager.default.copyItem(at: ServeSupport.builtInTheme, to: theme)
        let event = theme.appendingPathComponent("event.mustache")
        let eventTemplate = try Data(contentsOf: event)
        try FileManager.default.removeItem(at: event)
        let options = ServeSupport.options(site: site, theme: theme)
        let preview = try PreviewSite(options: options.build, servedFolder: options.servedFolder)
        let failed = preview.rebuild()
        #expect(failed.status.errors.contains { $0.contains("the theme has no 'event' template") }, "\(failed.status.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: options.servedFolder.path) == [])

        try eventTemplate.write(to: event)
        let fixed = preview.rebuild()
        #expect(fixed.status.errors == [] && fixed.status.generation == 1)
        try Self.expectEqualToFullBuild(site: site, theme: theme, served: options.servedFolder)
        #expect(fixed.written == (try Self.tree(options.servedFolder)).count)
    }

    /// A served folder that holds something already is written the careful way from the first build on,
    /// so a failed first build removes nothing that was there.
    @Test func aFailedFirstBuildKeepsWhatTheFolderHeld() throws {
        let site = try ServeSupport.site()
        let theme = site.deletingLastPathComponent().appendingPathComponent("theme")
        try FileManager.default.copyItem(at: ServeSupport.builtInTheme, to: theme)
        try FileManager.default.removeItem(at: theme.appendingPathComponent("event.mustache"))
        let options = ServeSupport.options(site: site, theme: theme)
        try FileManager.default.createDirectory(at: options.servedFolder, withIntermediateDirectories: true)
        let kept = options.servedFolder.appendingPathComponent(".kept")
        try Data("mine\n".utf8).write(to: kept)
        let preview = try PreviewSite(options: options.build, servedFolder: options.servedFolder)
        #expect(!preview.rebuild().status.errors.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: options.servedFolder.path) == [".kept"])
    }

    /// An edit the watcher reports with the files it changed: patched in when it touches only
    /// briefings' words (`SiteBuilder.patch`), else rebuilt; either way equal to a full build.
    struct PatchEdit: CustomTestStringConvertible, Sendable {
        var name: String
        var patched: Bool
        /// Site-relative paths of the files the edit changes.
        var files: [String] = [Self.first]
        var apply: @Sendable (_ site: URL) throws -> Void
        var testDescription: String { name }

        static let first = "Content/briefings/2026-01-10-first-talks.md"
        static let older = "Content/briefings/2026-01-05-early-word.md"
    }

    /// An older briefing without a summary (its first paragraph is one), mentioning a profile by name.
    static let earlyWord = """
        ---
        title: "Early word of talks"
        date: 2026-01-05
        tags: [talks]
        ---
        Word spread that Ana Ruiz would travel to the capital.

        Nothing was confirmed that week.

        - A list item.
        """

    static let patchEdits: [PatchEdit] = [
        PatchEdit(name: "words of the latest briefing", patched: true) { site in
            try ServeSupport.edit(site, PatchEdit.first) { $0.replacingOccurrences(of: "Original briefing text.", with: "New *words*.\n\n## A heading\n\nMore.") }
        },
        PatchEdit(name: "words after an older briefing's first paragraph", patched: true, files: [PatchEdit.older]) { site in
            try ServeSupport.edit(site, PatchEdit.older) { $0.replacingOccurrences(of: "Nothing was confirmed", with: "Nothing at all was confirmed") }
        },
        PatchEdit(name: "words around a linked mention", patched: true, files: [PatchEdit.older]) { site in
            try ServeSupport.edit(site, PatchEdit.older) { $0 + "\nLater, Ana Ruiz said little.\n" }
        },
        PatchEdit(name: "two briefings at once", patched: true, files: [PatchEdit.first, PatchEdit.older]) { site in
            try ServeSupport.edit(site, PatchEdit.first) { $0 + "\nA closing line.\n" }
            try ServeSupport.edit(site, PatchEdit.older) { $0 + "\nAnother closing line.\n" }
        },
        PatchEdit(name: "first paragraph of a briefing without a summary", patched: false, files: [PatchEdit.older]) { site in
            try ServeSupport.edit(site, PatchEdit.older) { $0.replacingOccurrences(of: "Word spread", with: "Rumour spread") }
        },
        PatchEdit(name: "links to a profile and an event the briefing already names", patched: true) { site in
            try ServeSupport.edit(site, PatchEdit.first) { $0 + "\nSee [the envoy](profile:ana-ruiz) and [the meeting](event:first-meeting).\n" }
        },
        PatchEdit(name: "a link to a profile new to the briefing", patched: false, files: [PatchEdit.older]) { site in
            try ServeSupport.edit(site, PatchEdit.older) { $0 + "\nSee [the city](profile:capital-city).\n" }
        },
        PatchEdit(name: "a link to an event new to the briefing", patched: false, files: [PatchEdit.older]) { site in
            try ServeSupport.edit(site, PatchEdit.older) { $0 + "\nSee [the meeting](event:first-meeting).\n" }
        },
        PatchEdit(name: "a plain-text mention of a profile new to the briefing", patched: false, files: [PatchEdit.older]) { site in
            try ServeSupport.edit(site, PatchEdit.older) { $0 + "\nCapital City was quiet.\n" }
        },
        PatchEdit(name: "the title in the front matter", patched: false) { site in
            try ServeSupport.edit(site, PatchEdit.first) { $0.replacingOccurrences(of: "First talks in the capital", with: "First talks") }
        },
        PatchEdit(name: "a briefing's words and an event file", patched: false, files: [PatchEdit.first, "Content/events/2026.yml"]) { site in
            try ServeSupport.edit(site, PatchEdit.first) { $0 + "\nA closing line.\n" }
            try ServeSupport.edit(site, "Content/events/2026.yml") { $0.replacingOccurrences(of: "Envoys meet in", with: "Envoys gather in") }
        },
        PatchEdit(name: "a briefing replaced by a symbolic link", patched: false) { site in
            let file = site.appendingPathComponent(PatchEdit.first)
            let elsewhere = site.appendingPathComponent("Content/first-talks.txt")
            try FileManager.default.moveItem(at: file, to: elsewhere)
            try (try String(contentsOf: elsewhere, encoding: .utf8) + "\nA closing line.\n").write(to: elsewhere, atomically: true, encoding: .utf8)
            try FileManager.default.createSymbolicLink(at: file, withDestinationURL: elsewhere)
        },
        PatchEdit(name: "a new briefing", patched: false, files: ["Content/briefings/2026-01-12-later.md"]) { site in
            try ServeSupport.write("---\ntitle: Later\ndate: 2026-01-12\n---\nLater text.\n", to: site, "Content/briefings/2026-01-12-later.md")
        },
    ]

    @Test(arguments: patchEdits)
    func patchEqualsFullBuild(_ edit: PatchEdit) async throws {
        let site = try ServeSupport.site()
        try ServeSupport.edit(site, "Content/site.yml") { $0.replacingOccurrences(of: "autolink_mentions: false", with: "autolink_mentions: true") }
        try ServeSupport.write(Self.earlyWord, to: site, PatchEdit.older)
        let options = ServeSupport.options(site: site)
        let preview = try PreviewSite(options: options.build, servedFolder: options.servedFolder)
        let first = preview.rebuild()
        #expect(first.status.errors == [])
        try edit.apply(site)
        let feed = options.servedFolder.appendingPathComponent("feed.xml")
        let oldFeed = try Data(contentsOf: feed)
        var early: [(generation: Int, feedWasOld: Bool)] = []
        let second = preview.rebuild(changed: Set(edit.files.map { site.appendingPathComponent($0).path })) { status in
            early.append((status.generation, (try? Data(contentsOf: feed)) == oldFeed))
        }
        #expect(second.status.errors == [])
        #expect(second.patched == edit.patched)
        #expect(second.status.generation == 2)
        if edit.patched {
            #expect(second.pagesChanged <= 3 && second.written <= 6, "\(second.pagesChanged) \(second.written)")
            // Open pages hear of the new generation once its pages are written, before the feeds.
            #expect(early.count == 1 && early.first?.generation == 2 && early.first?.feedWasOld == true, "\(early)")
        } else {
            #expect(early.isEmpty)
        }
        try Self.expectEqualToFullBuild(site: site, theme: ServeSupport.builtInTheme, served: options.servedFolder)
    }

    /// Patches in a row, a broken link (reported, nothing patched), its fix, and a revert.
    @Test func patchesInARowThenAnErrorThenAFix() async throws {
        let site = try ServeSupport.site()
        let options = ServeSupport.options(site: site)
        let preview = try PreviewSite(options: options.build, servedFolder: options.servedFolder)
        let changed: Set<String> = [site.appendingPathComponent(PatchEdit.first).path]
        let original = try String(contentsOf: site.appendingPathComponent(PatchEdit.first), encoding: .utf8)
        #expect(preview.rebuild().status.errors == [])
        for n in 1...3 {
            try ServeSupport.edit(site, PatchEdit.first) { $0 + "\nEdit number \(n).\n" }
            let outcome = preview.rebuild(changed: changed)
            #expect(outcome.patched && outcome.status.errors == [])
            try Self.expectEqualToFullBuild(site: site, theme: ServeSupport.builtInTheme, served: options.servedFolder)
        }
        try ServeSupport.edit(site, PatchEdit.first) { $0 + "\nA [broken](profile:nobody) link.\n" }
        let broken = preview.rebuild(changed: changed)
        #expect(!broken.patched)
        #expect(broken.status.errors.count == 1 && broken.status.errors[0].contains("unknown profile 'nobody'"), "\(broken.status.errors)")
        try ServeSupport.write(original, to: site, PatchEdit.first)
        let fixed = preview.rebuild(changed: changed)
        #expect(!fixed.patched, "after a failed build, the next one is full")
        #expect(fixed.status.errors == [])
        try Self.expectEqualToFullBuild(site: site, theme: ServeSupport.builtInTheme, served: options.servedFolder)
        try ServeSupport.edit(site, PatchEdit.first) { $0 + "\nOne more.\n" }
        #expect(preview.rebuild(changed: changed).patched)
        try ServeSupport.write(original, to: site, PatchEdit.first)
        #expect(preview.rebuild(changed: changed).patched)
        try Self.expectEqualToFullBuild(site: site, theme: ServeSupport.builtInTheme, served: options.servedFolder)
    }

    /// Builds `site` in full into a folder of its own and expects `served` to hold the same files.
    static func expectEqualToFullBuild(site: URL, theme: URL, served: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        var full = BuildOptions(siteFolder: site, outputFolder: site.deletingLastPathComponent().appendingPathComponent("full-\(UUID().uuidString)"))
        full.themeFolder = theme
        guard case .success = SiteBuilder.build(full) else {
            Issue.record("full build failed", sourceLocation: sourceLocation)
            return
        }
        let servedTree = try tree(served)
        let built = try tree(full.outputFolder)
        #expect(servedTree.keys.sorted() == built.keys.sorted(), sourceLocation: sourceLocation)
        for (path, bytes) in built where servedTree[path] != bytes {
            Issue.record("\(path) differs from the full build", sourceLocation: sourceLocation)
        }
    }

    /// Every file under `folder` except hidden ones (the output marker), path → bytes.
    static func tree(_ folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            result[relative] = try Data(contentsOf: url)
        }
        return result
    }
}
