import BriefingCore
import BriefingSite
import Foundation
import Testing

/// Hostile and broken input: every case must end in a clean build or clean errors — never a crash,
/// a hang, live script in a page, or a file written outside the output folder.
@Suite struct HostileInputTests {
    // MARK: - Script and event-handler injection

    @Test func hostileFieldsLeaveNoLiveScriptOrHandler() throws {
        let site = try TestSupport.site("hostile-fields")
        let (output, result) = TestSupport.build(site)
        _ = try result.get()
        let files = TestSupport.snapshot(output)
        #expect(files.count > 10)
        var problems: [String] = []
        for (path, data) in files where path.hasSuffix(".html") || path.hasSuffix(".xml") {
            problems += MarkupScanner.problems(in: String(decoding: data, as: UTF8.self)).map { "\(path): \($0)" }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        // The hostile text is still there, as text.
        let event = try TestSupport.read(output, "events/evil-event/index.html")
        #expect(event.contains("&lt;/a&gt;&lt;script&gt;alert(&#39;source title&#39;)&lt;/script&gt;"))
    }

    @Test func scannerCatchesWhatItLooksFor() {
        // The scanner itself must be able to fail, or the test above proves nothing.
        #expect(!MarkupScanner.problems(in: "<p><script>alert(1)</script></p>").isEmpty)
        #expect(!MarkupScanner.problems(in: #"<img src="x" onerror="alert(1)">"#).isEmpty)
        #expect(!MarkupScanner.problems(in: #"<a href="javascript:alert(1)">x</a>"#).isEmpty)
        #expect(!MarkupScanner.problems(in: #"<a href=" JaVa&#x53;cript:alert(1)">x</a>"#).isEmpty)
        #expect(MarkupScanner.problems(in: #"<p title="x&quot; onclick=&quot;y">&lt;script&gt;</p>"#).isEmpty)
        #expect(MarkupScanner.problems(in: #"<script type="application/ld+json">{"a":"\u003c/script\u003e"}</script>"#).isEmpty)
    }

    // MARK: - Table of broken inputs: each gives a clean error

    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let changes: [String: String?]
        /// A fragment every run must report as an error (file:line:col prefix included where known).
        let expected: String
        var description: String { name }
    }

    static let deepFlow = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    static let deepBlock = (0..<2_000).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " x"
    static let deepDashes = String(repeating: "- ", count: 5_000) + "x"
    static let billionLaughs = """
        - id: lol
          date: 2001
          title: Laughs
          a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
          b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
          c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
          d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
          e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
          f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
          g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
          h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
          i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
          tags: *i
        """

