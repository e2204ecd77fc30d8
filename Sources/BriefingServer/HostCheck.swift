import Hummingbird

/// Refuses requests whose `Host` is a DNS name other than localhost or the bound host, so a page on
/// another site cannot reach the preview by rebinding its own name to 127.0.0.1.
///
/// IP literals are accepted: rebinding needs a name the attacker controls.
struct HostCheck<Context: RequestContext>: RouterMiddleware {
    let boundHost: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let host = request.head.authority else { return try await next(request, context) }
        guard Self.isAllowed(host, boundHost: boundHost) else {
            let text = "host '\(host)' not allowed; open the preview at localhost or 127.0.0.1\n"
            return Response(
                status: .forbidden,
                headers: [.contentType: "text/plain; charset=utf-8", .contentLength: String(text.utf8.count)],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        return try await next(request, context)
    }

    static func isAllowed(_ hostHeader: String, boundHost: String) -> Bool {
        let name = hostName(hostHeader).lowercased()
        if name == "localhost" || name == boundHost.lowercased() { return true }
        if name.hasPrefix("[") && name.hasSuffix("]") { return true }  // IPv6 literal
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in UInt8(part) != nil }
    }

    /// The host without its port; IPv6 literals keep their brackets.
    static func hostName(_ header: String) -> String {
        if header.hasPrefix("[") {
            guard let close = header.firstIndex(of: "]") else { return header }
            return String(header[...close])
        }
        if let colon = header.lastIndex(of: ":") { return String(header[..<colon]) }
        return header
    }
}
