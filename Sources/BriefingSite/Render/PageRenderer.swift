import BriefingCore
import BriefingMarkdown
import Foundation

/// One file of the generated site.
public struct OutputFile: Sendable {
    /// Relative to the output folder, `/`-separated, never starting with `/` or containing `..`.
    public var path: String
    public var contents: Contents

    public enum Contents: Sendable {
        case bytes([UInt8])
        case copy(URL)
        /// Already in place: written to the staging folder (`build` and `publish` write pages as they
        /// are rendered), or in `serve` served with these bytes already (`ServedFiles`). The digest is
        /// kept where it is needed: for `publish`'s manifest, and for `serve`'s folder.
        case stored(size: Int, digest: ContentDigest? = nil)
    }

    public init(path: String, text: String) {
        self.path = path
        self.contents = .bytes(Array(text.utf8))
    }

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.contents = .bytes(bytes)
    }

    public init(path: String, contents: Contents) {
        self.path = path
        self.contents = contents
    }

    public init(path: String, copying source: URL) {
        self.path = path
        self.contents = .copy(source)
    }
}

/// The render stage: every page of the URL layout, from the graph and the theme.
///
/// A class: each page's context closure, and each sort's comparator reading `graph`, captured a copy
/// of a struct of a dozen references (a retain and release of each, per page and per comparison).
public final class PageRenderer {
    let graph: SiteGraph
    let theme: Theme
    let fragments: Fragments
    /// The path part of `base_url` ("/venezuela/"), used where a page cannot know its depth (404).
    let basePath: String

    public convenience init(graph: SiteGraph, theme: Theme) {
        self.init(graph: graph, theme: theme, fragments: Fragments(graph: graph, theme: theme))
    }

    init(graph: SiteGraph, theme: Theme, fragments: Fragments) {
        self.graph = graph
        self.theme = theme
        self.fragments = fragments
        self.basePath = SitePath.basePath(of: graph.config.baseURL)
    }

    /// The timeline's filter lists, rendered for each timeline page (`filtersHTML` in its context).
    static let timelineFilters = "partials/timeline-filters"

    /// One page to render: where it goes, with which template, and how to build its context.
    struct PageJob {
        let path: String
        let template: String
        let context: () -> TemplateObject
    }

    /// Every page of the site, contexts built only when rendered (so memory holds a few at a time).
    func jobs() -> [PageJob] {
        var jobs: [PageJob] = []
        jobs.append(homeJob)
        jobs.append(PageJob(path: "briefings/index.html", template: "briefings", context: briefingsIndex))
        for b in graph.briefingsNewestFirst { jobs.append(briefingJob(b)) }
        let timeline = TimelineBuilder(graph: graph, fragments: fragments)
        let facets = TimelineBuilder.FacetIndex(timeline.facets(), events: graph.events.count)
        for page in timeline.pages(facets) {
            jobs.append(PageJob(path: page.path, template: "timeline") { [theme] in
                // Each page's filter lists are its own (see `TimelineBuilder.filters`), included as HTML.
                var context = page.context
                let filters: TemplateObject = [.filters: context[.filters] ?? .objects([]), .root: .string(SitePath.rootMarker)]
                context[.filtersHTML] = .string(theme.render(Self.timelineFilters, filters) ?? "")
                return context
            })
        }
        for (rank, e) in graph.chronology.enumerated() {
            jobs.append(PageJob(path: "events/\(graph.events[e].id)/index.html", template: "event") { [self] in eventPage(e, rank: rank) })
        }
        jobs.append(PageJob(path: "profiles/index.html", template: "profiles", context: profilesIndex))
        for p in graph.profiles.indices {
            jobs.append(PageJob(path: "profiles/\(graph.profiles[p].id)/index.html", template: "profile") { [self] in profilePage(p) })
        }
        jobs.append(PageJob(path: "tags/index.html", template: "tags", context: tagsIndex))
        for slug in graph.tags.keys.sorted() {
            jobs.append(PageJob(path: "tags/\(slug)/index.html", template: "tag") { [self] in tagPage(slug) })
        }
        jobs.append(PageJob(path: "404.html", template: "404") { [self] in page(title: "Page not found", kind: "notfound") })
        return jobs
    }

    var homeJob: PageJob { PageJob(path: "index.html", template: "home", context: home) }

    func briefingJob(_ b: Int) -> PageJob {
        PageJob(path: "briefings/\(graph.briefings[b].id)/index.html", template: "briefing") { [self] in briefingPage(b) }
    }

    /// The template context of `job`'s page, with the root marker and structured data.
    func context(of job: PageJob, _ structuredData: StructuredData) -> TemplateObject {
        var context = job.context()
        context[.root] = .string(SitePath.rootMarker)
        structuredData.annotate(&context, path: job.path)
        return context
    }

    /// The page's bytes, links made relative to its folder; nil when the theme lacks its template.
    func html(of job: PageJob, _ context: TemplateObject) -> [UInt8]? {
        theme.withRenderedBytes(job.template, context) { Self.resolveRoot($0, for: job.path, basePath: basePath) }
    }

