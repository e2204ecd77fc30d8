import BriefingCore
import BriefingSite
import Foundation

/// The site being previewed: rebuilds it into the served folder and remembers how the last build went.
///
/// A failed build leaves the folder as it was (the last good site) and records the errors, which
/// pages then show in an overlay. Rebuilds are serialized by the caller (the watcher).
public final class PreviewSite: @unchecked Sendable {
    /// What open pages need to know: which build they show and whether the latest one failed.
    public struct Status: Equatable, Sendable {
        /// Counts successful builds that changed the output; a page showing an older one reloads.
        public var generation: Int
        /// The failed build's diagnostics, printed like the compiler's (empty when the build succeeded).
        public var errors: [String]
        /// The path part of `base_url` (`/venezuela/`), under which pages may also be requested.
        public var basePath: String
    }

    /// What one rebuild did, for the console.
    public struct Outcome: Sendable {
        public var status: Status
        public var written: Int
        public var removed: Int
        public var warnings: [Diagnostic]
        public var seconds: Double
        /// The site's pages, and how many of them the rebuild changed (and wrote).
        public var pages = 0
        public var pagesChanged = 0
        /// The edit touched only briefings' words and was patched in (`SiteBuilder.patch`), not rebuilt.
        public var patched = false
    }

    let options: BuildOptions
    let folder: PreviewFolder
    /// How many pages the last successful build made.
    private var pageCount = 0
    /// Whether a build was made: the server may be running from then on.
    private var built = false
    /// What the last successful build left for patching an edit to briefings' words; nil after a
    /// failed one, so that the next build reports every error still there.
    private var state: BuildState?
    private let lock = NSLock()
    private var _status = Status(generation: 0, errors: [], basePath: "/")

    public init(options: BuildOptions, servedFolder: URL) throws {
        self.options = options
        self.folder = try PreviewFolder(root: servedFolder)
    }

    public var status: Status { lock.withLock { _status } }

    /// Runs the pipeline and updates the served folder with the files whose bytes changed.
    /// `changed` lists the absolute paths of the source files added, modified or removed since the last
    /// rebuild, when the caller knows them (the watcher); nil means unknown, and rebuilds everything.
    /// `pagesWritten`, when a patch applies, gets the new status as soon as the edited pages are on disk,
    /// before the feeds, so that open pages can reload at once.
    @discardableResult
    public func rebuild(changed: Set<String>? = nil, pagesWritten: ((Status) -> Void)? = nil) -> Outcome {
        let start = DispatchTime.now()
        if let state, let changed, let patch = SiteBuilder.patch(state, changed: changed) {
            return apply(patch, warnings: state.warnings, since: start, pagesWritten: pagesWritten)
        }
        // The first build writes its pages into the folder as they render, as `build` does, instead of
        // holding them all (at L, gigabytes) until it ends: nothing is served before it ends. Only into
        // an empty folder, so that removing what a failed one wrote removes nothing else.
        let staging = built || !folder.isEmpty ? nil : Staging.preview(folder.root)
        built = true
        let generation = SiteBuilder.generate(options, served: folder.served, staging: staging)
        state = generation.state
        let (files, graph, diagnostics) = (generation.files, generation.graph, generation.diagnostics)
        var status = self.status
        var written = 0, removed = 0, pagesChanged = 0
        if diagnostics.hasErrors {
            if staging != nil { folder.clear() }
            status.errors = Diagnostics(diagnostics.errors).sorted.map(\.description)
        } else {
            do {
                let change = try folder.update(with: files)
                written = change.written.count
                removed = change.removed.count
                pagesChanged = change.written.count { $0.hasSuffix(".html") }
                pageCount = files.count { $0.path.hasSuffix(".html") }
                if !change.isEmpty || status.generation == 0 { status.generation += 1 }
                status.errors = []
                if let graph { status.basePath = SitePath.basePath(of: graph.config.baseURL) }
            } catch {
                state = nil
                status.errors = [updateFailure(error)]
            }
        }
        lock.withLock { _status = status }
        return Outcome(
            status: status, written: written, removed: removed, warnings: diagnostics.warnings, seconds: Self.seconds(since: start),
            pages: diagnostics.hasErrors ? 0 : pageCount, pagesChanged: pagesChanged)
    }

    /// Writes a patch's pages, then the files that follow from them.
    private func apply(
        _ patch: Patch, warnings: [Diagnostic], since start: DispatchTime, pagesWritten: ((Status) -> Void)?
    ) -> Outcome {
        var status = self.status
        var written = 0, pagesChanged = 0
        do {
            written = try folder.update(changing: patch.pages).written.count
            pagesChanged = written
            if written > 0 {
                status.generation += 1
                lock.withLock { _status = status }
                pagesWritten?(status)
            }
            let rest = patch.rest()
            let pages = written
            written += try folder.update(changing: rest).written.count
            if pages == 0 && written > 0 { status.generation += 1 }
        } catch {
            state = nil
            status.errors = [updateFailure(error)]
        }
        lock.withLock { _status = status }
        return Outcome(
            status: status, written: written, removed: 0, warnings: warnings, seconds: Self.seconds(since: start), pages: pageCount,
            pagesChanged: pagesChanged, patched: true)
    }

    /// The error shown in the browser when the served folder could not be written.
    private func updateFailure(_ error: any Error) -> String {
        "\(folder.root.path): error: cannot update the preview folder: \(error.localizedDescription)"
    }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
