// libFuzzer harness (`make fuzz`): signed-request header fields, as any client may send them.
// The input is split at newlines into Content-Digest, Signature-Input and Signature; the
// fields are parsed and, when they parse, verified against a body and a verifier.
import NollyCrypto
import NollySync

nonisolated(unsafe) var verifier = RequestVerifier(trustedPeers: [], authority: "studio.example:7443")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestSignature(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    let parts = text.split(separator: "\n", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
    let fields = [
        "content-digest": parts.count > 0 ? parts[0] : nil,
        "signature-input": parts.count > 1 ? parts[1] : nil,
        "signature": parts.count > 2 ? parts[2] : nil,
    ]
    let body = Array((parts.count > 3 ? parts[3] : "").utf8)
    guard
        let signature = try? RequestSignature(
            method: "POST",
            target: "https://studio.example:7443/v1/pull",
            authority: "studio.example:7443",
            header: { fields[$0] ?? nil }
        )
    else { return 0 }
    _ = try? verifier.verify(signature, body: body, now: signature.created) { _ in true }
    _ = ResponseSignature.isValid(
        parts.last,
        answering: signature.signature,
        status: 200,
        body: body,
        by: signature.keyID
    )
    return 0
}
