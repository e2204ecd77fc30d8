@testable import BriefingServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Slow clients are let go; live reload's long response is not; the descriptor limit is raised.
/// (The load side, 1,000 connections and 500 slow clients, is `Benchmarks/serve-connections.sh`.)
@Suite struct ConnectionLimitTests {
    static func app(idleTimeout: Duration) throws -> some ApplicationProtocol {
        var options = ServeSupport.options(site: try ServeSupport.site())
        options.idleTimeout = idleTimeout
        return try buildApplication(options)
    }

    /// Runs blocking socket code on a thread of its own: it must not hold the (few) threads the
    /// server's handlers run on.
    static func offThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }

    @Test func headerSentAByteAtATimeIsClosed() async throws {
        try await Self.app(idleTimeout: .seconds(1)).test(.live) { client in
            let connection = try RawConnection(port: try #require(client.port))
            let (closed, elapsed) = await Self.offThread {
                let start = ContinuousClock.now
                connection.send("GET / HTTP/1.1\r\n")
                // A byte every 0.2 s: activity, but never a complete header.
                for byte in "Host: 127.0.0.1\r\nX-Slow: \(String(repeating: "a", count: 100))".utf8 {
                    if connection.isClosedByServer || ContinuousClock.now - start > .seconds(15) { break }
                    Thread.sleep(forTimeInterval: 0.2)
                    connection.send([byte])
                }
                return (connection.isClosedByServer, ContinuousClock.now - start)
            }
            #expect(closed, "still open after \(elapsed)")
            #expect(elapsed < .seconds(10))
        }
    }

    @Test func idleKeepAliveConnectionIsClosed() async throws {
        try await Self.app(idleTimeout: .seconds(1)).test(.live) { client in
            let connection = try RawConnection(port: try #require(client.port))
            let (reply, openAfterReply, closedLater) = await Self.offThread {
                connection.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                let reply = connection.read(until: "</html>")
                return (reply, !connection.isClosedByServer, connection.waitForClose(seconds: 10))
            }
            #expect(reply.hasPrefix("HTTP/1.1 200"), "\(reply.prefix(200))")
            #expect(openAfterReply, "a keep-alive connection was closed right after its response")
            #expect(closedLater)
        }
    }

    @Test func liveReloadStreamOutlivesTheIdleTimeout() async throws {
        try await Self.app(idleTimeout: .seconds(1)).test(.live) { client in
            let connection = try RawConnection(port: try #require(client.port))
            let (head, open) = await Self.offThread {
                connection.send("GET \(LiveReload.eventsPath) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                let head = connection.read(until: "data: ")
                Thread.sleep(forTimeInterval: 3)
                return (head, !connection.isClosedByServer)
            }
            #expect(head.contains("text/event-stream"), "\(head.prefix(300))")
            #expect(open, "the event stream was cut")
        }
    }

    @Test(.enabled(if: ConnectionLimitTests.hardDescriptorLimit > 1_024, "the hard limit leaves nothing to raise"))
    func descriptorLimitIsRaised() throws {
        var limit = rlimit()
        #expect(getrlimit(ConnectionLimitTests.noFile, &limit) == 0)
        limit.rlim_cur = 1_024  // a shell's usual default
        #expect(setrlimit(ConnectionLimitTests.noFile, &limit) == 0)
        let raised = ConnectionLimits.raiseDescriptorLimit()
        #expect(getrlimit(ConnectionLimitTests.noFile, &limit) == 0)
        #expect(raised == min(UInt64(limit.rlim_max), 65_536))
        #expect(UInt64(limit.rlim_cur) == raised)
    }

    #if os(Linux)
    static let noFile = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    static let noFile = RLIMIT_NOFILE
    #endif

    static var hardDescriptorLimit: UInt64 {
        var limit = rlimit()
        return getrlimit(noFile, &limit) == 0 ? UInt64(limit.rlim_max) : 0
    }
}

/// A blocking TCP connection to 127.0.0.1 that sends exactly what it is given and can tell whether
/// the server has closed it. Used off the server's threads (`Task.detached`).
final class RawConnection: @unchecked Sendable {
    let fd: Int32

    init(port: Int) throws {
        fd = try RawHTTP.connect(port: port, timeout: 10)
    }

    deinit { close(fd) }

    /// Sends without raising SIGPIPE; a failure shows in `isClosedByServer`.
    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// Reads until `marker` appears, the server closes, or 10 s pass.
    func read(until marker: String) -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !String(decoding: received, as: UTF8.self).contains(marker) {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// True once the server has closed or reset the connection (data still waiting is read and dropped).
    var isClosedByServer: Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count > 0 { continue }
            if count == 0 { return true }
            return errno != EAGAIN && errno != EWOULDBLOCK
        }
    }

    func waitForClose(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if isClosedByServer { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return isClosedByServer
    }
}
