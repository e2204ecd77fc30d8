import BriefingCore
@testable import BriefingSite
import Testing

/// Briefing's Mustache renderer: the spec's rules and the swift-mustache extensions themes use
/// (inheritance, `empty()`, `last()`), with the whitespace swift-mustache gives.
struct MustacheTests {
    static func render(_ template: String, _ context: [String: Any], partials: [String: String] = [:]) throws -> String {
        var library = MustacheLibrary()
        library.register(try MustacheTemplate(string: template), named: "main")
        for (name, text) in partials { library.register(try MustacheTemplate(string: text), named: name) }
        return try #require(library.render(context, withTemplate: "main"))
    }

    @Test func variablesAreEscapedUnlessTripleOrAmpersand() throws {
        let context: [String: Any] = ["v": "<a href=\"x\">Tom & Jerry's</a>", "n": 42, "b": true]
        #expect(try Self.render("{{v}}", context) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        #expect(try Self.render("{{{v}}}|{{&v}}", context) == "<a href=\"x\">Tom & Jerry's</a>|<a href=\"x\">Tom & Jerry's</a>")
        #expect(try Self.render("{{n}} {{b}} [{{missing}}]", context) == "42 true []")
    }

    @Test func dottedNamesAndTheCurrentObject() throws {
        let context: [String: Any] = ["a": ["b": ["c": "deep"]], "list": ["x", "y"], "name": "outer"]
        #expect(try Self.render("{{a.b.c}} {{a.nope.c}}", context) == "deep ")
        #expect(try Self.render("{{#list}}<{{.}}>{{/list}}", context) == "<x><y>")
        // Names not found in the item are looked up in the objects around it.
        #expect(try Self.render("{{#a}}{{name}}{{/a}}", context) == "outer")
    }

    @Test func sectionsByValueType() throws {
        let context: [String: Any] = [
            "yes": true, "no": false, "items": [["n": 1], ["n": 2]], "none": [[String: Any]](), "text": "t",
            "object": ["k": "v"],
        ]
        #expect(try Self.render("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{#missing}}M{{/missing}}", context) == "Y")
        #expect(try Self.render("{{#items}}{{n}},{{/items}}", context) == "1,2,")
        #expect(try Self.render("{{#none}}x{{/none}}{{^none}}empty{{/none}}", context) == "empty")
        #expect(try Self.render("{{#object}}{{k}}{{/object}}{{#text}}[{{.}}]{{/text}}", context) == "v[t]")
        #expect(try Self.render("{{^no}}a{{/no}}{{^yes}}b{{/yes}}{{^missing}}c{{/missing}}{{^items}}d{{/items}}", context) == "ac")
    }

