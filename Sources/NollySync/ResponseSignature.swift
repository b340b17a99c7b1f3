import Foundation
public import NollyCrypto

/// A node's signature over its answer to one signed request (PROTOCOL.md, "Signed answers").
///
/// The TLS pin says which certificate a peer presents; it does not prove the peer holds its
/// node key, and a certificate's key can leak on its own. So every 2xx answer to a signed
/// request carries `NollyCrew-Response-Signature`, an Ed25519 signature by the answering node's
/// key over the request's own signature, the status and the SHA-256 digest of the answer's body. The client
/// checks it against the key it expects (the invite's for a join, the peer's afterwards), so
/// whoever holds only a stolen pin can feed a node nothing, and an answer cannot be replayed
/// to another request.
public enum ResponseSignature {
    /// The header field that carries the signature, `sig1=:<base64>:`.
    public static let headerName = "NollyCrew-Response-Signature"

    /// The exact bytes signed.
    public static func base(answering request: [UInt8], status: Int, body: [UInt8]) -> [UInt8] {
        let lines = [
            "\"@context\": nollycrew-response-v1",
            "\"@request-signature\": :\(Data(request).base64EncodedString()):",
            "\"@status\": \(status)",
            "\"content-digest\": \(RequestSignature.contentDigest(SHA256.hash(body)))",
        ]
        return Array(lines.joined(separator: "\n").utf8)
    }

    /// The header value signing an answer to the request whose signature is `request`.
    public static func headerValue(answering request: [UInt8], status: Int, body: [UInt8], with key: SigningKey)
        -> String
    {
        let signature = key.signature(for: base(answering: request, status: status, body: body))
        return "sig1=:\(Data(signature).base64EncodedString()):"
    }

    /// Whether `value` is `responder`'s signature over this answer.
    public static func isValid(
        _ value: String?,
        answering request: [UInt8],
        status: Int,
        body: [UInt8],
        by responder: SigningPublicKey
    ) -> Bool {
        guard let value, value.utf8.count <= 100, value.hasPrefix("sig1=:"), value.hasSuffix(":"),
            let signature = Data(base64Encoded: String(value.dropFirst(6).dropLast())), signature.count == 64
        else { return false }
        return responder.isValidSignature(Array(signature), for: base(answering: request, status: status, body: body))
    }
}
