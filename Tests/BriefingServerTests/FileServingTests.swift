import BriefingServer
import BriefingSite
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct FileServingTests {
    @Test func servesAPageWithTheLiveReloadScript() async throws {
        let app = try buildApplication(ServeSupport.options(site: try ServeSupport.site()))
        try await app.test(.live) { client in
            try await client.execute(uri: "/briefings/first-talks/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let body = String(buffer: response.body)
                #expect(body.contains("Original briefing text."))
                #expect(body.contains("<script id=\"briefing-live-reload\">"))
                #expect(body.contains("/__briefing/events"))
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Serve fixture"))
            }
        }
    }

    @Test func servesCSSWithItsMediaType() async throws {
        let app = try buildApplication(ServeSupport.options(site: try ServeSupport.site()))
        try await app.test(.live) { client in
            try await client.execute(uri: "/assets/style.css", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(!String(buffer: response.body).contains("briefing-live-reload"))
            }
        }
    }

    @Test func answersAMatchingETagWith304() async throws {
        let app = try buildApplication(ServeSupport.options(site: try ServeSupport.site()))
        try await app.test(.live) { client in
            let eTag = try await client.execute(uri: "/profiles/ana-ruiz/", method: .get) { response in
                #expect(response.status == .ok)
                return try #require(response.headers[.eTag])
            }
            try await client.execute(uri: "/profiles/ana-ruiz/", method: .get, headers: [.ifNoneMatch: eTag]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/profiles/ana-ruiz/", method: .get, headers: [.ifNoneMatch: "\"other\""]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func answersAMissingPageWithTheTheme404() async throws {
        let app = try buildApplication(ServeSupport.options(site: try ServeSupport.site()))
        try await app.test(.live) { client in
            try await client.execute(uri: "/no/such/page/", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: response.body).contains("Page not found"))
            }
        }
    }

    @Test func servesRangesAndHead() async throws {
        let app = try buildApplication(ServeSupport.options(site: try ServeSupport.site()))
        try await app.test(.live) { client in
            let full = try await client.execute(uri: "/assets/style.css", method: .get) { $0.body }
            try await client.execute(uri: "/assets/style.css", method: .get, headers: [.range: "bytes=0-9"]) { response in
                #expect(response.status == .partialContent)
                #expect(response.headers[.contentRange] == "bytes 0-9/\(full.readableBytes)")
                #expect(response.body == full.getSlice(at: 0, length: 10))
            }
            try await client.execute(uri: "/assets/style.css", method: .get, headers: [.range: "bytes=999999-"]) { response in
                #expect(response.status == .rangeNotSatisfiable)
            }
            try await client.execute(uri: "/assets/style.css", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentLength] == String(full.readableBytes))
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    @Test func redirectsAFolderWithoutItsSlash() async throws {
        let app = try buildApplication(ServeSupport.options(site: try ServeSupport.site()))
        try await app.test(.live) { client in
            try await client.execute(uri: "/profiles/ana-ruiz", method: .get) { response in
                #expect(response.status == .movedPermanently)
                #expect(response.headers[.location] == "/profiles/ana-ruiz/")
            }
        }
    }

    @Test func servesPagesUnderTheBaseURLPathToo() async throws {
        let app = try buildApplication(ServeSupport.options(site: try ServeSupport.site()))
        try await app.test(.live) { client in
            try await client.execute(uri: "/serve/assets/style.css", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test(arguments: [
        "/../Package.swift", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E/Package.swift",
        "/%252e%252e/%252e%252e/etc/passwd", "/..%5c..%5c..%5cetc/passwd", "/..\\..\\etc/passwd", "/assets/..%2f..%2f..%2fetc/passwd",
        "/index.html%00.css", "/./index.html", "/.briefing-output", "/%zz",
    ])
    func refusesTraversal(_ target: String) async throws {
        let app = try buildApplication(ServeSupport.options(site: try ServeSupport.site()))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let reply = try await RawHTTP.get(port: port, target)
            #expect([400, 403, 404].contains(reply.status), "\(target) → \(reply.status)")
            #expect(!reply.text.contains("root:x:0:0"))
            #expect(!reply.text.contains("PackageDescription"))
        }
    }

    @Test func refusesASymlinkOutOfTheServedFolder() async throws {
        let options = ServeSupport.options(site: try ServeSupport.site())
        let app = try buildApplication(options)
        let secret = options.build.siteFolder.deletingLastPathComponent().appendingPathComponent("secret.txt")
        try "top secret".write(to: secret, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            at: options.servedFolder.appendingPathComponent("leak.txt"), withDestinationURL: secret)
        try await app.test(.live) { client in
            try await client.execute(uri: "/leak.txt", method: .get) { response in
                #expect(response.status == .forbidden)
                #expect(!String(buffer: response.body).contains("top secret"))
            }
        }
    }

    @Test(arguments: [
        ("localhost:8080", true), ("127.0.0.1", true), ("[::1]:8080", true), ("LOCALHOST", true),
        ("evil.example", false), ("evil.example:8080", false), ("localhost.evil.example", false),
    ])
    func checksTheHostHeader(_ host: String, _ allowed: Bool) async throws {
        let app = try buildApplication(ServeSupport.options(site: try ServeSupport.site()))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let reply = try await RawHTTP.get(port: port, "/", host: host)
            #expect(reply.status == (allowed ? 200 : 403))
        }
    }

    @Test func buildOutputHasNoLiveReloadScript() throws {
        let site = try ServeSupport.site()
        var options = BuildOptions(siteFolder: site, outputFolder: site.deletingLastPathComponent().appendingPathComponent("Output"))
        options.themeFolder = ServeSupport.builtInTheme
        guard case .success = SiteBuilder.build(options) else {
            Issue.record("fixture does not build")
            return
        }
        let home = try String(contentsOf: options.outputFolder.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(!home.contains("briefing-live-reload"))
        #expect(!home.contains("__briefing"))
    }
}
