import NollyValues

/// A small JSON writer whose output is canonical: object keys sorted by their UTF-8 bytes,
/// no insignificant white space, strings escaped the same way every time, numbers as integers
/// or (in read models only: scores, distances) as the shortest decimal that reads back exactly.
/// Replicated values hold no fractions, so two replicas with the same state print the same bytes.
public enum JSONValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case unsigned(UInt64)
    /// A finite number with a fraction, for read models (a search score); never replicated state.
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.canonical == rhs.canonical }

    /// The canonical text.
    public var canonical: String {
        var out = ""
        write(to: &out, indent: nil, depth: 0)
        return out
    }

    /// Indented text for people (keys still sorted).
    public var pretty: String {
        var out = ""
        write(to: &out, indent: "  ", depth: 0)
        return out
    }

    private func write(to out: inout String, indent: String?, depth: Int) {
        let newline = indent.map { "\n" + String(repeating: $0, count: depth + 1) } ?? ""
        let closing = indent.map { "\n" + String(repeating: $0, count: depth) } ?? ""
        switch self {
        case .string(let text): Self.writeString(text, to: &out)
        case .integer(let number): out += String(number)
        case .unsigned(let number): out += String(number)
        case .number(let number): out += number.isFinite ? String(number) : "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            guard !items.isEmpty else { return out += "[]" }
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                out += newline
                item.write(to: &out, indent: indent, depth: depth + 1)
            }
            out += closing + "]"
        case .object(let members):
            guard !members.isEmpty else { return out += "{}" }
            out += "{"
            let sorted = members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            for (index, (key, value)) in sorted.enumerated() {
                if index > 0 { out += "," }
                out += newline
                Self.writeString(key, to: &out)
                out += indent == nil ? ":" : ": "
                value.write(to: &out, indent: indent, depth: depth + 1)
            }
            out += closing + "}"
        }
    }

    private static func writeString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

extension Value {
    /// The value in canonical JSON: money as an object, blobs as hex.
    public var json: JSONValue {
        switch self {
        case .text(let text): return .string(text)
        case .integer(let number): return .integer(number)
        case .flag(let flag): return .bool(flag)
        case .blob: return .string(description)
        case .money(let money):
            return .object([("currency", .string(money.currency)), ("minor_units", .integer(money.minorUnits))])
        }
    }
}

extension RowSnapshot {
    /// The row in canonical JSON.
    public var json: JSONValue {
        let fieldMembers: [(String, JSONValue)] = fields.map { name, content in
            switch content {
            case .single(let value): return (name, value.json)
            case .set(let values): return (name, .array(values.map(\.json)))
            }
        }
        return .object([
            ("entity", .string(entity.rawValue)),
            ("id", .string(row.hex)),
            ("fields", .object(fieldMembers)),
        ])
    }
}

extension JSONValue: Decodable {
    /// Reads any JSON document: integers stay exact (`integer`, `unsigned`), other numbers are
    /// `number`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Int64.self) {
            self = .integer(number)
        } else if let number = try? container.decode(UInt64.self) {
            self = .unsigned(number)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSONValue].self) {
            self = .array(items)
        } else if let members = try? container.decode([String: JSONValue].self) {
            self = .object(members.map { ($0.key, $0.value) })
        } else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "not a JSON value this node reads"
            )
        }
    }
}
