import Testing

@testable import BriefingSite

/// The memo keys of `serve`: a context's digest must not depend on the order its fields were set in, and
/// must change with any name or value anywhere in it.
@Suite struct ContextDigestTests {
    func key(_ context: TemplateObject, path: String = "a/index.html") -> Int {
        ContextDigest.key(template: 1, path: path, context)
    }

    @Test func fieldOrderDoesNotMatterAndEveryChangeDoes() {
        let event: TemplateObject = [.title: .string("Talks"), .url: .string("events/talks/"), .count: .int(3)]
        let sameEventReordered: TemplateObject = [.count: .int(3), .title: .string("Talks"), .url: .string("events/talks/")]
        var page: TemplateObject = [.title: .string("Page"), .events: .objects([event]), .current: .bool(true)]
        page[TemplateName("custom")] = .string("x")
        var reordered: TemplateObject = [.current: .bool(true), .events: .objects([sameEventReordered])]
        reordered[TemplateName("custom")] = .string("x")
        reordered[.title] = .string("Page")
        #expect(key(page) == key(reordered))
        // A list of objects and `.objects` of the same objects are the same list to a template.
        var asList = page
        asList[.events] = .list([.object(event)])
        #expect(key(asList) == key(page))

        var changed: [TemplateObject] = []
        var deeper = page
        deeper[.events] = .objects([[.title: .string("Talks"), .url: .string("events/talks/"), .count: .int(4)]])
        changed.append(deeper)
        var swapped = page
        swapped[.events] = .objects([[.title: .string("events/talks/"), .url: .string("Talks"), .count: .int(3)]])
        changed.append(swapped)
        var renamed = page
        renamed[TemplateName("custom")] = nil
        renamed[TemplateName("custom2")] = .string("x")
        changed.append(renamed)
        var retyped = page
        retyped[.current] = .int(1)
        changed.append(retyped)
        var extra = page
        extra[.description] = .string("")
        changed.append(extra)
        var reorderedList = page
        reorderedList[.events] = .objects([event, [.title: .string("Other")]])
        var otherOrder = page
        otherOrder[.events] = .objects([[.title: .string("Other")], event])
        changed.append(reorderedList)
        changed.append(otherOrder)
        let keys = [key(page)] + changed.map { key($0) }
        #expect(Set(keys).count == keys.count, "\(keys)")
        #expect(key(page, path: "b/index.html") != key(page))
        #expect(ContextDigest.key(template: 2, path: "a/index.html", page) != key(page))
    }
}
