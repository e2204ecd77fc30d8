import Foundation

/// Finds live script in generated markup: `<script>` elements other than JSON-LD data and the theme's
/// own script files, `on…=` event-handler attributes, and `javascript:`/`vbscript:`/`data:` URLs in
/// `href`/`src`. It reads tags the way a browser tokenizer does (quoted attribute values included).
enum MarkupScanner {
    static func problems(in html: String) -> [String] {
        var problems: [String] = []
        let scalars = Array(html.unicodeScalars)
        var i = 0
        while i < scalars.count {
            guard scalars[i] == "<", i + 1 < scalars.count, scalars[i + 1].properties.isAlphabetic else {
                i += 1
                continue
            }
            var j = i + 1
            var name = ""
            while j < scalars.count, !isSpace(scalars[j]), scalars[j] != ">", scalars[j] != "/" {
                name.unicodeScalars.append(scalars[j])
                j += 1
            }
            name = name.lowercased()
            var attributes: [(String, String)] = []
            while j < scalars.count, scalars[j] != ">" {
                if isSpace(scalars[j]) || scalars[j] == "/" { j += 1; continue }
                var attribute = ""
                while j < scalars.count, !isSpace(scalars[j]), scalars[j] != "=", scalars[j] != ">" {
                    attribute.unicodeScalars.append(scalars[j])
                    j += 1
                }
                var value = ""
                if j < scalars.count, scalars[j] == "=" {
                    j += 1
                    if j < scalars.count, scalars[j] == "\"" || scalars[j] == "'" {
                        let quote = scalars[j]
                        j += 1
                        while j < scalars.count, scalars[j] != quote { value.unicodeScalars.append(scalars[j]); j += 1 }
                        j += 1
                    } else {
                        while j < scalars.count, !isSpace(scalars[j]), scalars[j] != ">" { value.unicodeScalars.append(scalars[j]); j += 1 }
                    }
                }
                attributes.append((attribute.lowercased(), value))
            }
            for (attribute, value) in attributes {
                if attribute.hasPrefix("on") { problems.append("event handler \(attribute) on <\(name)>") }
                if ["href", "src", "action", "formaction", "xlink:href"].contains(attribute), isDangerousURL(value) {
                    problems.append("dangerous URL in \(attribute) of <\(name)>: \(value)")
                }
            }
            if name == "script" {
                let type = attributes.first { $0.0 == "type" }?.1
                let src = attributes.first { $0.0 == "src" }?.1
                let isData = type == "application/ld+json"
                let isThemeFile = src.map { $0.contains("assets/") && !$0.contains(":") } ?? false
                if !isData && !isThemeFile { problems.append("live <script> element") }
            }
            if ["iframe", "object", "embed", "base", "form", "meta"].contains(name),
                name != "meta" || attributes.contains(where: { $0.0 == "http-equiv" && $0.1.lowercased() == "refresh" })
            {
                problems.append("<\(name)> element")
            }
            i = j
        }
        return problems
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar == "\u{C}"
    }

    /// Decodes character references and drops what browsers drop, then checks the scheme.
    static func isDangerousURL(_ raw: String) -> Bool {
        var value = raw
        for (entity, character) in [("&#x53;", "s"), ("&#83;", "s"), ("&#9;", "\t"), ("&#x9;", "\t"), ("&#10;", "\n"), ("&colon;", ":"), ("&#58;", ":"), ("&#x3a;", ":"), ("&amp;", "&")] {
            value = value.replacingOccurrences(of: entity, with: character, options: .caseInsensitive)
        }
        let squeezed = String(value.unicodeScalars.filter { $0.value > 0x20 }).lowercased()
        return squeezed.hasPrefix("javascript:") || squeezed.hasPrefix("vbscript:")
            || (squeezed.hasPrefix("data:") && !squeezed.hasPrefix("data:image/"))
    }
}