    /// Renders all pages on every core; a template the theme lacks is reported once per template.
    /// With `staging`, each page is written there as soon as it is rendered and kept only as its size,
    /// so memory holds a few pages at a time however large the site. With `served` (`serve`), a page
    /// whose bytes are those already served is kept only as its size, and only changed pages stay.
    public func render(diagnostics: inout [Diagnostic], staging: Staging? = nil, served: ServedFiles? = nil) -> [OutputFile] {
        let jobs = jobs()
        let structuredData = StructuredData(graph: graph)
        let results: [(contents: OutputFile.Contents?, problem: Diagnostic?)] =
            // Handed out one by one: pages differ in size a hundredfold, and the largest come together
            // (the tag pages are last); in chunks, the last chunk left one core rendering alone.
            Parallel.map(count: jobs.count, chunks: jobs.count) { index in
                let job = jobs[index]
                guard let html = html(of: job, context(of: job, structuredData)) else { return (nil, nil) }
                guard let staging else { return (served?.contents(job.path, html) ?? .bytes(html), nil) }
                do throws(Diagnostic) {
                    return (try staging.keep(job.path, html), nil)
                } catch {
                    return (nil, error)
                }
            }
        // Pages that could not be written are reported by the staging folder (`reportFailures`), with the
        // other files it could not write.
        var missing: Set<String> = []
        for partial in [Fragments.itemPartials.event, Fragments.itemPartials.briefing, Fragments.itemPartials.profile, Self.timelineFilters]
        where !theme.library.hasTemplate(named: partial) {
            missing.insert(partial)
            diagnostics.append(Diagnostic(file: "Templates/\(partial).mustache", message: "the theme has no '\(partial)' template"))
        }
        var files: [OutputFile] = []
        files.reserveCapacity(jobs.count + theme.assets.count)
        for (job, result) in zip(jobs, results) where result.problem == nil {
            guard let contents = result.contents else {
                if missing.insert(job.template).inserted {
                    diagnostics.append(Diagnostic(file: "Templates/\(job.template).mustache", message: "the theme has no '\(job.template)' template"))
                }
                continue
            }
            files.append(OutputFile(path: job.path, contents: contents))
        }
        for (relative, url) in theme.assets.sorted(by: { $0.key < $1.key }) {
            files.append(OutputFile(path: relative, copying: url))
        }
        return files
    }

    /// The page's UTF-8 bytes with the root marker replaced by its relative way back to the site root.
    static func resolveRoot(_ html: UnsafeBufferPointer<UInt8>, for path: String, basePath: String) -> [UInt8] {
        let root: String
        if path == "404.html" {
            root = basePath  // served at any depth, so only an absolute path works
        } else {
            let depth = path.utf8.filter { $0 == UInt8(ascii: "/") }.count
            root = depth == 0 ? "./" : String(repeating: "../", count: depth)
        }
        return HTML.replacing(SitePath.rootMarker.utf8.first!, in: html, with: root)
    }

    // MARK: - Context

    func page(title: String, kind: String, description: String? = nil) -> TemplateObject {
        fragments.pageContext.page(title: title, kind: kind, description: description)
    }
}

/// What every page's template gets: the site, the page and the navigation. The site's values and the
/// navigation of each section are built once (in `Fragments`) and shared by every page.
struct PageRendererContext {
    static let sections = [
        ("Home", "", "home"), ("Briefings", "briefings/", "briefings"), ("Timeline", "timeline/", "timeline"),
        ("Profiles", "profiles/", "profiles"),
    ]
    let site: TemplateValue
    let siteDescription: String
    /// The navigation with the page's section marked, by page kind; `otherNavigation` for other kinds.
    let navigation: [String: TemplateValue]
    let otherNavigation: TemplateValue

    init(config: SiteConfig) {
        site = .object([
            .title: .string(config.title), .description: .string(config.description), .language: .string(config.language),
            .baseURL: .string(config.baseURL),
        ])
        siteDescription = config.description
        func nav(current kind: String) -> TemplateValue {
            .objects(Self.sections.map { [.title: .string($0.0), .url: .string($0.1), .current: .bool($0.2 == kind)] })
        }
        navigation = Dictionary(uniqueKeysWithValues: Self.sections.map { ($0.2, nav(current: $0.2)) })
        otherNavigation = nav(current: "")
    }

    func page(title: String, kind: String, description: String? = nil) -> TemplateObject {
        // Every page adds its own fields, then the root marker and the structured data: room for all
        // of them at once (growing three fields to a dozen moved them three times).
        var context = TemplateObject(capacity: Self.pageFields)
        context[.site] = site
        context[.page] = .object([
            .title: .string(title), .kind: .string(kind), .isHome: .bool(kind == "home"),
            .description: .string(description ?? siteDescription),
        ])
        context[.nav] = navigation[kind] ?? otherNavigation
        return context
    }

    /// Fields a page context has at most in the built-in pages (the timeline's year pages).
    static let pageFields = 20
}
