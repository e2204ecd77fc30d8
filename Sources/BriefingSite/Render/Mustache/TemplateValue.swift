/// A value a template shows: what page contexts are built from.
///
/// Contexts used to be `[String: Any]`. Every name a template looked up was then hashed again at each
/// level of the context stack, and every value read was an existential copy and a dynamic cast; on a
/// 15,000-page site that was a fifth of the build. Here names are `TemplateKey`s, compared as bytes,
/// and values are read by a `switch`.
enum TemplateValue: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case double(Double)
    case list([TemplateValue])
    /// A list of objects, the usual list (events, profiles, briefings), kept without wrapping each one.
    case objects([TemplateObject])
    case object(TemplateObject)

    /// A value of a `[String: Any]` context (strings, numbers, booleans, arrays and dictionaries);
    /// other values become objects of their stored properties, or their description.
    init(_ any: Any) {
        // The exact types first: a failing cast costs more than a successful one.
        let type = type(of: any)
        if type == String.self {
            self = .string(any as! String)
        } else if type == Int.self {
            self = .int(any as! Int)
        } else if type == Bool.self {
            self = .bool(any as! Bool)
        } else if let value = any as? TemplateValue {
            self = value
        } else if let object = any as? TemplateObject {
            self = .object(object)
        } else if let text = any as? String {
            self = .string(text)
        } else if let flag = any as? Bool {
            self = .bool(flag)
        } else if let number = any as? Int {
            self = .int(number)
        } else if let number = any as? Double {
            self = .double(number)
        } else if let dictionary = any as? [String: Any] {
            self = .object(TemplateObject(dictionary))
        } else if let list = any as? [Any] {
            self = .list(list.map(TemplateValue.init))
        } else {
            let children = Mirror(reflecting: any).children.compactMap { child in child.label.map { ($0, child.value) } }
            if children.isEmpty {
                self = .string(String(describing: any))
            } else {
                self = .object(TemplateObject(Dictionary(children) { first, _ in first }))
            }
        }
    }

    /// An object's fields in place (see `TemplateObject.unsafeFields`); nil for other values.
    var unsafeFields: UnsafeBufferPointer<TemplateObject.Field>? {
        guard case .object(let object) = self else { return nil }
        return object.unsafeFields
    }

    /// The value of `name` when this is an object that has it. A method, so that a value in an array
    /// is read in place instead of copied out of it.
    func field(_ name: TemplateName) -> TemplateValue? {
        guard case .object(let object) = self else { return nil }
        return object[name]
    }
}

extension TemplateValue: ExpressibleByBooleanLiteral {
    init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// An object of a template context: fields by `TemplateKey`, read by a linear search (objects have
/// a few to twenty fields; a search compares bytes, where a dictionary hashed the name).
///
/// One array is all it holds, so copying an object (pushing it on the renderer's stack, reading it
/// out of a list) costs one reference count. A name outside `TemplateKey`, which only objects converted
/// from `[String: Any]` have, is a field keyed `.named` whose value is the list `[name, value]`.
struct TemplateObject: Sendable, ExpressibleByDictionaryLiteral {
    struct Field: Sendable {
        let key: TemplateKey
        var value: TemplateValue

        /// The name and value as a template sees them (a `.named` field holds its name in its value).
        var named: (name: String, value: TemplateValue) {
            if key == .named, case .list(let pair) = value, case .string(let name) = pair[0] { return (name, pair[1]) }
            return (key.rawValue, value)
        }
    }

    private(set) var fields: [Field]

    /// The keys of a literal are distinct, as a dictionary literal's must be: appended without a search.
    init(dictionaryLiteral elements: (TemplateKey, TemplateValue)...) {
        fields = []
        fields.reserveCapacity(elements.count)
        for (key, value) in elements {
            assert(!fields.contains { $0.key == key }, "duplicate key \(key) in a context literal")
            fields.append(Field(key: key, value: value))
        }
    }

    init(_ dictionary: [String: Any]) {
        fields = []
        fields.reserveCapacity(dictionary.count)
        for (name, value) in dictionary { self[TemplateName(name)] = TemplateValue(value) }
    }

