import Foundation
import NollyCrypto

extension RequestSignature {
    /// The components every NollyCrew request signature covers, in order.
    static let coveredComponents = "(\"@method\" \"@target-uri\" \"@authority\" \"content-digest\")"
    /// The longest signature header field read; anything longer is refused unparsed.
    static let maxFieldBytes = 1_024
    /// The signature parameters a request must carry, each once; no others are accepted.
    static let parameterNames: Set<String> = ["created", "expires", "nonce", "keyid", "alg", "tag"]

    /// The HTTP header fields that carry this signature (PROTOCOL.md, "Signed requests"):
    /// byte sequences are base64 between colons, as RFC 9421 and RFC 9530 write them.
    public var headerFields: [(name: String, value: String)] {
        [
            ("Content-Digest", Self.contentDigest(bodyDigest)),
            ("Signature-Input", "sig1=\(parameters)"),
            ("Signature", "sig1=:\(Data(signature).base64EncodedString()):"),
        ]
    }

    /// Reassembles the signature of a received request from its header fields; `header`
    /// looks a field up by its lower-case name. The parameters are kept exactly as received,
    /// since they are signed as they were written.
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
        guard let digest = Self.byteSequence(digestField, label: "sha-256"), digest.count == 32 else {
            throw .unsigned("Content-Digest must be sha-256=:<base64 of 32 bytes>:")
        }
        guard let signature = Self.byteSequence(signatureField, label: "sig1"), signature.count == 64 else {
            throw .unsigned("Signature must be sig1=:<base64 of 64 bytes>:")
        }
        let prefix = "sig1=\(Self.coveredComponents)"
        guard inputField.hasPrefix(prefix) else {
            throw .unsigned("Signature-Input must be sig1=\(Self.coveredComponents);created=…")
        }
        let parameterText = String(inputField.dropFirst("sig1=".count))
        var parameters = [String: String]()
        for item in inputField.dropFirst(prefix.count).split(separator: ";", omittingEmptySubsequences: false)
            .dropFirst()
        {
            let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, Self.parameterNames.contains(pair[0]), parameters[pair[0]] == nil else {
                throw .unsigned("Signature-Input has an unknown, repeated or empty parameter '\(item.prefix(20))'")
            }
            parameters[pair[0]] = pair[1]
        }
        guard parameters["tag"] == "\"\(Self.protocolTag)\"" else {
            throw .unsigned(
                "the request is not tagged \"\(Self.protocolTag)\": a node speaking an older protocol must be upgraded"
            )
        }
        guard let created = parameters["created"].flatMap(UInt64.init),
            let expires = parameters["expires"].flatMap(UInt64.init),
            let nonce = parameters["nonce"].flatMap(Self.quoted).flatMap(Hex.decode), (8...64).contains(nonce.count),
            let keyBytes = parameters["keyid"].flatMap(Self.quoted).flatMap(Hex.decode),
            let key = try? SigningPublicKey(bytes: keyBytes), parameters["alg"] == "\"ed25519\""
        else {
            throw .unsigned(
                "Signature-Input needs created, expires, nonce (8 to 64 bytes in lower-case hex), keyid (hex Ed25519 "
                    + "key), alg=\"ed25519\" and tag=\"\(Self.protocolTag)\""
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
            signature: signature,
            parameters: parameterText
        )
    }

    /// The bytes of an RFC 8941 byte sequence `label=:<base64>:`.
    static func byteSequence(_ field: String, label: String) -> [UInt8]? {
        let prefix = "\(label)=:"
        guard field.hasPrefix(prefix), field.hasSuffix(":"), field.count > prefix.count + 1 else { return nil }
        return Data(base64Encoded: String(field.dropFirst(prefix.count).dropLast())).map(Array.init)
    }

    /// The contents of a quoted string parameter value.
    private static func quoted(_ value: String) -> String? {
        guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else { return nil }
        return String(value.dropFirst().dropLast())
    }
}
