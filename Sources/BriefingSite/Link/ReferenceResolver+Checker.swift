import BriefingCore
import BriefingMarkdown

extension ReferenceResolver {
    /// Checks ids against the graph's indexes and rewrites `profile:`, `event:` and `briefing:` links.
    struct Checker {
        /// What a checker looks ids up in, shared by all checkers through one reference. A checker is made
        /// for each event, profile and briefing, on every core: a copy of the whole graph in each retained
        /// and released its thirty lists, from both cores at once.
        final class Lookup: Sendable {
            let profileIndex: [String: Int]
            let eventIndex: [String: Int]
            let briefingIndex: [String: Int]
            let profiles: [Profile]

            init(_ graph: SiteGraph) {
                (profileIndex, eventIndex, briefingIndex, profiles) =
                    (graph.profileIndex, graph.eventIndex, graph.briefingIndex, graph.profiles)
            }
        }

        /// The parts of the graph a checker reads (named so, as call sites read `checker.graph.profiles`).
        let graph: Lookup
        var diagnostics: [Diagnostic] = []
        /// Profiles and events the last resolved tree linked to.
        var linkedProfiles: [Int] = []
        var linkedEvents: [Int] = []

        init(graph: SiteGraph) {
            self.graph = Lookup(graph)
        }

        init(lookup: Lookup) {
            self.graph = lookup
        }

        mutating func profile(_ reference: Reference, mustBePlace: Bool = false) -> Int? {
            guard let p = graph.profileIndex[reference.id] else {
                diagnostics.append(.error(
                    Suggestion.unknown("profile", reference.id, among: graph.profileIndex.keys), at: reference.location))
                return nil
            }
            if mustBePlace && graph.profiles[p].kind != .place {
                diagnostics.append(.error(
                    "'\(reference.id)' is listed under places but is a profile of kind \(graph.profiles[p].kind.rawValue)",
                    at: reference.location))
            }
            return p
        }

        mutating func event(_ reference: Reference) -> Int? {
            guard let e = graph.eventIndex[reference.id] else {
                diagnostics.append(.error(
                    Suggestion.unknown("event", reference.id, among: graph.eventIndex.keys), at: reference.location))
                return nil
            }
            return e
        }

        mutating func tags(_ names: [String], at location: SourceLocation) -> [(slug: String, name: String)] {
            names.compactMap { name in
                let slug = Identifier.slug(name)
                guard !slug.isEmpty else {
                    diagnostics.append(.error("tag '\(name)' has no letters or digits to make a page name from", at: location))
                    return nil
                }
                return (slug, name)
            }
        }

        /// Resolves reserved-scheme links to `SitePath`s behind the root marker; reports unknown ids and
        /// unsafe schemes where they were written.
        mutating func resolveLinks(in node: MarkdownNode, file: String) -> MarkdownNode {
            resolved(node, file: file, fallback: SourceLocation(file: file, line: node.line, column: node.column)) ?? node
        }

        /// The node with its links resolved; nil when nothing in it changes (no link, no image with a
        /// `profile:`, `event:` or `briefing:` source), so that those subtrees are neither copied nor rebuilt.
        private mutating func resolved(_ node: MarkdownNode, file: String, fallback: SourceLocation) -> MarkdownNode? {
            switch node.kind {
            case .link, .image: break
            default: if node.children.isEmpty { return nil }  // text and the like: most nodes, nothing to do
            }
            let here = node.line > 0 ? SourceLocation(file: file, line: node.line, column: node.column) : fallback
            var kind: MarkdownNode.Kind?
            if case .link(let url, let title) = node.kind {
                kind = .link(url: resolve(url, at: here), title: title)
            } else if case .image(let url, let title) = node.kind, let scheme = HTML.scheme(of: url),
                ["profile", "event", "briefing"].contains(scheme)
            {
                kind = .image(url: resolve(url, at: here), title: title)
            }
            var children: [MarkdownNode]?  // made at the first child that changes
            for (index, child) in node.children.enumerated() {
                if let resolvedChild = resolved(child, file: file, fallback: here) {
                    if children == nil { children = Array(node.children[..<index]) }
                    children?.append(resolvedChild)
                } else {
                    children?.append(child)
                }
            }
            guard kind != nil || children != nil else { return nil }
            var copy = node
            if let kind { copy.kind = kind }
            if let children { copy.children = children }
            return copy
        }

        private mutating func resolve(_ url: String, at location: SourceLocation) -> String {
            guard let colon = url.utf8.firstIndex(of: UInt8(ascii: ":")) else { return url }  // bytes: no grapheme breaking
            let scheme = String(url[..<colon])
            var rest = String(url[url.utf8.index(after: colon)...])
            var fragment = ""
            if let hash = rest.utf8.firstIndex(of: UInt8(ascii: "#")) {
                fragment = String(rest[hash...])
                rest = String(rest[..<hash])
            }
            switch scheme {
            case "profile":
                guard let p = lookup(rest, in: graph.profileIndex, kind: "profile", at: location) else { return "" }
                linkedProfiles.append(p)
                return SitePath.rootMarker + SitePath.profile(rest) + fragment
            case "event":
                guard let e = lookup(rest, in: graph.eventIndex, kind: "event", at: location) else { return "" }
                linkedEvents.append(e)
                return SitePath.rootMarker + SitePath.event(rest) + fragment
            case "briefing":
                guard lookup(rest, in: graph.briefingIndex, kind: "briefing", at: location) != nil else { return "" }
                return SitePath.rootMarker + SitePath.briefing(rest) + fragment
            default:
                return url
            }
        }

        private mutating func lookup(_ id: String, in index: [String: Int], kind: String, at location: SourceLocation) -> Int? {
            if let position = index[id] { return position }
            diagnostics.append(.error(Suggestion.unknown(kind, id, among: index.keys), at: location))
            return nil
        }
    }
}
