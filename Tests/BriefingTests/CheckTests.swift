import BriefingCore
import Foundation
import Testing

@testable import BriefingSite

/// `briefing check`: broken links and anchors named by file and line, editorial warnings, `--strict`.
@Suite struct CheckTests {
    static func check(_ fixture: String, strict: Bool = false) -> [String] {
        let site = ExportSupport.fixture(fixture)
        let options = BuildOptions(siteFolder: site, outputFolder: site.appendingPathComponent("Output"))
        return SiteChecker.check(options, strict: strict).sorted.map(\.description)
    }

    @Test func brokenPlainMarkdownLinkIsNamedByFileAndLine() {
        let messages = Self.check("check-links")
        #expect(messages.contains(
            "Content/briefings/2026-01-10-first.md:9:28: error: broken link '../no-such-briefing/': no such file 'briefings/no-such-briefing/index.html' (on briefings/first/index.html)"),
            "\(messages.joined(separator: "\n"))")
    }

    @Test func missingAnchorIsNamedByFileAndLine() {
        let messages = Self.check("check-links")
        #expect(messages.contains(
            "Content/briefings/2026-01-10-first.md:11:24: error: broken link '../second/#nowhere': no element with id 'nowhere' on 'briefings/second/index.html' (on briefings/first/index.html)"),
            "\(messages.joined(separator: "\n"))")
        #expect(messages.contains { $0.hasPrefix("Content/briefings/2026-01-10-first.md:11:") && $0.contains("profile:ana#missing-part") })
        // Good links and anchors are not reported.
        #expect(!messages.contains { $0.contains("../second/'") || $0.contains("#details") })
    }

    @Test func editorialWarnings() {
        let messages = Self.check("check-links")
        #expect(messages.contains { $0.hasPrefix("Content/events/main.yml:") && $0.contains("warning: event 'unsourced' has no sources") })
        #expect(!messages.contains { $0.contains("event 'sourced' has no sources") })
        #expect(messages.contains { $0.hasPrefix("Content/profiles/bo.md:") && $0.contains("warning: tenure as 'Minister' of 'bo' overlaps the one of 'ana'") })
        #expect(messages.contains { $0.contains("warning: event 'unsourced' (2026-01-09) names 'bo', who died 2025-12-01") })
        #expect(messages.contains { $0.hasPrefix("Content/profiles/lonely.md:") && $0.contains("warning: profile 'lonely' is not referenced") })
        #expect(!messages.contains { $0.contains("profile 'ana' is not referenced") })
    }

    @Test func strictTurnsWarningsIntoErrors() {
        let messages = Self.check("check-links", strict: true)
        #expect(!messages.isEmpty && messages.allSatisfy { !$0.contains(": warning: ") })
        #expect(messages.contains { $0.contains("error: event 'unsourced' has no sources") })
    }

    @Test func exportFixtureHasNoBrokenLinks() {
        let messages = Self.check("export-basic")
        #expect(!messages.contains { $0.contains("error") }, "\(messages.joined(separator: "\n"))")
    }

    @Test func externalTargetsAreDistinctAndSorted() throws {
        let site = ExportSupport.fixture("export-basic")
        let (_, graph, _) = SiteBuilder.generate(BuildOptions(siteFolder: site, outputFolder: site.appendingPathComponent("Output")))
        let targets = ExternalLinkChecker.targets(try #require(graph))
        #expect(targets.map(\.url) == ["https://example.com/ana", "https://example.com/founding", "https://example.com/statement"])
        #expect(targets[0].locations.first?.file == "Content/profiles/ana-perez.md")
    }

    /// Only the loopback interface: a closed port on 127.0.0.1 is refused at once, no network involved.
    @Test func unreachableExternalLinkIsAWarningWhereItWasWritten() async {
        var checker = ExternalLinkChecker()
        checker.timeout = 5
        let location = SourceLocation(file: "Content/events/x.yml", line: 7, column: 12)
        let found = await checker.check([(url: "http://127.0.0.1:9/gone", locations: [location])])
        #expect(found.count == 1)
        #expect(found.first?.description.hasPrefix("Content/events/x.yml:7:12: warning: link http://127.0.0.1:9/gone could not be reached") == true)
    }

    /// Links are taken apart on bytes when they are ASCII: the same pieces `Character`s give, whatever the
    /// text (CR LF, combining marks after `/` or `#`, which only the `Character` path sees as one).
    @Test func linkPartsAreWhatCharactersGive() {
        let texts = ["a/b/c", "/a//b/", "", "/", "x#y?z", "a\r\nb/c#d", "é/ü#f", "a/\u{301}b", "a#\u{301}b?c", "%C3%A9/x", "../..//./x/"]
        for text in texts {
            let link = Substring(text)
            for omitting in [true, false] {
                #expect(LinkChecker.split(link, omittingEmpty: omitting) == link.split(separator: "/", omittingEmptySubsequences: omitting), "\(text)")
            }
            for character: Character in ["#", "?", "/"] {
                #expect(LinkChecker.firstIndex(of: character, in: link) == link.firstIndex(of: character), "\(text) \(character)")
            }
        }
    }

    /// Links that climb exactly to the root are resolved on their bytes (`fromRoot`); every link must
    /// resolve as taking it apart segment by segment does, whichever way it goes.
    @Test func linksFromTheRootResolveAsTakingThemApartDoes() {
        let checker = LinkChecker(files: [], basePath: "/site/")
        let pages = ["index.html", "404.html", "a/index.html", "a/b/index.html", "timeline/people/y/index.html",
                     "a//b/index.html", "/a/index.html", "a/b/", "é/index.html"]
        let climbs = ["", "./", "../", "../../", "../../../", "../../../../", "/site/", "/", ".././", "./../"]
        let rests = ["", "x", "x/", "x/y/", "x//y", "./x", "x/./y", "x/../y", "..", ".", "x/..", "x/.", "é/x", "%C3%A9/",
                     "x\\y", "x/y/index.html", ".hidden/x", "..x/y", "x../", "/x", "x/y/.", "x\u{301}/y", "\u{301}x/"]
        var fast = 0
        for page in pages {
            for climb in climbs {
                for rest in rests {
                    let link = climb + rest
                    if LinkChecker.fromRoot(link, on: page) != nil { fast += 1 }
                    #expect(checker.resolve(link, from: page) == checker.takingApart(link, from: page), "\(link) on \(page)")
                }
            }
        }
        #expect(fast > 20)
        #expect(LinkChecker.fromRoot("../../../profiles/x/", on: "timeline/people/y/index.html") == "profiles/x/")
        #expect(LinkChecker.fromRoot("./feed.xml", on: "index.html") == "feed.xml")
        #expect(LinkChecker.fromRoot("../../profiles/x/", on: "timeline/people/y/index.html") == nil)
        #expect(LinkChecker.fromRoot("../../../a/../b/", on: "timeline/people/y/index.html") == nil)
        #expect(LinkChecker.attributes(["href", "id"], in: Array(#"<a href="x&amp;y" data-href="no" id="i" hreflang="en">t</a> href="text""#.utf8))
            == ["x&y", "i"])
    }

    /// `check` scans each page as it renders and keeps only its links and anchors: a checker built from
    /// those scans finds what one given the whole pages finds.
    @Test func pagesScannedAsTheyRenderCheckLikePagesHeldWhole() {
        let long = String(repeating: "é", count: 300)
        let first = ##"<a href="../b/#x">b</a><a href="../b/#x">again</a><p id="">e</p><h2 id="y" name="\##(long)">Y</h2>"##
            + ##"<img src="../missing.png"><a href="#\##(long)">long</a><a href="../b/#nope">no</a><a href="#y&amp;">amp</a>"##
        let second = #"<section id="x"><a name="z" href="../a/#y">a</a></section><a href="https://example.com/">out</a>"#
        let files = [OutputFile(path: "a/index.html", text: first), OutputFile(path: "b/index.html", text: second)]
        var whole = LinkChecker(files: files, basePath: "/")
        var scans: [String: LinkChecker.Scan] = [:]
        for file in files { if case .bytes(let bytes) = file.contents { scans[file.path] = LinkChecker.Scan(bytes) } }
        var scanned = LinkChecker(
            files: files.map { OutputFile(path: $0.path, contents: .stored(size: 0)) }, basePath: "/", scans: scans)
        let broken = whole.check()
        #expect(broken.map(\.href) == ["../missing.png", "../b/#nope", "#y&"])
        #expect(scanned.check() == broken)
        let page = Array(first.utf8)
        #expect(LinkChecker.Scan(page).anchorSet == Set(LinkChecker.attributes(["id", "name"], in: page)))
        #expect(LinkChecker.Scan(page).anchorSet == ["", "y", long])
        #expect(LinkChecker.Scan(page).links == ["../b/#x", "../missing.png", "#" + long, "../b/#nope", "#y&"])
    }

    /// The attribute scan (`memchr` from tag to tag, names compared on bytes) finds what the plain scan
    /// it replaced found, on seeded pieces of HTML put together at random, broken tags and quotes included.
    @Test func attributeScanFindsWhatThePlainScanFound() {
        /// The scan as it was: byte by byte, every attribute name made a `String` and looked up in a set.
        func plainScan(_ names: Set<String>, _ html: [UInt8]) -> [String] {
            var values: [String] = []
            var i = 0
            var inTag = false
            while i < html.count {
                let byte = html[i]
                if byte == UInt8(ascii: "<") {
                    inTag = i + 1 < html.count && html[i + 1] >= UInt8(ascii: "a") && html[i + 1] <= UInt8(ascii: "z")
                } else if byte == UInt8(ascii: ">") {
                    inTag = false
                } else if inTag && (byte == 0x20 || byte == 0x0A || byte == 0x09) {
                    var j = i + 1
                    while j < html.count, (html[j] >= UInt8(ascii: "a") && html[j] <= UInt8(ascii: "z")) || html[j] == UInt8(ascii: "-") { j += 1 }
                    if j + 1 < html.count, html[j] == UInt8(ascii: "="), html[j + 1] == UInt8(ascii: "\"") {
                        let name = String(decoding: html[(i + 1)..<j], as: UTF8.self)
                        var k = j + 2
                        while k < html.count, html[k] != UInt8(ascii: "\"") { k += 1 }
                        if names.contains(name) { values.append(LinkChecker.decodeEntities(String(decoding: html[(j + 2)..<k], as: UTF8.self))) }
                        i = k + 1
                        continue
                    }
                }
                i += 1
            }
            return values
        }
        let pieces = ["<", ">", " ", "\n", "\t", "a", "p", "href", "src", "id", "name", "=", "\"", "x/", "#y", "&amp;", "é", "-",
                      "data-href", "<a ", "<p ", "</a>", " href=\"", " id=\"", "\">", "<!-- ", "<A ", "hrefs"]
        var random = SplitMix64(seed: 6)
        for _ in 0..<3_000 {
            let html = Array((0..<Int.random(in: 0...40, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined().utf8)
            for names in [["href", "src"], ["id", "name"], ["href", "src", "id", "name"]] {
                #expect(LinkChecker.attributes(names, in: html) == plainScan(Set(names), html), "\(String(decoding: html, as: UTF8.self))")
            }
        }
    }

    @Test func anchorsAndRelativePathsResolve() {
        let page = Array("<a href=\"../b/#x\">b</a><h2 id=\"x\">X</h2><img src=\"../../media/a.png\">".utf8)
        var checker = LinkChecker(
            files: [OutputFile(path: "a/b/index.html", text: String(decoding: page, as: UTF8.self)),
                    OutputFile(path: "a/index.html", text: "<p id=\"y\">y</p>")],
            basePath: "/site/")
        #expect(checker.problem(with: "../b/#x", on: "a/b/index.html") == nil)
        #expect(checker.problem(with: "../#y", on: "a/b/index.html") == nil)
        #expect(checker.problem(with: "/site/a/#y", on: "404.html") == nil)
        #expect(checker.problem(with: "../../../x", on: "a/b/index.html") == "it points outside the site")
        #expect(checker.problem(with: "#zz", on: "a/index.html") == "no element with id 'zz' on 'a/index.html'")
        #expect(checker.problem(with: "https://example.com/", on: "a/index.html") == nil)
        #expect(checker.problem(with: "../../media/a.png", on: "a/b/index.html") == "no such file 'media/a.png'")
    }
}
