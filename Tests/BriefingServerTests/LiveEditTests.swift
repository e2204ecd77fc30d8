import BriefingServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// End to end: a running preview, files edited on disk, what the browser is served next.
@Suite struct LiveEditTests {
    static let briefing = "Content/briefings/2026-01-10-first-talks.md"
    static let page = "/briefings/first-talks/"

    /// No bound on the time is asserted (a busy CI machine must not fail it); `Benchmarks/run` measures it.
    @Test func servesAnEditedBriefing() async throws {
        let site = try ServeSupport.site()
        let app = try buildApplication(ServeSupport.options(site: site))
        try await app.test(.live) { client in
            let before = try await client.execute(uri: Self.page, method: .get) { String(buffer: $0.body) }
            #expect(before.contains("Original briefing text."))
            try ServeSupport.edit(site, Self.briefing) { $0.replacingOccurrences(of: "Original briefing text.", with: "Edited on disk.") }
            let updated = try await ServeSupport.eventually {
                try await client.execute(uri: Self.page, method: .get) { String(buffer: $0.body).contains("Edited on disk.") }
            }
            #expect(updated)
        }
    }

    @Test func showsTheDiagnosticWhileABuildFailsAndClearsItWhenFixed() async throws {
        let site = try ServeSupport.site()
        let app = try buildApplication(ServeSupport.options(site: site))
        try await app.test(.live) { client in
            let overlay = "<div id=\"briefing-overlay\""
            let diagnostic = "Content/briefings/2026-01-10-first-talks.md:7:10: error: unknown profile &#39;ana-ruizz&#39;"
            func page() async throws -> String {
                try await client.execute(uri: Self.page, method: .get) { String(buffer: $0.body) }
            }
            #expect(!(try await page()).contains(overlay))

            try ServeSupport.edit(site, Self.briefing) { $0.replacingOccurrences(of: "people: [ana-ruiz]", with: "people: [ana-ruizz]") }
            #expect(try await ServeSupport.eventually { try await page().contains(overlay) })
            let broken = try await page()
            #expect(broken.contains(diagnostic), "\(broken)")
            #expect(broken.contains("Original briefing text."), "the last good page stays served")

            try ServeSupport.edit(site, Self.briefing) { $0.replacingOccurrences(of: "people: [ana-ruizz]", with: "people: [ana-ruiz]") }
            #expect(try await ServeSupport.eventually { try await !page().contains(overlay) })
        }
    }

    @Test func survivesDeletedAndRecreatedFolders() async throws {
        let site = try ServeSupport.site()
        let app = try buildApplication(ServeSupport.options(site: site))
        try await app.test(.live) { client in
            let briefings = site.appendingPathComponent("Content/briefings")
            let parked = site.appendingPathComponent("parked")
            try FileManager.default.moveItem(at: briefings, to: parked)
            #expect(try await ServeSupport.eventually {
                try await client.execute(uri: Self.page, method: .get) { $0.status == .notFound }
            })
            try FileManager.default.moveItem(at: parked, to: briefings)
            #expect(try await ServeSupport.eventually {
                try await client.execute(uri: Self.page, method: .get) { $0.status == .ok }
            })
        }
    }

    @Test func sendsTheStatusOverServerSentEvents() async throws {
        let site = try ServeSupport.site()
        let app = try buildApplication(ServeSupport.options(site: site))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let reply = try await RawHTTP.send(
                port: port, "GET /__briefing/events HTTP/1.1\r\nHost: localhost\r\n\r\n", until: "\"errors\":[]}")
            #expect(reply.status == 200)
            #expect(reply.text.lowercased().contains("content-type: text/event-stream"))
            #expect(reply.text.contains("data: {\"generation\":1,\"errors\":[]}"))
        }
    }
}

extension LiveEditTests {
    @Test func showsTheErrorsWhenTheFirstBuildFailsAndRecovers() async throws {
        let site = try ServeSupport.site()
        try ServeSupport.edit(site, Self.briefing) { $0.replacingOccurrences(of: "people: [ana-ruiz]", with: "people: [nobody]") }
        let app = try buildApplication(ServeSupport.options(site: site))
        try await app.test(.live) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .internalServerError)
                #expect(String(buffer: response.body).contains("unknown profile &#39;nobody&#39;"))
            }
            try ServeSupport.edit(site, Self.briefing) { $0.replacingOccurrences(of: "people: [nobody]", with: "people: [ana-ruiz]") }
            #expect(try await ServeSupport.eventually {
                try await client.execute(uri: "/", method: .get) { $0.status == .ok }
            })
        }
    }
}
