import NollyModel

/// Text rendering of rows for people.
enum RowPrinting {
    static func describe(_ row: RowSnapshot) -> String {
        var lines = ["\(row.entity.rawValue) \(row.row.hex)"]
        for name in row.fields.keys.sorted() {
            switch row.fields[name]! {
            case .single(let value): lines.append("  \(name): \(value)")
            case .set(let values): lines.append("  \(name): \(values.map(\.description).joined(separator: ", "))")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func table(_ rows: [RowSnapshot], columns: [String]) -> String {
        guard !rows.isEmpty else { return "(none)" }
        return rows.map { row in
            let cells = columns.map { name -> String in
                switch row.fields[name] {
                case .single(let value): return value.description
                case .set(let values): return values.map(\.description).joined(separator: ",")
                case nil: return "-"
                }
            }
            return ([row.row.hex] + cells).joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// Rows of cells as columns padded to their widest cell.
    static func aligned(_ rows: [[String]]) -> String {
        let widths = rows.reduce(into: [Int]()) { widths, row in
            for (column, cell) in row.enumerated() {
                if column < widths.count {
                    widths[column] = max(widths[column], cell.count)
                } else {
                    widths.append(cell.count)
                }
            }
        }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
