import Foundation
import Hummingbird

/// Serves the preview folder: MIME types, strong ETags with `If-None-Match`, single byte ranges,
/// HEAD, `index.html` for folders and the site's `404.html` with status 404.
///
/// Every file is read whole from one open descriptor, and the folder is only ever changed by renaming
/// complete files into place, so each response is one complete version of the file.
struct SiteFileResponder<Context: RequestContext>: RouterMiddleware {
    let site: PreviewSite
    let cache = ServedFileCache()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path.hasPrefix("/__briefing/") { return try await next(request, context) }
        guard request.method == .get || request.method == .head else {
            return Self.plain(.methodNotAllowed, "method not allowed\n", extra: [.allow: "GET, HEAD"])
        }
        let status = site.status
        let path: RequestPath
        switch RequestPath.parse(request.uri.path) {
        case .success(let parsed): path = parsed
        case .failure: return Self.plain(.badRequest, "bad request path\n")
        }
        switch resolve(path, basePath: status.basePath) {
        case .file(let url, let relative):
            return serve(url, relative: relative, status: .ok, request: request, site: status)
        case .redirect(let location):
            return Response(status: .movedPermanently, headers: [.location: location, .contentLength: "0"])
        case .forbidden:
            return Self.plain(.forbidden, "forbidden\n")
        case .notFound:
            let notFound = site.folder.root.appendingPathComponent("404.html")
            if FileManager.default.fileExists(atPath: notFound.path) {
                return serve(notFound, relative: "404.html", status: .notFound, request: request, site: status)
            }
            if !status.errors.isEmpty { return Self.firstBuildFailed(status) }
            return Self.plain(.notFound, "not found\n")
        }
    }

    /// What to show before any build has succeeded: the errors, and the script that reloads once
    /// they are fixed.
    static func firstBuildFailed(_ status: PreviewSite.Status) -> Response {
        let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Build failed</title></head>\n<body></body>\n</html>\n"
        let bytes = PageInjection.inject(into: Array(page.utf8), status: status)
        return Response(
            status: .internalServerError,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store", .contentLength: String(bytes.count)],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    enum Resolution {
        case file(URL, relative: String)
        case redirect(String)
        case forbidden
        case notFound
    }

    /// Maps the request to a regular file inside the folder, following no symlink out of it.
    func resolve(_ path: RequestPath, basePath: String) -> Resolution {
        var segments = path.segments
        // Pages may be asked for under base_url's path, as on the real host.
        let base = basePath.split(separator: "/").map(String.init)
        if !base.isEmpty, segments.starts(with: base) { segments.removeFirst(base.count) }
        // Hidden files (the output marker, temporary files being renamed in) are not part of the site.
        if segments.contains(where: { $0.hasPrefix(".") }) { return .notFound }
        let root = site.folder.root
        var url = segments.reduce(root) { $0.appendingPathComponent($1) }
        var relative = segments.joined(separator: "/")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return .notFound }
        if isDirectory.boolValue {
            guard path.isFolder || segments.isEmpty else {
                return .redirect("/" + (path.segments + [""]).map(Self.encodeSegment).joined(separator: "/"))
            }
            url = url.appendingPathComponent("index.html")
            relative = relative.isEmpty ? "index.html" : relative + "/index.html"
        }
        guard let real = Self.realPath(url), let realRoot = Self.realPath(root) else { return .notFound }
        guard real.hasPrefix(realRoot + "/") else { return .forbidden }
        var status = stat()
        guard stat(real, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return .notFound }
        return .file(URL(fileURLWithPath: real), relative: relative)
    }

    func serve(_ url: URL, relative: String, status: HTTPResponse.Status, request: Request, site: PreviewSite.Status) -> Response {
        let ext = (relative as NSString).pathExtension.lowercased()
        let isHTML = ext == "html" || ext == "htm"
        let prepared = cache.bytes(at: url.path, status: site) { raw in
            isHTML ? PageInjection.inject(into: raw, status: site) : raw
        }
        guard let (bytes, eTag) = prepared else { return Self.plain(.notFound, "not found\n") }
        var headers: HTTPFields = [:]
        headers[.contentType] = Self.mediaType(forExtension: ext)
        headers[.eTag] = eTag
        headers[.acceptRanges] = "bytes"
        // The preview changes under the browser: always revalidate (cheap, thanks to the ETag).
        headers[.cacheControl] = "no-cache"
        if status == .ok, let match = request.headers[.ifNoneMatch],
            match == "*" || match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == headers[.eTag] })
        {
            headers[.contentLength] = "0"
            return Response(status: .notModified, headers: headers)
        }
        var statusCode = status
        var body = bytes[...]
        if status == .ok, let rangeHeader = request.headers[.range],
            request.headers[.ifRange] == nil || request.headers[.ifRange] == headers[.eTag]
        {
            switch ByteRange.parse(rangeHeader, length: bytes.count) {
            case .whole:
                break
            case .unsatisfiable:
                return Response(status: .rangeNotSatisfiable, headers: [.contentRange: "bytes */\(bytes.count)", .contentLength: "0"])
            case .range(let range):
                statusCode = .partialContent
                body = bytes[range]
                headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(bytes.count)"
            }
        }
        headers[.contentLength] = String(body.count)
        if request.method == .head { return Response(status: statusCode, headers: headers, body: ResponseBody()) }
        return Response(status: statusCode, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String, extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8", .contentLength: String(text.utf8.count)]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func mediaType(forExtension ext: String) -> String {
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "xml": return "application/xml"
        case "ics": return "text/calendar; charset=utf-8"
        case "txt": return "text/plain; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "webmanifest": return "application/manifest+json"
        default: return MediaType.getMediaType(forExtension: ext)?.description ?? "application/octet-stream"
        }
    }

    static func encodeSegment(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? segment
    }

    static func realPath(_ url: URL) -> String? {
        guard let resolved = realpath(url.path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// A single `bytes=` range; several ranges, or a unit other than bytes, get the whole file (allowed
/// by RFC 9110).
enum ByteRange: Equatable {
    case whole
    case range(ClosedRange<Int>)
    case unsatisfiable

    static func parse(_ header: String, length: Int) -> ByteRange {
        guard header.hasPrefix("bytes=") else { return .whole }
        let spec = header.dropFirst("bytes=".count)
        if spec.contains(",") { return .whole }
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard parts.count == 2 else { return .unsatisfiable }
        if parts[0].isEmpty {
            guard let suffix = Int(parts[1]), suffix > 0, length > 0 else { return .unsatisfiable }
            return .range(max(0, length - suffix)...(length - 1))
        }
        guard let start = Int(parts[0]), start >= 0, start < length else { return .unsatisfiable }
        if parts[1].isEmpty { return .range(start...(length - 1)) }
        guard let end = Int(parts[1]), end >= start else { return .unsatisfiable }
        return .range(start...min(end, length - 1))
    }
}
