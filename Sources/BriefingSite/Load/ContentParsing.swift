import BriefingCore
import Foundation

/// The load, parse and link stages applied to raw bytes instead of a site folder: for tools that get
/// content from elsewhere (an editor buffer, a fuzzer) and need the same checks and diagnostics.
public enum ContentParsing {
    public enum Kind: CaseIterable, Sendable {
        case events(format: String)
        case profile
        case briefing

        public static let allCases: [Kind] = [.events(format: "yml"), .events(format: "json"), .events(format: "csv"), .profile, .briefing]
    }

    /// Decodes one file's bytes as `kind`, then parses and links it against a small fixed site, returning
    /// every diagnostic. Never throws or traps on any input.
    public static func check(_ data: Data, as kind: Kind) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let loader = ContentLoader(siteFolder: URL(fileURLWithPath: "/nonexistent-site"))
        var content = SiteContent(config: SiteConfig(title: "Check", baseURL: "https://example.org/"))
        content.config.autolinkMentions = true
        content.profiles = [Profile(id: "someone", name: "Some One", bio: MarkdownSource(text: "", file: "p"), location: SourceLocation(file: "p"))]
        let path: String
        switch kind {
        case .events(let format): path = "Content/events/input.\(format)"
        case .profile: path = "Content/profiles/input.md"
        case .briefing: path = "Content/briefings/2020-01-01-input.md"
        }
        switch SourceText.decode(data, displayPath: path) {
        case .failure(let diagnostic):
            return [diagnostic]
        case .success(let source):
            switch kind {
            case .events: content.events = loader.decodeEvents(source, &diagnostics)
            case .profile: content.profiles += loader.decodeProfile(source, &diagnostics).map { [$0] } ?? []
            case .briefing: content.briefings = loader.decodeBriefing(source, &diagnostics).map { [$0] } ?? []
            }
        }
        let parsed = MarkdownParser.parse(content, diagnostics: &diagnostics)
        let graph = ReferenceResolver.link(parsed, diagnostics: &diagnostics)
        if !diagnostics.contains(where: { $0.severity == .error }) {
            let theme = Theme(library: .init(), templateFiles: [:], assets: [:])
            _ = PageRenderer(graph: graph, theme: theme).render(diagnostics: &diagnostics)
        }
        return diagnostics
    }
}
