import BriefingCore
import Foundation

/// What to build and where.
public struct BuildOptions: Sendable {
    public var siteFolder: URL
    public var outputFolder: URL
    public var includeDrafts: Bool = false
    public var force: Bool = false
    /// Overrides `base_url` from `site.yml` (`briefing publish --base-url`).
    public var baseURL: String?
    /// The built-in theme; nil looks it up (`Theme.builtInFolder()`).
    public var themeFolder: URL?
    /// Theme stylesheets and scripts renamed by content (`publish`): with a staging folder, every file is
    /// written there as published; without one, `AssetFingerprints.apply` is left to the caller.
    var fingerprintAssets = false

    public init(siteFolder: URL, outputFolder: URL) {
        self.siteFolder = siteFolder
        self.outputFolder = outputFolder
    }
}

/// What a successful build did.
public struct BuildReport: Sendable {
    public var pages: Int
    public var files: Int
    public var seconds: Double
    public var warnings: [Diagnostic]
    /// Seconds per stage, in pipeline order (`briefing build --timings`).
    public var timings: [(stage: String, seconds: Double)] = []
}

/// What `SiteBuilder.generate` produced.
public struct Generation {
    public var files: [OutputFile] = []
    public var graph: SiteGraph?
    public var diagnostics = Diagnostics([])
    /// Seconds per stage, in pipeline order.
    public var timings: [(stage: String, seconds: Double)] = []
    /// What a successful build for `serve` keeps for `SiteBuilder.patch`.
    public var state: BuildState?
}

/// The pipeline: load → parse → link → render → write. Each stage adds to one list of diagnostics; the
/// build stops before writing if any is an error, so the previous output stays as it was.
public enum SiteBuilder {
    /// Builds the graph and the files without writing them (shared by build, check and serve).
    public static func generate(_ options: BuildOptions) -> (files: [OutputFile], graph: SiteGraph?, diagnostics: Diagnostics) {
        let generation = generate(options, served: nil)
        return (generation.files, generation.graph, generation.diagnostics)
    }

    /// Builds the graph and the files. With `staging`, pages are written into it as they are rendered
    /// (see `PageRenderer.render`). With `served` (`serve`), files whose bytes are served already are
    /// kept only as their sizes, and the result keeps a `BuildState` for patching the next edit.
    public static func generate(_ options: BuildOptions, served: ServedFiles? = nil, staging: Staging? = nil) -> Generation {
        var result = Generation()
        var clock = DispatchTime.now()
        func lap(_ stage: String) {
            let now = DispatchTime.now()
            result.timings.append((stage, Double(now.uptimeNanoseconds - clock.uptimeNanoseconds) / 1e9))
            clock = now
        }
        var diagnostics: [Diagnostic] = []
        func finished() -> Generation {
            result.diagnostics = Diagnostics(diagnostics)
            return result
        }
        let loader = ContentLoader(siteFolder: options.siteFolder, includeDrafts: options.includeDrafts)
        let theme = Theme.load(
            builtIn: options.themeFolder ?? Theme.builtInFolder(), siteFolder: loader.siteFolder, diagnostics: &diagnostics)
        if options.fingerprintAssets, let staging { staging.publishing = AssetFingerprints(theme: theme.assets) }
        let (loaded, loadDiagnostics) = loader.load()
        diagnostics += loadDiagnostics
        lap("load")
        guard var content = loaded else { return finished() }
        if let baseURL = options.baseURL { content.config.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/" }
        let parsed = MarkdownParser.parse(content, diagnostics: &diagnostics)
        lap("parse")
        let graph = ReferenceResolver.link(parsed, diagnostics: &diagnostics)
        // Not needed any more: freed beside rendering rather than on this thread (and not kept to the
        // end, which would raise the peak memory).
        BackgroundRelease.release(content, parsed)
        result.graph = graph
        lap("link")
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return finished() }
        let renderer = PageRenderer(graph: graph, theme: theme)
        // Every item's fragment (`Fragments`): Markdown to HTML, and the item partials.
        lap("items")
        // The feeds, calendar and timeline data do not depend on the pages: built on another thread while
        // the pages render, so that their serial parts overlap with page work instead of idling a core.
        // With `staging`, they are written there as soon as they are built, like the pages, so that
        // only the sitemap is left when the last page is done.
        let pending = Pending {
            let exports = SiteExports(
                graph: graph, renderedBodies: renderer.fragments.briefingBodies, renderedEvents: renderer.fragments.eventHTML)
            let documents = exports.documents()
            return (exports, staging.map { $0.keep(documents) } ?? served.map { $0.keep(documents) } ?? documents)
        }
        var files = renderer.render(diagnostics: &diagnostics, staging: staging, served: served)
        for path in graph.media {
            files.append(OutputFile(path: "media/\(path)", copying: loader.contentFolder.appendingPathComponent("media/\(path)")))
        }
        lap("render")
        let (exports, documents) = pending.value
        staging?.reportFailures(&diagnostics)
        let exported = exports.files(pages: files, documents: documents)
        files += served?.keep(exported) ?? exported
        lap("export")
        result.files = files
        if served != nil, !diagnostics.contains(where: { $0.severity == .error }) {
            result.state = BuildState(
                loader: loader, theme: theme, renderer: renderer, exports: exports,
                warnings: diagnostics.filter { $0.severity == .warning })
        } else {
            BackgroundRelease.releaseAtEnd(renderer, exports)
        }
        return finished()
    }

    /// Builds the site into the output folder: pages go into a staging folder as they are rendered,
    /// which replaces the output only when the whole build succeeded.
    public static func build(_ options: BuildOptions) -> Result<BuildReport, Diagnostics> {
        let start = DispatchTime.now()
        let writer = OutputWriter(output: options.outputFolder, siteFolder: options.siteFolder, force: options.force)
        // A refused or uncreatable output folder: build in memory, so content errors are reported too.
        let staging = try? writer.stage()
        let generation = generate(options, staging: staging)
        let files = generation.files
        var diagnostics = generation.diagnostics
        guard !diagnostics.hasErrors else {
            staging?.discard()
            return .failure(diagnostics)
        }
        let writeStart = DispatchTime.now()
        do {
            if let staging { try writer.write(files, into: staging) } else { try writer.write(files) }
        } catch {
            diagnostics.append(error)
            return .failure(diagnostics)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let pages = files.filter { $0.path.hasSuffix(".html") }.count
        let write = Double(DispatchTime.now().uptimeNanoseconds - writeStart.uptimeNanoseconds) / 1e9
        let report = BuildReport(
            pages: pages, files: files.count, seconds: seconds, warnings: diagnostics.warnings,
            timings: generation.timings + [("write", write)])
        BackgroundRelease.releaseAtEnd(generation, files)
        return .success(report)
    }
}
