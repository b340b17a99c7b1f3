import Foundation

/// A value in `config.toml`.
public enum ConfigValue: Sendable, Equatable {
    case integer(Int64)
    case string(String)
    case bool(Bool)
}

/// Reads the node's `config.toml`: the subset of TOML a settings file needs. Comments, blank
/// lines, `[table]` headers, and `key = value` lines whose value is an integer, a basic
/// "string" or true/false. Anything else (arrays, inline tables, dates, floats, multi-line
/// strings, a repeated key) is refused with its line number, never guessed at.
public enum ConfigFile {
    /// The largest config file read, in bytes.
    public static let maxBytes = 64 << 10

    /// The file's settings, keyed `table.key` (or `key` before any table).
    public static func parse(_ text: String) throws(NodeError) -> [String: ConfigValue] {
        guard text.utf8.count <= maxBytes else {
            throw NodeError(.invalidInput, "config.toml is larger than \(maxBytes / 1024) KiB")
        }
        var values = [String: ConfigValue]()
        var table = ""
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let content = try stripComment(line, line: number).trimmingCharacters(in: .whitespaces)
            if content.isEmpty { continue }
            if content.hasPrefix("[") {
                guard content.hasSuffix("]"), !content.hasPrefix("[["),
                    let name = bareKey(content.dropFirst().dropLast())
                else { throw problem(number, "a table header is [name], with a bare name") }
                table = name
                continue
            }
            guard let equals = content.firstIndex(of: "=") else {
                throw problem(number, "expected key = value")
            }
            guard let key = bareKey(content[..<equals]) else {
                throw problem(number, "a key is letters, digits, '_' and '-'")
            }
            let name = table.isEmpty ? key : "\(table).\(key)"
            guard values[name] == nil else { throw problem(number, "\(name) is set twice") }
            values[name] = try value(content[content.index(after: equals)...], line: number)
        }
        return values
    }

    private static func problem(_ line: Int, _ message: String) -> NodeError {
        NodeError(.invalidInput, "config.toml line \(line): \(message)")
    }

    private static func bareKey(_ text: Substring) -> String? {
        let key = text.trimmingCharacters(in: .whitespaces)
        let allowed = key.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" || $0 == "-"
        }
        return !key.isEmpty && allowed ? key : nil
    }

    /// The line without a `#` comment, minding `#` inside a string.
    private static func stripComment(_ line: Substring, line number: Int) throws(NodeError) -> String {
        var inString = false
        var escaped = false
        for index in line.indices {
            let character = line[index]
            if escaped {
                escaped = false
            } else if inString && character == "\\" {
                escaped = true
            } else if character == "\"" {
                inString.toggle()
            } else if character == "#" && !inString {
                return String(line[..<index])
            }
        }
        return String(line)
    }

    private static func value(_ text: Substring, line: Int) throws(NodeError) -> ConfigValue {
        let text = text.trimmingCharacters(in: .whitespaces)
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: break
        }
        if text.hasPrefix("\"") { return .string(try string(text, line: line)) }
        let digits = text.replacingOccurrences(of: "_", with: "")
        if !text.hasPrefix("_"), !text.hasSuffix("_"), !text.contains("__"), let number = Int64(digits),
            digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") })
        {
            return .integer(number)
        }
        throw problem(line, "a value is an integer, a \"string\", true or false (got '\(text)')")
    }

    private static func string(_ text: String, line: Int) throws(NodeError) -> String {
        var result = ""
        var escaped = false
        var closed = false
        for character in text.dropFirst() {
            if closed { throw problem(line, "text after the closing quote") }
            if escaped {
                switch character {
                case "\"": result.append("\"")
                case "\\": result.append("\\")
                case "n": result.append("\n")
                case "t": result.append("\t")
                default: throw problem(line, "unknown escape \\\(character) in a string")
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                closed = true
            } else if character.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                throw problem(line, "control character in a string")
            } else {
                result.append(character)
            }
        }
        guard closed else { throw problem(line, "a string is not closed") }
        return result
    }
}
