import BriefingCore
import Foundation

/// The templates and assets pages are rendered with: the built-in theme, overridden file by file by
/// the site's own `Templates/`.
public struct Theme: Sendable {
    let library: MustacheLibrary
    /// Template names (path without `.mustache`) → where they were loaded from, for messages.
    public let templateFiles: [String: String]
    /// Asset files (under `assets/`), relative path → absolute file URL.
    public let assets: [String: URL]

    /// The built-in theme's folder: `$BRIEFING_THEME`, an installed copy beside the executable, or the
    /// `Templates/` of the source checkout this binary was built from.
    public static func builtInFolder() -> URL? {
        let manager = FileManager.default
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["BRIEFING_THEME"], !path.isEmpty {
            candidates.append(URL(fileURLWithPath: path))
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent("../share/briefing/Templates"))
        let checkout = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(checkout.appendingPathComponent("Templates"))
        return candidates.first { manager.fileExists(atPath: $0.appendingPathComponent("layout.mustache").path) }?
            .standardizedFileURL
    }

    /// Loads built-in templates, then the site's overrides; every syntax error, missing partial and
    /// partial cycle is reported with its file and line.
    public static func load(builtIn: URL?, siteFolder: URL, diagnostics: inout [Diagnostic]) -> Theme {
        var texts: [String: (text: String, file: String)] = [:]
        var assets: [String: URL] = [:]
        let siteTemplates = siteFolder.appendingPathComponent("Templates")
        for (folder, label) in [(builtIn, "built-in theme"), (siteTemplates, "Templates")] {
            guard let folder else { continue }
            for relative in listFiles(folder) {
                let url = folder.appendingPathComponent(relative)
                let display = folder == siteTemplates ? "Templates/\(relative)" : "\(label): \(relative)"
                if relative.hasSuffix(".mustache") {
                    switch SourceText.read(url, displayPath: display) {
                    case .success(let source): texts[String(relative.dropLast(".mustache".count))] = (source.text, display)
                    case .failure(let diagnostic): diagnostics.append(diagnostic)
                    }
                } else if relative.hasPrefix("assets/") {
                    assets[relative] = url
                }
            }
        }
        if builtIn == nil && texts["layout"] == nil {
            diagnostics.append(Diagnostic(file: "Templates", message: "no theme found: the built-in theme is missing and the site has no Templates/layout.mustache (set BRIEFING_THEME to the theme folder)"))
        }
        var library = MustacheLibrary()
        var files: [String: String] = [:]
        for name in texts.keys.sorted() {
            let (text, file) = texts[name]!
            files[name] = file
            do {
                library.register(try MustacheTemplate(string: text), named: name)
            } catch {
                diagnostics.append(Diagnostic(
                    file: file, line: error.line, column: error.column, message: "template syntax error: \(error.message)"))
            }
        }
        let check = PartialCheck(texts: texts)
        diagnostics.append(contentsOf: check.problems())
        return Theme(library: library, templateFiles: files, assets: assets)
    }

    static func listFiles(_ folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var result: [String] = []
        for case let path as String in enumerator {
            var isDirectory: ObjCBool = false
            let name = (path as NSString).lastPathComponent
            guard !name.hasPrefix("."), FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { continue }
            result.append(path)
        }
        return result.sorted()
    }

    /// Renders a template with a context of strings, numbers, booleans, arrays and dictionaries; nil
    /// when the theme lacks it (reported by the caller).
    public func render(_ template: String, _ context: [String: Any]) -> String? {
        library.render(context, withTemplate: template)
    }

    func render(_ template: String, _ context: TemplateObject) -> String? {
        library.render(context, withTemplate: template)
    }

    /// `body` of the rendered UTF-8, read where it was rendered (pages go to disk without a round trip
    /// through `String`); nil when the theme lacks the template.
    func withRenderedBytes<R>(_ template: String, _ context: TemplateObject, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        library.withRenderedBytes(context, template: template, body)
    }
}

/// Finds `{{> name}}` and `{{< name}}` tags naming templates that do not exist, and partial cycles,
/// which the Mustache renderer would otherwise follow for ever.
struct PartialCheck {
    let texts: [String: (text: String, file: String)]

    func references(in text: String) -> [(name: String, line: Int, column: Int)] {
        var result: [(String, Int, Int)] = []
        var line = 1, column = 1
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "{", i + 2 < scalars.count, scalars[i + 1] == "{", scalars[i + 2] == ">" || scalars[i + 2] == "<" {
                var j = i + 3
                var name = ""
                while j < scalars.count, scalars[j] != "}" {
                    name.unicodeScalars.append(scalars[j])
                    j += 1
                }
                let trimmed = name.trimmingCharacters(in: .whitespaces)
                if !trimmed.hasPrefix("*") { result.append((trimmed, line, column)) }
            }
            if scalars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
        return result
    }

    func problems() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var edges: [String: [String]] = [:]
        for name in texts.keys.sorted() {
            let (text, file) = texts[name]!
            for reference in references(in: text) {
                if texts[reference.name] == nil {
                    var message = "template '\(reference.name)' not found"
                    if let guess = Suggestion.closest(to: reference.name, in: texts.keys) { message += " (did you mean '\(guess)'?)" }
                    diagnostics.append(Diagnostic(file: file, line: reference.line, column: reference.column, message: message))
                } else {
                    edges[name, default: []].append(reference.name)
                }
            }
        }
        // Depth-first search for a cycle; report it once at the template that closes it.
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        func visit(_ name: String, path: [String]) {
            state[name] = 1
            for next in edges[name, default: []] {
                if state[next] == 1 {
                    let cycle = (path + [name, next]).drop { $0 != next }
                    diagnostics.append(Diagnostic(
                        file: texts[name]!.file, line: 1, column: 1,
                        message: "templates include each other in a cycle: \(cycle.joined(separator: " → "))"))
                } else if state[next] == nil {
                    visit(next, path: path + [name])
                }
            }
            state[name] = 2
        }
        for name in texts.keys.sorted() where state[name] == nil { visit(name, path: []) }
        return diagnostics
    }
}
