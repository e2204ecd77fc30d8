import BriefingCore
import BriefingMarkdown
import Foundation
import Testing

@testable import BriefingSite

/// Parse and link stages on the minimal fixture: reference links, heading ids, summaries, raw HTML, mentions.
@Suite struct MarkdownStageTests {
    func built(_ changes: [String: String?] = [:]) throws -> URL {
        let site = try TestSupport.site("minimal", changes: changes)
        let (output, result) = TestSupport.build(site)
        _ = try result.get()
        return output
    }

    @Test func referenceLinksBecomeRelativeURLs() throws {
        let page = try TestSupport.read(try built(), "briefings/meeting/index.html")
        #expect(page.contains(#"<a href="../../events/founding/">the founding</a>"#))
        #expect(page.contains(#"<a href="../../briefings/first-steps/">the first briefing</a>"#))
    }

    @Test func headingsGetStableIDs() throws {
        let page = try TestSupport.read(try built(), "briefings/meeting/index.html")
        #expect(page.contains(#"<h2 id="what-happened">What happened</h2>"#))
    }

    @Test func summaryFallsBackToTheFirstParagraph() throws {
        let index = try TestSupport.read(try built(), "briefings/index.html")
        #expect(index.contains("<p>The group takes its first steps.</p>"))  // from front matter
        #expect(index.contains("Ana Pérez met Bo Li again. Pérez spoke first; Bo Li in code stays code."))
    }

    @Test func rawHTMLIsOmittedByDefault() throws {
        let page = try TestSupport.read(try built(), "briefings/meeting/index.html")
        #expect(!page.contains("<script>alert(1)</script>"))
        #expect(page.contains("<!-- raw HTML omitted -->"))
    }

    @Test func rawHTMLPassesWhenTheSiteOptsIn() throws {
        let settings = "title: T\nbase_url: https://example.org/\nunsafe_html: true\n"
        let page = try TestSupport.read(try built(["Content/site.yml": settings]), "briefings/meeting/index.html")
        #expect(page.contains("<script>alert(1)</script>"))
    }

    @Test func firstPlainMentionOfEachProfileIsLinked() throws {
        let page = try TestSupport.read(try built(), "briefings/meeting/index.html")
        // "Ana Pérez" is linked once; the alias "Pérez" later is not linked again; Bo Li is linked; code stays code.
        #expect(page.contains(#"<p><a href="../../profiles/ana-perez/">Ana Pérez</a> met <a href="../../profiles/bo-li/">Bo Li</a> again. Pérez spoke first; <code>Bo Li</code> in code stays code.</p>"#))
    }

    @Test func mentionsAreNotLinkedInsideHeadingsOrLinks() throws {
        let body = "---\ntitle: T\ndate: 2011-06-01\n---\n## Ana Pérez\n\n[Ana Pérez](https://example.org) and then Ana Pérez.\n"
        let page = try TestSupport.read(try built(["Content/briefings/2011-06-01-t.md": body]), "briefings/t/index.html")
        #expect(page.contains(#"<h2 id="ana-perez">Ana Pérez</h2>"#))
        #expect(page.contains(#"<a href="https://example.org">Ana Pérez</a> and then <a href="../../profiles/ana-perez/">Ana Pérez</a>."#))
    }

    /// Text that is all ASCII is matched byte by byte; the word boundaries must be the same as elsewhere.
    @Test func mentionsInASCIITextStopAtWordBoundaries() throws {
        let body = "---\ntitle: T\ndate: 2011-06-01\n---\nBo Lin and xBo Li came; then Bo Li9 and Bo Li.\n"
        let page = try TestSupport.read(try built(["Content/briefings/2011-06-01-t.md": body]), "briefings/t/index.html")
        #expect(page.contains(#"<p>Bo Lin and xBo Li came; then Bo Li9 and <a href="../../profiles/bo-li/">Bo Li</a>.</p>"#))
    }

    /// A name written with a character canonically equivalent to ASCII (the Kelvin sign, U+212A, for K)
    /// matches the ASCII spelling, as names match everywhere (`Character` comparison).
    @Test func mentionOfANameEquivalentToASCIIIsLinked() throws {
        let profile = "---\nname: \u{212A}elvin Ross\nkind: person\n---\nA profile.\n"
        let body = "---\ntitle: T\ndate: 2011-06-01\n---\nThen Kelvin Ross spoke.\n"
        let site = try built(["Content/profiles/kelvin-ross.md": profile, "Content/briefings/2011-06-01-t.md": body])
        let page = try TestSupport.read(site, "briefings/t/index.html")
        #expect(page.contains(#"Then <a href="../../profiles/kelvin-ross/">Kelvin Ross</a> spoke."#))
        // And the other way round: an ASCII name, text written with the Kelvin sign.
        let ascii = "---\nname: Kelvin Ross\nkind: person\n---\nA profile.\n"
        let signed = "---\ntitle: T\ndate: 2011-06-01\n---\nThen \u{212A}elvin Ross spoke.\n"
        let other = try built(["Content/profiles/kelvin-ross.md": ascii, "Content/briefings/2011-06-01-t.md": signed])
        #expect(try TestSupport.read(other, "briefings/t/index.html").contains(#"Then <a href="../../profiles/kelvin-ross/">\#u{212A}elvin Ross</a> spoke."#))
    }

    @Test func mentionsCountAsBackLinks() throws {
        let profile = try TestSupport.read(try built(), "profiles/ana-perez/index.html")
        #expect(profile.contains("The second meeting"))
    }

    @Test func dangerousLinkSchemesAreBlanked() throws {
        let body = "---\ntitle: T\ndate: 2011-06-01\n---\n[x](javascript:alert(1)) [y](JaVaScRiPt:alert(2)) [z](data:text/html,hi)\n"
        let page = try TestSupport.read(try built(["Content/briefings/2011-06-01-t.md": body]), "briefings/t/index.html")
        #expect(!page.lowercased().contains("javascript:"))
        #expect(!page.contains("data:text/html"))
    }
}
