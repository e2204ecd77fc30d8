import BriefingCore
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `briefing check --external`: asks every http(s) source and profile link whether it still answers,
/// a few at a time and each with a timeout, and warns where it was written when it does not.
public struct ExternalLinkChecker: Sendable {
    /// Requests in flight at once.
    public var concurrency = 8
    /// Seconds before a request is given up.
    public var timeout: TimeInterval = 10

    public init() {}

    /// Each distinct URL with every place it was written, sorted by URL.
    static func targets(_ graph: SiteGraph) -> [(url: String, locations: [SourceLocation])] {
        var places: [String: [SourceLocation]] = [:]
        let links = graph.events.flatMap(\.sources) + graph.profiles.flatMap(\.links)
        for link in links where ["http", "https"].contains(HTML.scheme(of: link.url) ?? "") {
            places[link.url, default: []].append(link.location)
        }
        return places.keys.sorted().map { ($0, places[$0]!.sorted()) }
    }

    /// Loads, parses and links the site, then checks its external links; content errors come back as they are.
    public func check(_ options: BuildOptions) async -> [Diagnostic] {
        let (_, graph, diagnostics) = SiteBuilder.generate(options)
        guard let graph, !diagnostics.hasErrors else { return diagnostics.errors }
        return await check(Self.targets(graph))
    }

    func check(_ targets: [(url: String, locations: [SourceLocation])]) async -> [Diagnostic] {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: configuration)
        var problems: [Int: String] = [:]
        await withTaskGroup(of: (Int, String?).self) { group in
            var next = 0
            func startNext() {
                guard next < targets.count else { return }
                let index = next, url = targets[index].url
                next += 1
                group.addTask { (index, await Self.problem(with: url, session: session)) }
            }
            for _ in 0..<max(1, concurrency) { startNext() }
            for await (index, problem) in group {
                if let problem { problems[index] = problem }
                startNext()
            }
        }
        session.finishTasksAndInvalidate()
        return problems.keys.sorted().flatMap { index in
            targets[index].locations.map { Diagnostic.warning("link \(targets[index].url) \(problems[index]!)", at: $0) }
        }
    }

    /// Why the URL fails, or nil when it answers with a success or a redirect. HEAD first; GET when
    /// a server refuses HEAD.
    static func problem(with url: String, session: URLSession) async -> String? {
        guard let target = URL(string: url) else { return "is not a valid URL" }
        var status = 0
        for method in ["HEAD", "GET"] {
            var request = URLRequest(url: target)
            request.httpMethod = method
            request.setValue("Briefing link checker", forHTTPHeaderField: "User-Agent")
            do {
                let (_, response) = try await session.data(for: request)
                status = (response as? HTTPURLResponse)?.statusCode ?? 0
            } catch {
                return "could not be reached: \(error.localizedDescription)"
            }
            if ![403, 405, 501].contains(status) { break }
        }
        return status >= 400 ? "answered HTTP \(status)" : nil
    }
}
