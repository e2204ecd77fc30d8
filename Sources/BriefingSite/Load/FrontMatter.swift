import BriefingCore

/// Splits a Markdown file into its YAML front matter and body.
struct FrontMatter {
    /// The YAML between the `---` lines.
    var yaml: String
    /// Lines before the YAML's first line (the opening `---`).
    var yamlLineOffset: Int
    /// The Markdown after the closing delimiter.
    var body: String
    /// Lines before the body's first line.
    var bodyLineOffset: Int

    /// Requires an opening `---` on the first line and a closing `---` (or `...`) line.
    static func split(_ source: SourceText) -> Result<FrontMatter, Diagnostic> {
        let text = source.text
        guard text.hasPrefix("---\n") || text == "---" || text.hasPrefix("--- \n") else {
            return .failure(
                Diagnostic(file: source.path, line: 1, column: 1, message: "missing front matter: the file must start with a '---' line"))
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        for index in 1..<max(lines.count, 1) {
            let line = lines[index].trimmingTrailingSpaces
            if line == "---" || line == "..." {
                let yaml = lines[1..<index].joined(separator: "\n")
                let body = lines[(index + 1)...].joined(separator: "\n")
                return .success(
                    FrontMatter(yaml: yaml, yamlLineOffset: 1, body: body, bodyLineOffset: index + 1))
            }
        }
        return .failure(
            Diagnostic(
                file: source.path, line: 1, column: 1,
                message: "unclosed front matter: no closing '---' line after the opening one"))
    }
}

extension Substring {
    var trimmingTrailingSpaces: Substring {
        var result = self
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}
