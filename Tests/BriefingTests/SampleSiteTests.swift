import BriefingCore
import BriefingSite
import Foundation
import Testing

/// The repository's own sample site, built once, checked on its real output.
@Suite struct SampleSiteTests {
    static let output: URL? = {
        let output = TestSupport.temporaryFolder("sample").appendingPathComponent("Output")
        let (_, result) = TestSupport.build(TestSupport.packageRoot, output: output)
        return (try? result.get()) != nil ? output : nil
    }()

    func page(_ path: String) throws -> String {
        let output = try #require(Self.output, "the sample site must build")
        return try TestSupport.read(output, path)
    }

    @Test func buildsWithoutErrors() throws {
        let (_, result) = TestSupport.build(TestSupport.packageRoot, output: TestSupport.temporaryFolder("sample2").appendingPathComponent("o"))
        #expect(TestSupport.errors(of: result).isEmpty)
    }

    @Test func shapiroProfileListsAndLinksTheCoup() throws {
        let html = try page("profiles/charles-shapiro/index.html")
        // Listed among his events (not only linked from the bio): the event's title appears as an event link.
        let events = try #require(html.range(of: "id=\"events-heading\""), "no events section")
        let section = html[events.lowerBound...].prefix { _ in true }
        let end = section.range(of: "</section>")?.lowerBound ?? section.endIndex
        #expect(section[..<end].contains(#"href="../../events/coup-attempt-2002/""#))
    }

    @Test func rodriguezProfileListsThe14JanuaryBriefing() throws {
        let html = try page("profiles/delcy-rodriguez/index.html")
        let briefings = try #require(html.range(of: "id=\"briefings-heading\""), "no briefings section")
        let section = html[briefings.lowerBound...]
        let end = section.range(of: "</section>")?.lowerBound ?? section.endIndex
        #expect(section[..<end].contains(#"href="../../briefings/embassies-first-steps/""#))
        #expect(section[..<end].contains("14 January 2026"))
    }

    @Test func timelineIsChronological() throws {
        let html = try page("timeline/index.html")
        let anchors = ["id=\"maisto-ambassador\"", "id=\"coup-attempt-2002\"", "id=\"palmer-rejected\"",
            "id=\"us-personnel-expelled\"", "id=\"maduro-seized\"", "id=\"us-delegation-caracas\"",
            "id=\"delegation-returns-bogota\"", "id=\"security-alert\"", "id=\"rodriguez-statement\""]
        let positions = try anchors.map { anchor in try #require(html.range(of: anchor), "\(anchor) missing").lowerBound }
        #expect(positions == positions.sorted())
    }

    @Test func partialDatesShownAsWritten() throws {
        let html = try page("timeline/index.html")
        #expect(html.contains(#"<time datetime="1997">1997–2000</time>"#))
        #expect(html.contains(#"<time datetime="2010-08">c. August 2010</time>"#))
        #expect(html.contains(#"<time datetime="2019-01">January 2019</time>"#))
        #expect(!html.contains("1 January 1997"))
        #expect(!html.contains("1 August 2010"))
    }

    @Test func everyEventHasAPage() throws {
        let output = try #require(Self.output)
        let (content, _) = ContentLoader(siteFolder: TestSupport.packageRoot).load()
        let events = try #require(content?.events)
        #expect(events.count >= 14)
        for event in events {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("events/\(event.id)/index.html").path))
            #expect(!event.sources.isEmpty, "\(event.id) has no source")
        }
    }

    @Test func eraSectionsOnTheTimeline() throws {
        let html = try page("timeline/index.html")
        for era in ["era-chavez-presidency", "era-maduro-presidency", "era-interim-government"] {
            #expect(html.contains("id=\"\(era)\""))
        }
    }

    @Test func everyPageLinksRelatively() throws {
        let output = try #require(Self.output)
        for (path, data) in TestSupport.snapshot(output) where path.hasSuffix(".html") && path != "404.html" {
            let html = String(decoding: data, as: UTF8.self)
            #expect(!html.contains("href=\"/"), "\(path) has a root-absolute link")
            #expect(!html.contains("\u{0}"), "\(path) kept a root marker")
        }
    }

    @Test func noPageRepeatsAnID() throws {
        let output = try #require(Self.output)
        for (path, data) in TestSupport.snapshot(output) where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            var seen: Set<Substring> = []
            for part in html.split(separator: " id=\"").dropFirst() {
                let id = part.prefix { $0 != "\"" }
                #expect(seen.insert(id).inserted, "\(path) repeats id \(id)")
            }
        }
    }

    @Test func buildIsDeterministic() throws {
        let a = TestSupport.temporaryFolder("det").appendingPathComponent("o")
        let b = TestSupport.temporaryFolder("det").appendingPathComponent("o")
        _ = try TestSupport.build(TestSupport.packageRoot, output: a).1.get()
        _ = try TestSupport.build(TestSupport.packageRoot, output: b).1.get()
        #expect(TestSupport.snapshot(a) == TestSupport.snapshot(b))
    }
}
