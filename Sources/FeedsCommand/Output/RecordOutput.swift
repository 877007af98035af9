import ArgumentParser
import FeedDocuments
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How commands that print records print them (docs/cli.md).
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, jsonl, csv
}

/// A column of the table and CSV forms: a header and where its value stands
/// in each record's JSON object (a path of keys).
struct RecordColumn {
    var header: String
    var path: [String]
    /// Table cells longer than this are cut with "…" (CSV keeps them whole).
    var maximumWidth: Int = 40
    /// An ISO 8601 time, shown in tables to the minute: `2026-11-28 14:00`.
    var isTime = false

    init(_ header: String, _ path: String..., maximumWidth: Int = 40, isTime: Bool = false) {
        self.header = header
        self.path = path
        self.maximumWidth = maximumWidth
        self.isTime = isTime
    }

    func tableCell(of record: JSONValue) -> String {
        isTime ? DisplayDate.minutes(cell(of: record)) : cell(of: record)
    }

    func cell(of record: JSONValue) -> String {
        var value = record
        for key in path {
            guard case .object(let members) = value, let next = members.first(where: { $0.0 == key })?.1 else { return "" }
            value = next
        }
        switch value {
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .number(let number): return String(format: "%.2f", number)
        case .bool(let flag): return flag ? "yes" : "no"
        case .null: return ""
        case .array(let values): return values.map { RecordColumn(header, maximumWidth: maximumWidth).cell(of: $0) }.joined(separator: "; ")
        case .object: return value.serialized(pretty: false)
        }
    }
}

/// Records as a table, one JSON array, JSON Lines or CSV: the JSON forms
/// carry each whole object, the table and CSV forms the columns.
struct RecordOutput {
    var columns: [RecordColumn]
    var records: [JSONValue]

    func rendered(as format: OutputFormat) -> String {
        switch format {
        case .json: return JSONValue.array(records).serialized(pretty: true)
        case .jsonl: return records.map { $0.serialized(pretty: false) }.joined(separator: "\n")
        case .csv: return ([columns.map(\.header)] + rows(cut: false)).map { $0.map(Self.csvField).joined(separator: ",") }.joined(separator: "\r\n")
        case .table: return table()
        }
    }

    /// Prints the records, or nothing at all when there are none in a machine format.
    func print(as format: OutputFormat) {
        let output = rendered(as: format)
        if !output.isEmpty { CommandSupport.printLine(output) }
    }

    private func rows(cut: Bool) -> [[String]] {
        records.map { record in
            columns.map { column in
                let text = (cut ? column.tableCell(of: record) : column.cell(of: record)).split(whereSeparator: \.isNewline).joined(separator: " ")
                guard cut, text.count > column.maximumWidth else { return text }
                return String(text.prefix(column.maximumWidth - 1)) + "…"
            }
        }
    }

    private func table() -> String {
        let body = rows(cut: true)
        var all = [columns.map { $0.header.uppercased() }] + body
        var widths = columns.map { _ in 0 }
        for row in all {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        // On a terminal the table fits its width: the widest columns give way first.
        if let terminal = Self.terminalWidth, !widths.isEmpty {
            let separators = 2 * (widths.count - 1)
            while widths.reduce(0, +) + separators > terminal, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }),
                  widths[widest] > 8 {
                widths[widest] -= 1
            }
            all = all.map { row in
                row.enumerated().map { index, cell in cell.count > widths[index] ? String(cell.prefix(widths[index] - 1)) + "…" : cell }
            }
        }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }

    /// The terminal's width when standard output is one; nil when it is a pipe or a file.
    static var terminalWidth: Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap { Int($0) }
    }

    /// RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
