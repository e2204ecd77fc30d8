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
        // Line by line over the UTF-8 bytes (the text's line endings are LF only, see `SourceText`):
        // only the front matter's lines are looked at, and the body is one slice of the text.
        let utf8 = text.utf8
        let newline = UInt8(ascii: "\n")
        guard var lineStart = utf8.firstIndex(of: newline).map(utf8.index(after:)) else { return unclosed(source) }
        let yamlStart = lineStart
        var lineNumber = 1  // of the line starting at `lineStart`, counting the opening `---` as 0
        while lineStart < utf8.endIndex {
            let lineEnd = utf8[lineStart...].firstIndex(of: newline) ?? utf8.endIndex
            var trimmedEnd = lineEnd
            while trimmedEnd > lineStart {
                let last = utf8[utf8.index(before: trimmedEnd)]
                guard last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") else { break }
                trimmedEnd = utf8.index(before: trimmedEnd)
            }
            let line = utf8[lineStart..<trimmedEnd]
            if line.elementsEqual("---".utf8) || line.elementsEqual("...".utf8) {
                // The YAML ends before the newline that ends its last line; the body runs to the end of
                // the text without its final newline.
                let yamlEnd = lineStart > yamlStart ? utf8.index(before: lineStart) : yamlStart
                let yaml = String(text[yamlStart..<yamlEnd])
                var body = ""
                if lineEnd < utf8.endIndex {
                    let bodyStart = utf8.index(after: lineEnd)
                    var bodyEnd = utf8.endIndex
                    if bodyEnd > bodyStart, utf8[utf8.index(before: bodyEnd)] == newline { bodyEnd = utf8.index(before: bodyEnd) }
                    body = String(text[bodyStart..<bodyEnd])
                }
                return .success(FrontMatter(yaml: yaml, yamlLineOffset: 1, body: body, bodyLineOffset: lineNumber + 1))
            }
            guard lineEnd < utf8.endIndex else { break }
            lineStart = utf8.index(after: lineEnd)
            lineNumber += 1
        }
        return unclosed(source)
    }

    private static func unclosed(_ source: SourceText) -> Result<FrontMatter, Diagnostic> {
        .failure(
            Diagnostic(
                file: source.path, line: 1, column: 1,
                message: "unclosed front matter: no closing '---' line after the opening one"))
    }
}
