import Foundation
import NollyCrypto

extension RequestSignature {
    /// The components every NollyCrew request signature covers, in order.
    static let coveredComponents = "(\"@method\" \"@target-uri\" \"@authority\" \"content-digest\")"
    /// The longest signature header field read; anything longer is refused unparsed.
    static let maxFieldBytes = 1_024

    /// The HTTP header fields that carry this signature (PROTOCOL.md, "Signed requests").
    /// Binary values are hex between colons.
    public var headerFields: [(name: String, value: String)] {
        [
            ("Content-Digest", "blake2b-256=:\(Hex.encode(bodyDigest)):"),
            (
                "Signature-Input",
                "sig1=\(Self.coveredComponents);created=\(created);expires=\(expires);"
                    + "nonce=\"\(Hex.encode(nonce))\";keyid=\"\(keyID.hex)\";alg=\"ed25519\""
            ),
            ("Signature", "sig1=:\(Hex.encode(signature)):"),
        ]
    }

    /// Reassembles the signature of a received request from its header fields; `header`
    /// looks a field up by its lower-case name.
    public init(
        method: String,
        target: String,
        authority: String,
        header: (String) -> String?
    ) throws(RequestRefusal) {
        guard let digestField = header("content-digest"), let inputField = header("signature-input"),
            let signatureField = header("signature")
        else { throw .unsigned("the request lacks Content-Digest, Signature-Input or Signature") }
        guard [digestField, inputField, signatureField].allSatisfy({ $0.utf8.count <= Self.maxFieldBytes }) else {
            throw .unsigned("a signature header field is longer than \(Self.maxFieldBytes) bytes")
        }
        guard let digest = Self.colonHex(digestField, label: "blake2b-256"), digest.count == 32 else {
            throw .unsigned("Content-Digest must be blake2b-256=:<64 hex digits>:")
        }
        guard let signature = Self.colonHex(signatureField, label: "sig1"), signature.count == 64 else {
            throw .unsigned("Signature must be sig1=:<128 hex digits>:")
        }
        let prefix = "sig1=\(Self.coveredComponents)"
        guard inputField.hasPrefix(prefix) else {
            throw .unsigned("Signature-Input must be sig1=\(Self.coveredComponents);created=…")
        }
        var parameters = [String: String]()
        for item in inputField.dropFirst(prefix.count).split(separator: ";") {
            let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            parameters[pair[0]] = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        guard let created = parameters["created"].flatMap(UInt64.init),
            let expires = parameters["expires"].flatMap(UInt64.init),
            let nonce = parameters["nonce"].flatMap(Hex.decode), (8...64).contains(nonce.count),
            let keyBytes = parameters["keyid"].flatMap(Hex.decode),
            let key = try? SigningPublicKey(bytes: keyBytes), parameters["alg"] == "ed25519"
        else {
            throw .unsigned(
                "Signature-Input needs created, expires, nonce (8 to 64 bytes in hex), keyid (hex Ed25519 key) "
                    + "and alg=\"ed25519\""
            )
        }
        self.init(
            method: method,
            target: target,
            authority: authority,
            bodyDigest: digest,
            created: created,
            expires: expires,
            nonce: nonce,
            keyID: key,
            signature: signature
        )
    }

    /// The bytes of `label=:<hex>:`.
    private static func colonHex(_ field: String, label: String) -> [UInt8]? {
        let prefix = "\(label)=:"
        guard field.hasPrefix(prefix), field.hasSuffix(":"), field.count > prefix.count + 1 else { return nil }
        return Hex.decode(field.dropFirst(prefix.count).dropLast())
    }
}