    @Test func transformsAndListPositions() throws {
        let context: [String: Any] = ["people": [["name": "Ana"], ["name": "Luis"], ["name": "Eva"]], "tags": [String](), "count": 0]
        #expect(try Self.render("{{#people}}{{name}}{{^last()}}, {{/last()}}{{/people}}", context) == "Ana, Luis, Eva")
        #expect(try Self.render("{{#people}}{{#first()}}*{{/first()}}{{index()}}{{/people}}", context) == "*012")
        #expect(try Self.render("{{^empty(people)}}some{{/empty(people)}}{{#empty(tags)}} none{{/empty(tags)}}", context) == "some none")
        #expect(try Self.render("{{count(people)}} {{#equalzero(count)}}zero{{/equalzero(count)}} {{uppercased(x)}}", context.merging(["x": "ab"]) { $1 })
            == "3 zero AB")
    }

    @Test func standaloneTagsTakeTheirLine() throws {
        let template = "<ul>\n  {{#items}}\n  <li>{{.}}</li>\n  {{/items}}\n  {{! a comment }}\n</ul>\n"
        #expect(try Self.render(template, ["items": ["a", "b"]]) == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n")
        // Not standalone: the whitespace and newline stay.
        #expect(try Self.render("x {{#t}}y{{/t}} z\n", ["t": true]) == "x y z\n")
    }

    @Test func partialsAreIndentedWhenStandalone() throws {
        #expect(try Self.render("<ul>\n  {{> item}}\n</ul>\n", ["v": "a"], partials: ["item": "<li>{{v}}</li>\n<li>b</li>\n"])
            == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n")
        #expect(try Self.render("[{{>item}}]", ["v": "a"], partials: ["item": "{{v}}"]) == "[a]")
    }

    @Test func outputBufferGrowsAndKeepsEveryByte() {
        var buffer = OutputBuffer(capacity: 8)  // raised to 64: every line below makes it grow
        var expected: [UInt8] = []
        for index in 0..<500 {
            let text = "<p title=\"\(index)\">a & b's ü</p>"
            buffer.append(text)
            expected += Array(text.utf8)
            buffer.appendEscaped(text)
            expected += Array(HTML.escape(text).utf8)
        }
        buffer.insert("→", at: 3)
        expected.insert(contentsOf: Array("→".utf8), at: 3)
        #expect(buffer.count == expected.count)
        #expect(buffer.withBytes { Array($0) } == expected)
        #expect(buffer[3] == Array("→".utf8)[0])
    }

    @Test func inheritanceFillsTheParentsBlocks() throws {
        let partials = ["layout": "<title>{{$title}}Default{{/title}}</title>\n<main>\n{{$main}}{{/main}}\n</main>\n"]
        let page = "{{<layout}}\n{{$main}}\n<p>{{text}}</p>\n{{/main}}\n{{/layout}}\n"
        #expect(try Self.render(page, ["text": "Hello"], partials: partials)
            == "<title>Default</title>\n<main>\n<p>Hello</p>\n\n</main>\n")
        let titled = "{{<layout}}{{$title}}Mine{{/title}}{{/layout}}"
        #expect(try Self.render(titled, [:], partials: partials) == "<title>Mine</title>\n<main>\n\n</main>\n")
    }

    @Test func setDelimitersAndPragmas() throws {
        #expect(try Self.render("{{=<% %>=}}<% v %> {{v}}", ["v": "x"]) == "x {{v}}")
        #expect(try Self.render("{{% CONTENT_TYPE: TEXT}}{{v}}", ["v": "<b>"]) == "<b>")
    }

    @Test func syntaxErrorsGiveLineAndColumn() {
        let cases: [(String, Int, Int)] = [
            ("line one\n{{#tags}}\n{{/tag}}", 3, 4),
            ("{{#open}}never closed", 1, 22),
            ("{{bad name}}", 1, 7),
        ]
        for (template, line, column) in cases {
            #expect(throws: MustacheTemplate.SyntaxError.self) { try MustacheTemplate(string: template) }
            do {
                _ = try MustacheTemplate(string: template)
            } catch {
                #expect(error.line == line && error.column == column, "\(template): \(error)")
            }
        }
    }

    @Test func lookupsGoUpTheStackAndFindNamesOutsideTheKeys() throws {
        // `title` on the outer level only, `name` on both (the inner one wins), names outside
        // `TemplateKey` on either, and a removed field no longer found.
        var inner: TemplateObject = [.name: .string("inner")]
        inner[TemplateName("custom")] = .string("mine")
        inner[TemplateName("gone")] = .string("x")
        inner[TemplateName("gone")] = nil
        let context = TemplateObject([
            "title": "outer title", "name": "outer", "extra": "outer extra", "gone": "outer gone",
        ]).merging([.items: .objects([inner])])
        var library = MustacheLibrary()
        library.register(try MustacheTemplate(string: "{{#items}}{{title}}|{{name}}|{{custom}}|{{extra}}|{{gone}}{{/items}}"), named: "main")
        #expect(library.render(context, withTemplate: "main") == "outer title|inner|mine|outer extra|outer gone")
        // A level that is not an object (an item of a list of strings) is passed over.
        library.register(try MustacheTemplate(string: "{{#words}}{{.}}={{name}}/{{title}};{{/words}}"), named: "words")
        let words = context.merging([.name: .string("top"), .items: .list([]), .value: .string("v")])
            .merging(TemplateObject(["words": ["x", "y"]]))
        #expect(library.render(words, withTemplate: "words") == "x=top/outer title;y=top/outer title;")
    }
}
