/// One problem found in a site, located in a source file, printed like a compiler's message.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case warning
        case error

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .warning && rhs == .error
        }
    }

    public var severity: Severity
    /// Path as the user should see it, relative to the site folder where possible.
    public var file: String
    /// 1-based; 0 when the problem concerns the file as a whole.
    public var line: Int
    /// 1-based; 0 when unknown.
    public var column: Int
    public var message: String

    public init(_ severity: Severity = .error, file: String, line: Int = 0, column: Int = 0, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public static func error(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.error, file: location.file, line: location.line, column: location.column, message: message)
    }

    public static func warning(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.warning, file: location.file, line: location.line, column: location.column, message: message)
    }

    public var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    /// `path:line:col: error: message`, the form editors and CI logs understand.
    public var description: String {
        var position = file
        if line > 0 {
            position += ":\(line)"
            position += ":\(max(column, 1))"
        }
        return "\(position): \(severity.rawValue): \(message)"
    }
}

/// A position in a source file: the file's path, 1-based line and column.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The same file, `lines` further down (for a body parsed apart from its front matter).
    public func offset(lines: Int) -> SourceLocation {
        SourceLocation(file: file, line: line + lines, column: column)
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// All problems of one run, gathered across stages so the user sees every one at once.
public struct Diagnostics: Error, Sendable, CustomStringConvertible {
    public private(set) var all: [Diagnostic] = []

    public init(_ diagnostics: [Diagnostic] = []) {
        self.all = diagnostics
    }

    public mutating func append(_ diagnostic: Diagnostic) {
        all.append(diagnostic)
    }

    public mutating func append(contentsOf other: some Sequence<Diagnostic>) {
        all.append(contentsOf: other)
    }

    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }
    public var hasErrors: Bool { all.contains { $0.severity == .error } }
    public var isEmpty: Bool { all.isEmpty }

    /// Sorted by file, line and column, duplicates removed: the same order on every run.
    public var sorted: [Diagnostic] {
        var seen = Set<Diagnostic>()
        return all.filter { seen.insert($0).inserted }.sorted {
            ($0.file, $0.line, $0.column, $0.message) < ($1.file, $1.line, $1.column, $1.message)
        }
    }

    public var description: String { sorted.map(\.description).joined(separator: "\n") }
}
