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

        var full = BuildOptions(siteFolder: site, outputFolder: site.deletingLastPathComponent().appendingPathComponent("full"))
        full.themeFolder = theme
        guard case .success = SiteBuilder.build(full) else {
            Issue.record("full build failed")
            return
        }
        let served = try Self.tree(options.servedFolder)
        let built = try Self.tree(full.outputFolder)
        #expect(served.keys.sorted() == built.keys.sorted())
        for (path, bytes) in built where served[path] != bytes {
            Issue.record("\(path) differs from the full build")
        }
        #expect(second.written + second.removed > 0)
        #expect(second.written + second.removed < first.written, "only changed files are rewritten")
        #expect(first.render.pagesReused == 0)
        if edit.name == "edit stylesheet" {
            #expect(second.render.pagesRendered == 0, "an asset is copied; no page shows its bytes")
        } else {
            #expect(second.render.pagesRendered > 0, "the edited file's pages are rendered again")
        }
        if edit.name != "edit template" {
            #expect(second.render.pagesReused > 0, "pages that do not show the edit keep their bytes")
        }
    }

    /// Only what depends on the edit runs through the templates again.
    @Test func rebuildRendersOnlyTheDependentPages() async throws {
        let site = try ServeSupport.site()
        let theme = site.deletingLastPathComponent().appendingPathComponent("theme")
        try FileManager.default.copyItem(at: ServeSupport.builtInTheme, to: theme)
        let options = ServeSupport.options(site: site, theme: theme)
        let preview = try PreviewSite(options: options.build, servedFolder: options.servedFolder)
        let first = preview.rebuild()
        let pages = first.render.pagesRendered
        #expect(first.render.pagesReused == 0 && pages > 10)

        // Nothing changed: nothing rendered, nothing written.
        let idle = preview.rebuild()
        #expect(idle.render.pagesRendered == 0 && idle.render.pagesReused == pages)
        #expect(idle.render.itemsRendered == 0)
        #expect(idle.written + idle.removed == 0)

        // A template used by event pages only: exactly the event pages.
        let events = try FileManager.default.contentsOfDirectory(atPath: options.servedFolder.appendingPathComponent("events").path)
            .filter { !$0.hasPrefix(".") && $0 != "index.html" }
        try ServeSupport.edit(theme, "event.mustache") { $0.replacingOccurrences(of: "</article>", with: "</article><!-- edited -->") }
        let template = preview.rebuild()
        #expect(template.status.errors == [])
        #expect(template.render.pagesRendered == events.count)

        // Words in a briefing's body: its page, and the pages that show its body (home if latest).
        try ServeSupport.edit(site, "Content/briefings/2026-01-10-first-talks.md") {
            $0.replacingOccurrences(of: "Original briefing text.", with: "Original briefing text, edited.")
        }
        let body = preview.rebuild()
        #expect(body.status.errors == [])
        #expect(body.render.pagesRendered >= 1 && body.render.pagesRendered <= 3, "rendered \(body.render.pagesRendered) of \(pages)")
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