    static let cases: [Case] = [
        Case(name: "YAML: flow nesting 10,000 deep", changes: ["Content/events/deep.yml": deepFlow],
            expected: "Content/events/deep.yml:1:65: error: YAML is nested more than 64 levels deep"),
        Case(name: "YAML: block nesting 2,000 deep", changes: ["Content/events/deep.yml": deepBlock],
            expected: "Content/events/deep.yml:"),
        Case(name: "YAML: 5,000 nested sequences on one line", changes: ["Content/events/deep.yml": deepDashes],
            expected: "Content/events/deep.yml:1:"),
        Case(name: "YAML: billion laughs", changes: ["Content/events/lol.yml": billionLaughs],
            expected: "error: YAML expands to more than 200000 values (alias bomb?)"),
        Case(name: "YAML: tab indentation", changes: ["Content/events/tab.yml": "- id: t\n\tdate: 2001\n"],
            expected: "Content/events/tab.yml:2:1: error: invalid YAML"),
        Case(name: "YAML: events file is a mapping", changes: ["Content/events/map.yml": "id: x\ndate: 2001\n"],
            expected: "Content/events/map.yml:1:1: error: an events file must hold a list of events, found a mapping"),
        Case(name: "YAML: duplicate key", changes: ["Content/events/dup.yml": "- id: x\n  date: 2001\n  date: 2002\n  title: X\n"],
            expected: "Content/events/dup.yml:3:3: error: duplicate key 'date'"),
        Case(name: "front matter: only an opening line", changes: ["Content/profiles/open.md": "---\n"],
            expected: "Content/profiles/open.md:1:1: error: unclosed front matter"),
        Case(name: "front matter: missing", changes: ["Content/profiles/none.md": "Just text.\n"],
            expected: "Content/profiles/none.md:1:1: error: missing front matter"),
        Case(name: "front matter: a list, not a mapping", changes: ["Content/profiles/list.md": "---\n- a\n---\n"],
            expected: "Content/profiles/list.md:2:1: error: expected profile fields (a mapping), found a list"),
        Case(name: "CSV: unclosed quote", changes: ["Content/events/more.csv": "id,date,title\nq,2012,\"never closed\n"],
            expected: "Content/events/more.csv:2:8: error: unclosed quote in CSV field"),
        Case(name: "CSV: text after closing quote", changes: ["Content/events/more.csv": "id,date,title\nq,2012,\"a\"b\n"],
            expected: "Content/events/more.csv:2:11: error: unexpected text after a closing quote"),
        Case(name: "CSV: bad importance", changes: ["Content/events/more.csv": "id,date,title,importance\nq,2012,Q,7\n"],
            expected: "Content/events/more.csv:2:10: error: 'importance' must be between 1 and 3, not 7"),
        Case(name: "id: percent-encoded slash", changes: ["Content/events/ids.yml": "- id: ..%2f\n  date: 2001\n  title: X\n"],
            expected: "Content/events/ids.yml:1:7: error: invalid event id '..%2f'"),
        Case(name: "id: slash", changes: ["Content/events/ids.yml": "- id: a/b\n  date: 2001\n  title: X\n"],
            expected: "Content/events/ids.yml:1:7: error: invalid event id 'a/b'"),
        Case(name: "id: upper case device name", changes: ["Content/events/ids.yml": "- id: CON\n  date: 2001\n  title: X\n"],
            expected: "Content/events/ids.yml:1:7: error: invalid event id 'CON'"),
        Case(name: "id: hidden", changes: ["Content/events/ids.yml": "- id: .hidden\n  date: 2001\n  title: X\n"],
            expected: "Content/events/ids.yml:1:7: error: invalid event id '.hidden'"),
        Case(name: "id: empty", changes: ["Content/events/ids.yml": "- id: \"\"\n  date: 2001\n  title: X\n"],
            expected: "Content/events/ids.yml:1:3: error: event is missing required field 'id'"),
        Case(name: "id: trailing hyphen", changes: ["Content/events/ids.yml": "- id: a-\n  date: 2001\n  title: X\n"],
            expected: "Content/events/ids.yml:1:7: error: invalid event id 'a-'"),
        Case(name: "date: not a date", changes: ["Content/events/d.yml": "- id: d\n  date: yesterday\n  title: X\n"],
            expected: "Content/events/d.yml:2:9: error: 'date': invalid date 'yesterday'"),
        Case(name: "date: a list", changes: ["Content/events/d.yml": "- id: d\n  date: [2001]\n  title: X\n"],
            expected: "Content/events/d.yml:2:9: error: 'date' must be a single value, not a list"),
        Case(name: "source: javascript URL", changes: ["Content/events/s.yml": "- id: s\n  date: 2001\n  title: X\n  sources:\n    - title: S\n      url: javascript:alert(1)\n"],
            expected: "Content/events/s.yml:6:12: error: unsafe URL scheme in 'javascript:alert(1)'"),
        Case(name: "source: data URL", changes: ["Content/events/s.yml": "- id: s\n  date: 2001\n  title: X\n  sources:\n    - title: S\n      url: \"data:text/html,<script>alert(1)</script>\"\n"],
            expected: "Content/events/s.yml:6:12: error: unsafe URL scheme"),
        Case(name: "profile link: vbscript URL", changes: ["Content/profiles/v.md": "---\nname: V\nlinks:\n  - title: L\n    url: vbscript:msgbox(1)\n---\n"],
            expected: "Content/profiles/v.md:5:10: error: unsafe URL scheme"),
        Case(name: "image: outside the site", changes: ["Content/profiles/img.md": "---\nname: I\nimage: ../../etc/passwd\n---\n"],
            expected: "Content/profiles/img.md:3:8: error: 'image' must be a path inside the site"),
        Case(name: "site.yml: missing", changes: ["Content/site.yml": nil],
            expected: "Content/site.yml: error: missing site settings"),
        Case(name: "site.yml: bad base_url", changes: ["Content/site.yml": "title: T\nbase_url: javascript:alert(1)\n"],
            expected: "Content/site.yml:2:11: error: 'base_url' must be an absolute http(s) URL"),
        Case(name: "site.yml: unknown time zone", changes: ["Content/site.yml": "title: T\nbase_url: https://e.org/\ntimezone: Mars/Olympus\n"],
            expected: "Content/site.yml:3:11: error: unknown time zone 'Mars/Olympus'"),
        Case(name: "Markdown: blockquotes 10,000 deep", changes: ["Content/briefings/2011-01-01-deep.md": "---\ntitle: D\ndate: 2011\n---\n" + String(repeating: ">", count: 10_000) + " x\n"],
            expected: "Content/briefings/2011-01-01-deep.md:5:"),
        Case(name: "Markdown: lists 5,000 deep", changes: ["Content/briefings/2011-01-01-deep.md": "---\ntitle: D\ndate: 2011\n---\n" + (0..<5_000).map { String(repeating: " ", count: $0 * 2) + "- x" }.joined(separator: "\n")],
            expected: "Content/briefings/2011-01-01-deep.md:"),
        Case(name: "Markdown: emphasis nested 10,000 deep", changes: ["Content/briefings/2011-01-01-deep.md": "---\ntitle: D\ndate: 2011\n---\n" + String(repeating: "*", count: 20_000) + "x" + String(repeating: "*", count: 20_000) + "\n"],
            expected: "Content/briefings/2011-01-01-deep.md:5:1: error: Markdown is nested more than 100 levels deep"),
        Case(name: "Markdown: file over the size limit", changes: ["Content/briefings/2011-01-01-big.md": "---\ntitle: B\ndate: 2011\n---\n" + String(repeating: "word ", count: 1_000_000)],
            expected: "Content/briefings/2011-01-01-big.md: error: file is 5000028 bytes; the limit is 4194304"),
        Case(name: "template: syntax error", changes: ["Templates/tags.mustache": "{{<layout}}{{$main}}\n{{#tags}}\n{{/tag}}{{/main}}{{/layout}}\n"],
            expected: "Templates/tags.mustache:3:"),
        Case(name: "template: missing partial", changes: ["Templates/tags.mustache": "{{<layout}}{{$main}}\n\n  {{> partials/nope}}{{/main}}{{/layout}}\n"],
            expected: "Templates/tags.mustache:3:3: error: template 'partials/nope' not found"),
        Case(name: "template: partials include each other", changes: [
                "Templates/partials/a.mustache": "{{> partials/b}}", "Templates/partials/b.mustache": "{{> partials/a}}",
            ],
            expected: "error: templates include each other in a cycle: partials/a → partials/b → partials/a"),
    ]

