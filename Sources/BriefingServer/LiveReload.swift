import BriefingCore
import BriefingSite
import Foundation
import Hummingbird
import ServiceLifecycle

/// Tells open pages about each rebuild through Server-Sent Events.
///
/// Every subscriber first gets the current status, then one event per change; the page's script
/// reloads when the generation moves on and shows the errors in an overlay while a build fails.
final class LiveReload: @unchecked Sendable {
    static let eventsPath = "/__briefing/events"

    private let lock = NSLock()
    private var subscribers: [UUID: AsyncStream<String>.Continuation] = [:]
    private var latest: PreviewSite.Status?

    /// A stream of SSE messages, starting with the current status; ends when `finishAll` is called.
    func subscribe() -> AsyncStream<String> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(8))
        continuation.onTermination = { [weak self] _ in
            self?.lock.withLock { _ = self?.subscribers.removeValue(forKey: id) }
        }
        lock.withLock {
            subscribers[id] = continuation
            if let latest { continuation.yield(Self.message(latest)) }
        }
        return stream
    }

    var subscriberCount: Int { lock.withLock { subscribers.count } }

    func publish(_ status: PreviewSite.Status) {
        lock.withLock {
            guard status != latest else { return }
            latest = status
            for continuation in subscribers.values { continuation.yield(Self.message(status)) }
        }
    }

    /// A comment line that keeps proxies from timing out and lets a closed connection be noticed.
    func heartbeat() {
        lock.withLock {
            for continuation in subscribers.values { continuation.yield(": ping\n\n") }
        }
    }

    func finishAll() {
        let all = lock.withLock {
            let all = Array(subscribers.values)
            subscribers.removeAll()
            return all
        }
        for continuation in all { continuation.finish() }
    }

    static func message(_ status: PreviewSite.Status) -> String {
        "data: \(json(status))\n\n"
    }

    static func json(_ status: PreviewSite.Status) -> String {
        JSONValue.object([
            "generation": .int(status.generation), "errors": .array(status.errors.map { .string($0) }),
        ]).serialized()
    }
}

extension LiveReload {
    /// The `text/event-stream` response of one subscriber; ends when the client goes or the server stops.
    func response() -> Response {
        let stream = subscribe()
        let headers: HTTPFields = [
            .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store", .connection: "keep-alive",
        ]
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                // Ask the browser to retry quickly after the preview restarts.
                try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
                for await message in stream.cancelOnGracefulShutdown() {
                    try await writer.write(ByteBuffer(string: message))
                }
                try await writer.finish(nil)
            })
    }
}
