public import Foundation
public import NollyModel

/// The one JSON form of every read model: snake_case keys, absent optionals left out. The
/// CLI's `--json`, the API and the web app all encode through it, so they agree.
public enum ReadModelJSON {
    /// The JSON bytes of `value` (compact, keys sorted).
    public static func data(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The views hold only strings, integers, finite numbers, booleans and arrays and optionals
        // of them, which always encode.
        return (try? encoder.encode(value)) ?? Data("null".utf8)
    }

    /// `value` as a ``JSONValue``, for printing with the node's other JSON.
    public static func value(_ value: some Encodable) -> JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: data(value))) ?? .null
    }

    /// A decoder that reads what ``data(_:)`` writes.
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