    @Test(arguments: cases)
    func brokenInputGivesACleanError(_ testCase: Case) throws {
        let site = try TestSupport.site("minimal", changes: testCase.changes)
        let output = site.deletingLastPathComponent().appendingPathComponent("Output")
        _ = try TestSupport.build(TestSupport.site("minimal"), output: output).1.get()
        let before = TestSupport.snapshot(output)
        let (_, result) = TestSupport.build(site, output: output)
        let errors = TestSupport.errors(of: result)
        #expect(errors.contains { $0.contains(testCase.expected) }, "got: \(errors)")
        #expect(TestSupport.snapshot(output) == before, "a failed build changed the output")
    }

    // MARK: - Markdown that stresses the parser but is valid

    static let pathologicalMarkdown: [(String, String)] = [
        ("50,000 unclosed brackets", String(repeating: "[", count: 50_000)),
        ("50,000 unclosed link openers", String(repeating: "[a](", count: 12_500)),
        ("long emphasis run", String(repeating: "*a **b ", count: 20_000)),
        ("unclosed HTML comment", "<!-- " + String(repeating: "x ", count: 50_000)),
        ("many backticks", String(repeating: "`", count: 50_000) + " x"),
        ("many reference definitions", (0..<5_000).map { "[r\($0)]: /u\($0)" }.joined(separator: "\n") + "\n[r1]"),
    ]