    /// The fields' storage, read without copying the array. Valid only while a copy of this object is
    /// kept alive and unchanged (the template renderer holds each one on its stack while it reads it).
    var unsafeFields: UnsafeBufferPointer<Field> {
        fields.withUnsafeBufferPointer { $0 }
    }

    /// An empty object with room for `capacity` fields, so that one built field by field is not moved
    /// as it grows.
    init(capacity: Int) {
        fields = []
        fields.reserveCapacity(capacity)
    }

    var isEmpty: Bool { fields.isEmpty }
    var count: Int { fields.count }

    subscript(key: TemplateKey) -> TemplateValue? {
        get {
            index(of: key).map { fields[$0].value }
        }
        set {
            if let index = index(of: key) {
                if let newValue { fields[index].value = newValue } else { fields.remove(at: index) }
            } else if let newValue {
                fields.append(Field(key: key, value: newValue))
            }
        }
    }

    /// Where the field keyed `key` is. Through the buffer: `firstIndex(where:)` copied (retained and
    /// released) every field it passed, and contexts are built by setting one field after another.
    private func index(of key: TemplateKey) -> Int? {
        fields.withUnsafeBufferPointer { fields in
            for index in fields.indices where fields[index].key == key { return index }
            return nil
        }
    }

    /// The value of a name as a template writes it.
    subscript(name: TemplateName) -> TemplateValue? {
        get {
            if let key = name.key { return self[key] }
            return namedIndex(name.text).map { fields[$0].named.value }
        }
        set {
            if let key = name.key { return self[key] = newValue }
            let index = namedIndex(name.text)
            switch (index, newValue) {
            case (let index?, let newValue?): fields[index].value = .list([.string(name.text), newValue])
            case (let index?, nil): fields.remove(at: index)
            case (nil, let newValue?): fields.append(Field(key: .named, value: .list([.string(name.text), newValue])))
            case (nil, nil): break
            }
        }
    }

    /// The field holding the name outside `TemplateKey`.
    private func namedIndex(_ name: String) -> Int? {
        fields.firstIndex { $0.key == .named && $0.named.name == name }
    }

    /// Every (name, value) pair, in name order.
    var sortedPairs: [(name: String, value: TemplateValue)] {
        fields.map(\.named).sorted { $0.name < $1.name }
    }

    /// `self` with `other`'s fields added, replacing those of the same name.
    func merging(_ other: TemplateObject) -> TemplateObject {
        var merged = self
        for field in other.fields {
            if field.key == .named {
                let (name, value) = field.named
                merged[TemplateName(name)] = value
            } else {
                merged[field.key] = field.value
            }
        }
        return merged
    }
}

/// A name in a template, resolved once when the template compiles.
struct TemplateName: Sendable {
    let text: String
    /// nil for a name outside `TemplateKey`.
    let key: TemplateKey?

    init(_ text: String) {
        self.text = text
        let key = TemplateKey(rawValue: text)
        self.key = key == .named ? nil : key
    }
}

/// The names the built-in page contexts use (the template contract in the README's Themes section).
enum TemplateKey: String, Sendable {
    case affiliations, aliases, alt, anchor, approximate, attribute, authors
    case baseURL, bio, body, born, briefing, briefings
    case canonicalURL, content, count, countLabel, country, credit, current
    case date, description, died, display
    case end, entries, eras, event, events
    case facet, filters, filtersHTML
    case groups
    case hasAliases, hasAuthors, hidden, html
    case id, image, importance, isBriefing, isEvent, isHome, isKey, isPlace, isTag, items, iso
    case key, keyEvents, keyPeople, keyYears, kind, kindLabel
    case language, latest, letter, letters, links
    case memberEvents, members, more
    case name, nav, next, nextYear
    case openGraph, otherBriefings, overview
    case page, pageFeed, people, places, positions, positionsChart, previous, previousYear, profile, profiles, publisher
    case related, role, root
    case sections, shared, sharedLabel, site, slug, sources, split, src, structuredData, style, summary
    case tag, tags, timelineURL, title, titleText
    case updated, url
    case value
    case when
    case year, years
    /// Not a name: the key of fields named outside this list (see `TemplateObject`).
    case named = " named"
}
