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
}
