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
        /// Pages and item partials the templates ran for, and those kept from the last build.
        public var render: RenderMemo.Stats
    }

    let options: BuildOptions
    let folder: PreviewFolder
    /// The last build's rendered pages, so a rebuild runs templates only where inputs changed.
    let memo = RenderMemo()
    private let lock = NSLock()
    private var _status = Status(generation: 0, errors: [], basePath: "/")

    public init(options: BuildOptions, servedFolder: URL) throws {
        self.options = options
        self.folder = try PreviewFolder(root: servedFolder)
    }

    public var status: Status { lock.withLock { _status } }

    /// Runs the pipeline and updates the served folder with the files whose bytes changed.
    @discardableResult
    public func rebuild() -> Outcome {
        let start = DispatchTime.now()
        let generation = SiteBuilder.generate(options, memo: memo)
        let (files, graph, diagnostics) = (generation.files, generation.graph, generation.diagnostics)
        var status = self.status
        var written = 0, removed = 0
        if diagnostics.hasErrors {
            status.errors = Diagnostics(diagnostics.errors).sorted.map(\.description)
        } else {
            do {
                let change = try folder.update(with: files)
                written = change.written.count
                removed = change.removed.count
                if !change.isEmpty || status.generation == 0 { status.generation += 1 }
                status.errors = []
                if let graph { status.basePath = Self.basePath(of: graph.config.baseURL) }
            } catch {
                status.errors = ["\(folder.root.path): error: cannot update the preview folder: \(error.localizedDescription)"]
            }
        }
        lock.withLock { _status = status }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return Outcome(status: status, written: written, removed: removed, warnings: diagnostics.warnings, seconds: seconds,
            render: diagnostics.hasErrors ? RenderMemo.Stats() : memo.stats)
    }

    static func basePath(of baseURL: String) -> String {
        guard let url = URL(string: baseURL), !url.path.isEmpty else { return "/" }
        return url.path.hasSuffix("/") ? url.path : url.path + "/"
    }
}
