import Testing

@testable import BriefingServer

@Suite struct RequestPathTests {
    @Test(arguments: [
        ("/", [String](), true), ("/briefings/first-talks/", ["briefings", "first-talks"], true),
        ("/assets/style.css", ["assets", "style.css"], false), ("/caf%C3%A9/", ["café"], true),
        ("//assets//style.css", ["assets", "style.css"], false),
    ])
    func acceptsOrdinaryPaths(_ raw: String, _ segments: [String], _ isFolder: Bool) {
        #expect(RequestPath.parse(raw) == .success(RequestPath(segments: segments, isFolder: isFolder)))
    }

    @Test(arguments: [
        ("/../etc/passwd", RequestPath.Refusal.traversal), ("/%2e%2e/etc", .traversal), ("/%2E%2e/etc", .traversal),
        ("/%252e%252e/etc", .traversal), ("/..%5c..%5cetc", .traversal), ("/..%5C", .traversal), ("/a\\b", .traversal),
        ("/./index.html", .traversal), ("/a/..", .traversal), ("/index.html%00", .malformed), ("/%0a", .malformed),
        ("/%zz", .malformed), ("/%e", .malformed), ("/%ff", .malformed), ("index.html", .malformed),
    ])
    func refusesUnsafePaths(_ raw: String, _ refusal: RequestPath.Refusal) {
        #expect(RequestPath.parse(raw) == .failure(refusal))
    }

    @Test(arguments: [
        ("bytes=0-9", ByteRange.range(0...9)), ("bytes=90-", .range(90...99)), ("bytes=-10", .range(90...99)),
        ("bytes=50-500", .range(50...99)), ("bytes=100-", .unsatisfiable), ("bytes=9-3", .unsatisfiable),
        ("bytes=0-1,5-6", .whole), ("items=0-1", .whole),
    ])
    func parsesRanges(_ header: String, _ expected: ByteRange) {
        #expect(ByteRange.parse(header, length: 100) == expected)
    }
}
