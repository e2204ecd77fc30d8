import BriefingSite
import Foundation
import Hummingbird
import Logging

/// How to run the preview.
public struct PreviewOptions: Sendable {
    /// The site and build flags; `outputFolder` is not used (the preview writes to `servedFolder`).
    public var build: BuildOptions
    public var host = "127.0.0.1"
    public var port = 8080
    /// Where the served copy of the site lives; created if missing, owned by the preview.
    public var servedFolder: URL
    /// How often sources are checked for changes where file events (Linux inotify) are not available.
    public var pollInterval: Duration = .milliseconds(100)
    /// How long sources must stay unchanged before a rebuild starts when polling, or while a file is
    /// still being written (coalesces bursts of saves).
    public var quietPeriod: Duration = .milliseconds(150)
    /// How long after the last file event (Linux inotify) a rebuild starts: a save's events come within
    /// microseconds of each other, and this is long enough to take a burst (`git checkout`) in one rebuild.
    public var eventSettle: Duration = .milliseconds(5)
    /// How long a connection may go without completing a request part before it is closed (see `ConnectionLimits`).
    public var idleTimeout: Duration = .seconds(30)
    /// Called after every rebuild, first one included.
    public var report: @Sendable (PreviewSite.Outcome) -> Void = { _ in }

    public init(build: BuildOptions, servedFolder: URL) {
        self.build = build
        self.servedFolder = servedFolder
    }

    /// A new folder under the system's temporary folder.
    public static func temporaryServedFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("briefing-serve-\(UUID().uuidString)")
    }

    /// The folders a change in which calls for a rebuild.
    var watchedFolders: [URL] {
        var folders = [
            build.siteFolder.appendingPathComponent("Content"), build.siteFolder.appendingPathComponent("Templates"),
        ]
        if let theme = build.themeFolder ?? Theme.builtInFolder(), !folders.contains(theme) { folders.append(theme) }
        return folders
    }
}

/// Builds the site once into the served folder and returns the preview application: the site's
/// files with live reload, a watcher that rebuilds on change, and the Host check.
///
/// A build that fails, first one included, does not stop the server: pages show its errors.
public func buildApplication(
    _ options: PreviewOptions, onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    ConnectionLimits.raiseDescriptorLimit()
    let site = try PreviewSite(options: options.build, servedFolder: options.servedFolder)
    let live = LiveReload()
    let watcher = SiteWatcher(
        folders: options.watchedFolders, site: site, live: live, interval: options.pollInterval,
        quiet: options.quietPeriod, settle: options.eventSettle, report: options.report)
    let first = site.rebuild()
    live.publish(first.status)
    options.report(first)

    let router = Router()
    router.add(middleware: HostCheck(boundHost: options.host))
    router.add(middleware: SiteFileResponder(site: site))
    router.get(RouterPath(LiveReload.eventsPath)) { _, _ -> Response in
        live.response()
    }
    return Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .nanoseconds(ConnectionLimits.idleNanoseconds(options.idleTimeout)))),
        configuration: .init(address: .hostname(options.host, port: options.port), serverName: "briefing"),
        services: [watcher],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? options.port) },
        logger: {
            var logger = Logger(label: "briefing-serve")
            logger.logLevel = .warning
            return logger
        }()
    )
}
