import BriefingCore
import Foundation

/// A content file's text, checked and normalized before any parser sees it.
struct SourceText {
    /// Files larger than this are refused: no briefing needs it, and parsers should not be fed unbounded input.
    static let maximumBytes = 4 * 1024 * 1024

    /// The path shown in diagnostics (relative to the site folder).
    let path: String
    /// UTF-8 text with the BOM removed and every line ending turned into `\n`.
    let text: String

    init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// Reads and checks a file: size, UTF-8, no NUL bytes; CRLF and lone CR become LF.
    /// With POSIX calls: a large site has thousands of files, and Foundation's attributes (owner names
    /// and dates included) and `Data` copy cost more than reading them.
    static func read(_ url: URL, displayPath: String) -> Result<SourceText, Diagnostic> {
        func failure() -> Result<SourceText, Diagnostic> {
            .failure(Diagnostic(file: displayPath, message: "cannot read file: \(reason(errno: errno))"))
        }
        // Non-blocking, so that a named pipe cannot stall the build; it is refused below.
        let file = open(url.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard file >= 0 else { return failure() }
        defer { close(file) }
        var status = stat()
        guard fstat(file, &status) == 0 else { return failure() }
        guard status.st_mode & S_IFMT == S_IFREG else {
            return .failure(Diagnostic(file: displayPath, message: "cannot read file: not a regular file"))
        }
        let size = Int(status.st_size)
        if size > maximumBytes {
            return .failure(Diagnostic(file: displayPath, message: "file is \(size) bytes; the limit is \(maximumBytes)"))
        }
        // Read to the end, whatever the size said (a file can grow, and some report none).
        var bytes = [UInt8](repeating: 0, count: max(size, 0) + 1)
        var count = 0
        while true {
            if count == bytes.count { bytes += [UInt8](repeating: 0, count: bytes.count) }
            let read = bytes.withUnsafeMutableBytes { readFile(file, $0.baseAddress! + count, $0.count - count) }
            if read < 0 {
                if errno == EINTR { continue }
                return failure()
            }
            if read == 0 { break }
            count += read
        }
        bytes.removeLast(bytes.count - count)
        return decode(bytes: bytes, displayPath: displayPath)
    }

    /// Why a file operation failed, in the system's words ("permission denied"), rather than
    /// Foundation's "The operation could not be completed. You don't have permission."
    static func reason(_ error: any Error) -> String {
        guard let code = posixCode(error) else { return error.localizedDescription }
        return reason(errno: code)
    }

    static func reason(errno code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    /// The `errno` behind a Foundation file error, if it says.
    static func posixCode(_ error: any Error) -> Int32? {
        if let error = error as? POSIXError { return error.code.rawValue }
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain { return Int32(error.code) }
        // On Linux the underlying error may be stored as a Swift error, which `as? NSError` does not bridge.
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? any Error { return posixCode(underlying) }
        return nil
    }

    static func decode(_ data: Data, displayPath: String) -> Result<SourceText, Diagnostic> {
        decode(bytes: [UInt8](data), displayPath: displayPath)
    }

    static func decode(bytes: [UInt8], displayPath: String) -> Result<SourceText, Diagnostic> {
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let nul = bytes.withUnsafeBufferPointer({ $0.index(ofByte: 0) }) {
            let (line, column) = position(ofByte: nul, in: bytes)
            return .failure(Diagnostic(file: displayPath, line: line, column: column, message: "file contains a NUL byte"))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = firstInvalidUTF8(in: bytes)
            let (line, column) = position(ofByte: offset, in: bytes)
            return .failure(Diagnostic(file: displayPath, line: line, column: column, message: "file is not valid UTF-8"))
        }
        return .success(SourceText(path: displayPath, text: normalizeLineEndings(text)))
    }

    static func normalizeLineEndings(_ text: String) -> String {
        guard text.containsUTF8Byte(where: { $0 == 13 }) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    private static func position(ofByte offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1, column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == 10 { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }

    private static func firstInvalidUTF8(in bytes: [UInt8]) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput, .error: return offset
            }
        }
    }
}

/// `read(2)`, under a name the `read` methods above do not hide.
private func readFile(_ file: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(file, buffer, count)
}
