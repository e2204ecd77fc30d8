import BriefingCore

/// RFC 4180 CSV: a header row, then records; quoted fields may hold commas, quotes (`""`) and newlines.
enum CSVReader {
    struct Row {
        var fields: [String]
        /// Line of the row's first character, and each field's column.
        var line: Int
        var columns: [Int]
    }

    /// Parses CSV into rows, or the first syntax error with its position.
    static func rows(_ text: String, file: String) -> Result<[Row], Diagnostic> {
        var rows: [Row] = []
        var fields: [String] = []
        var columns: [Int] = []
        var field: [UInt8] = []  // UTF-8: appending scalars to a String costs more than the rest of the parse
        var line = 1, column = 1
        var rowLine = 1, fieldColumn = 1
        var inQuotes = false
        var quoteStart = (1, 1)
        var afterQuote = false
        var scalars = Array(text.unicodeScalars)
        if scalars.last != "\n" { scalars.append("\n") }
        var index = 0

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            columns.append(fieldColumn)
            field.removeAll(keepingCapacity: true)
            afterQuote = false
        }
        func append(_ scalar: Unicode.Scalar) {
            if scalar.isASCII { field.append(UInt8(scalar.value)) } else { field.append(contentsOf: UTF8.encode(scalar)!) }
        }

        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if inQuotes {
                if scalar == "\"" {
                    if index < scalars.count && scalars[index] == "\"" {
                        field.append(UInt8(ascii: "\""))
                        index += 1
                        column += 2
                        continue
                    }
                    inQuotes = false
                    afterQuote = true
                } else {
                    append(scalar)
                }
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
                continue
            }
            switch scalar {
            case ",":
                endField()
                column += 1
                fieldColumn = column
            case "\n":
                endField()
                if !(fields.count == 1 && fields[0].isEmpty) {  // skip blank lines
                    rows.append(Row(fields: fields, line: rowLine, columns: columns))
                }
                fields = []
                columns = []
                line += 1
                column = 1
                rowLine = line
                fieldColumn = 1
            case "\"" where field.isEmpty && !afterQuote:
                inQuotes = true
                quoteStart = (line, column)
                column += 1
            default:
                if afterQuote {
                    return .failure(
                        Diagnostic(file: file, line: line, column: column, message: "unexpected text after a closing quote"))
                }
                append(scalar)
                column += 1
            }
        }
        if inQuotes {
            return .failure(
                Diagnostic(file: file, line: quoteStart.0, column: quoteStart.1, message: "unclosed quote in CSV field"))
        }
        return .success(rows)
    }
}
