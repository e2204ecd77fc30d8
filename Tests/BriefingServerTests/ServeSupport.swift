import BriefingServer
import BriefingSite
import BriefingTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting

#if canImport(Glibc)
import Glibc
#endif

/// Fixture sites, preview applications and a raw HTTP client for the server tests.
enum ServeSupport {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let packageRoot = testsFolder.deletingLastPathComponent()
    static let builtInTheme = packageRoot.appendingPathComponent("Templates")

    /// A new empty folder, removed when the tests end (see `TemporaryFolders`).
    static func temporaryFolder(_ label: String) -> URL {
        TemporaryFolders.folder(label)
    }

    /// A copy of `Tests/Fixtures/<name>` that a test may edit.
    static func site(_ name: String = "serve-basic") throws -> URL {
        let site = temporaryFolder("serve-site").appendingPathComponent("site")
        try FileManager.default.copyItem(at: testsFolder.appendingPathComponent("Fixtures/\(name)"), to: site)
        return site
    }

    static func options(site: URL, theme: URL = builtInTheme) -> PreviewOptions {
        var build = BuildOptions(siteFolder: site, outputFolder: site.deletingLastPathComponent().appendingPathComponent("unused"))
        build.themeFolder = theme
        var options = PreviewOptions(build: build, servedFolder: site.deletingLastPathComponent().appendingPathComponent("served"))
        options.host = "127.0.0.1"
        options.port = 0
        options.pollInterval = .milliseconds(50)
        options.quietPeriod = .milliseconds(50)
        return options
    }

    static func write(_ text: String, to site: URL, _ path: String) throws {
        let url = site.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Like an editor's atomic save: a new file renamed over the old one.
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    static func edit(_ site: URL, _ path: String, _ change: (String) -> String) throws {
        let url = site.appendingPathComponent(path)
        try write(change(try String(contentsOf: url, encoding: .utf8)), to: site, path)
    }

    /// Polls `condition` until it holds or `timeout` passes; returns whether it held.
    static func eventually(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }
}

/// Sends bytes exactly as given (no client-side path normalization) and reads what comes back.
enum RawHTTP {
    struct Reply {
        var status: Int
        var text: String
    }

    /// One request; reads until the server closes or `until` appears in the reply. Runs on its own
    /// thread: blocking socket calls must not hold the threads the server's handlers run on.
    static func send(port: Int, _ request: String, until marker: String? = nil, timeout: Double = 30) async throws -> Reply {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try blockingSend(port: port, request, until: marker, timeout: timeout) })
            }
            thread.start()
        }
    }

    /// A blocking TCP socket connected to 127.0.0.1:`port`, whose reads give up after `timeout` seconds.
    static func connect(port: Int, timeout: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
        var timeoutValue = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeoutValue, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    static func blockingSend(port: Int, _ request: String, until marker: String?, timeout: Double) throws -> Reply {
        let fd = try connect(port: port, timeout: Int(timeout))
        defer { close(fd) }
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[0..<count]
            if let marker, String(decoding: received, as: UTF8.self).contains(marker) { break }
        }
        let text = String(decoding: received, as: UTF8.self)
        let statusLine = text.split(separator: "\r\n", maxSplits: 1).first ?? ""
        let status = statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return Reply(status: status, text: text)
    }

    static func get(port: Int, _ target: String, host: String = "127.0.0.1") async throws -> Reply {
        try await send(port: port, "GET \(target) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
    }
}