    @Test(arguments: pathologicalMarkdown.map(\.0))
    func pathologicalMarkdownFinishes(_ name: String) throws {
        let body = try #require(Self.pathologicalMarkdown.first { $0.0 == name }?.1)
        let site = try TestSupport.site("minimal", changes: [
            "Content/briefings/2011-01-01-p.md": "---\ntitle: P\ndate: 2011\n---\n" + body + "\n"
        ])
        let (output, result) = TestSupport.build(site)
        _ = try result.get()
        let page = try TestSupport.read(output, "briefings/p/index.html")
        #expect(MarkupScanner.problems(in: page).isEmpty)
    }

    // MARK: - File system

    @Test func symlinkOutOfTheSiteIsRefused() throws {
        let site = try TestSupport.site("minimal")
        let outside = site.deletingLastPathComponent().appendingPathComponent("secret.md")
        try "---\nname: Secret\n---\nSecret bio.\n".write(to: outside, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            at: site.appendingPathComponent("Content/profiles/secret.md"), withDestinationURL: outside)
        let errors = TestSupport.errors(of: TestSupport.build(site).1)
        #expect(errors.contains("Content/profiles/secret.md: error: symbolic link points outside the site folder; refusing to read it"))
    }

    /// A named pipe where a content file should be: refused at once (opening it to read would wait for a
    /// writer for ever), and a symbolic link to a site file inside the site is read like the file.
    @Test func namedPipeIsRefusedAndInsideLinkIsRead() throws {
        let site = try TestSupport.site("minimal")
        let profiles = site.appendingPathComponent("Content/profiles")
        #expect(mkfifo(profiles.appendingPathComponent("pipe.md").path, 0o644) == 0)
        let errors = TestSupport.errors(of: TestSupport.build(site).1)
        #expect(errors == ["Content/profiles/pipe.md: error: cannot read file: not a regular file"])
        try FileManager.default.removeItem(at: profiles.appendingPathComponent("pipe.md"))
        try "---\nname: Linked\n---\nBio.\n".write(to: site.appendingPathComponent("linked.txt"), atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            at: profiles.appendingPathComponent("linked.md"), withDestinationURL: site.appendingPathComponent("linked.txt"))
        let (output, result) = TestSupport.build(site)
        _ = try result.get()
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("profiles/linked/index.html").path))
    }

    @Test func symlinkLoopInMediaEnds() throws {
        let site = try TestSupport.site("minimal")
        let media = site.appendingPathComponent("Content/media")
        try FileManager.default.createSymbolicLink(at: media.appendingPathComponent("loop"), withDestinationURL: media)
        let (output, result) = TestSupport.build(site)
        _ = try result.get()
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("media/note.txt").path))
    }

    @Test func outputWhereAFileStandsIsAnError() throws {
        let site = try TestSupport.site("minimal")
        let blocker = site.deletingLastPathComponent().appendingPathComponent("blocker")
        try "not a folder".write(to: blocker, atomically: false, encoding: .utf8)
        let errors = TestSupport.errors(of: TestSupport.build(site, output: blocker.appendingPathComponent("Output")).1)
        #expect(errors.count == 1)
        #expect(try String(contentsOf: blocker, encoding: .utf8) == "not a folder")
    }
}

/// The fuzzer's seeds and any crash it ever found (Fuzz/Corpus) replayed on every test run.
@Suite struct FuzzCorpusTests {
    @Test func corpusReplaysWithoutCrashing() throws {
        let corpus = TestSupport.packageRoot.appendingPathComponent("Fuzz/Corpus")
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()
        #expect(names.count >= 8)
        let kinds = ContentParsing.Kind.allCases
        var errorRuns = 0
        for name in names {
            let data = try Data(contentsOf: corpus.appendingPathComponent(name))
            guard let selector = data.first else { continue }
            let diagnostics = ContentParsing.check(data.dropFirst(), as: kinds[Int(selector) % kinds.count])
            if diagnostics.contains(where: { $0.severity == .error && !$0.message.contains("theme has no") }) { errorRuns += 1 }
        }
        // The broken seeds must produce errors, the valid ones must not all fail.
        #expect(errorRuns >= 3 && errorRuns < names.count)
    }
}
