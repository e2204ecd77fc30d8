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
}

/// The pipeline: load → parse → link → render → write. Each stage adds to one list of diagnostics; the
/// build stops before writing if any is an error, so the previous output stays as it was.
public enum SiteBuilder {
    /// Builds the graph and the files without writing them (shared by build, check and serve).
    public static func generate(_ options: BuildOptions) -> (files: [OutputFile], graph: SiteGraph?, diagnostics: Diagnostics) {
        var diagnostics: [Diagnostic] = []
        let loader = ContentLoader(siteFolder: options.siteFolder, includeDrafts: options.includeDrafts)
        let theme = Theme.load(
            builtIn: options.themeFolder ?? Theme.builtInFolder(), siteFolder: loader.siteFolder, diagnostics: &diagnostics)
        let (loaded, loadDiagnostics) = loader.load()
        diagnostics += loadDiagnostics
        guard var content = loaded else { return ([], nil, Diagnostics(diagnostics)) }
        if let baseURL = options.baseURL { content.config.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/" }
        let parsed = MarkdownParser.parse(content, diagnostics: &diagnostics)
        let graph = ReferenceResolver.link(parsed, diagnostics: &diagnostics)
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return ([], graph, Diagnostics(diagnostics)) }
        var files = PageRenderer(graph: graph, theme: theme).render(diagnostics: &diagnostics)
        for path in graph.media {
            files.append(OutputFile(path: "media/\(path)", copying: loader.contentFolder.appendingPathComponent("media/\(path)")))
        }
        files += SiteExports.files(graph: graph, pages: files, diagnostics: &diagnostics)
        return (files, graph, Diagnostics(diagnostics))
    }

    /// Builds the site into the output folder.
    public static func build(_ options: BuildOptions) -> Result<BuildReport, Diagnostics> {
        let start = DispatchTime.now()
        let (files, _, generated) = generate(options)
        var diagnostics = generated
        guard !diagnostics.hasErrors else { return .failure(diagnostics) }
        let writer = OutputWriter(output: options.outputFolder, siteFolder: options.siteFolder, force: options.force)
        do {
            try writer.write(files)
        } catch {
            diagnostics.append(error)
            return .failure(diagnostics)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let pages = files.filter { $0.path.hasSuffix(".html") }.count
        return .success(BuildReport(pages: pages, files: files.count, seconds: seconds, warnings: diagnostics.warnings))
    }
}
