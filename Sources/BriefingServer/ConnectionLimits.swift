import Foundation
import Hummingbird

#if canImport(Glibc)
import Glibc
#endif

/// What keeps many or hostile connections from starving the preview (see `Benchmarks/serve-connections.sh`).
enum ConnectionLimits {
    /// The HTTP/1 server's idle timeout, in nanoseconds (`buildApplication` passes it to Hummingbird).
    ///
    /// Hummingbird counts only complete request parts as activity, so a connection that sends its
    /// header a byte at a time (slowloris) is closed `idleTimeout` after it opened, and a keep-alive
    /// connection `idleTimeout` after its last response was handed over for sending — also when the client
    /// has not read it yet (a client that reads a page a byte a second, or pipelines requests and never
    /// reads). A response the server is still producing, such as live reload's event stream, is not cut.
    static func idleNanoseconds(_ idleTimeout: Duration) -> Int64 {
        let (seconds, attoseconds) = idleTimeout.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// Raises this process's soft limit on open descriptors towards its hard limit (at most `ceiling`).
    ///
    /// Shells commonly start programs with a soft limit of 1,024. Every connection holds a descriptor,
    /// and serving a page opens its file, so at about a thousand open connections the server could not
    /// open pages and answered 404 for pages that exist. Returns the soft limit in force afterwards.
    @discardableResult
    static func raiseDescriptorLimit(ceiling: UInt64 = 65_536) -> UInt64 {
        var limit = rlimit()
        guard getrlimit(resourceNoFile, &limit) == 0 else { return 0 }
        let wanted = min(UInt64(limit.rlim_max), ceiling)
        if UInt64(limit.rlim_cur) < wanted {
            var raised = limit
            raised.rlim_cur = rlim_t(wanted)
            if setrlimit(resourceNoFile, &raised) == 0 { return wanted }
        }
        return UInt64(limit.rlim_cur)
    }

    #if os(Linux)
    private static let resourceNoFile = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    private static let resourceNoFile = RLIMIT_NOFILE
    #endif
}
