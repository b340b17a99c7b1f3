// libFuzzer harness (`make fuzz`): signed changes, as a peer or a bundle delivers them.
// Each input is tried three ways: as a `SignedChange` envelope through the stateless checks;
// as a change body through the checks; and, when it decodes, re-signed by a fixed key (keeping
// every other field) and applied to an in-memory replica, so that the validator, the
// authorizer, the merge and the store all see hostile numbers and values.
import NollyCrypto
import NollyModel
import NollyStore
import NollySync

let author = try! Identity(seed: SecretBytes.random(count: 32))
let store = try! ReplicaStore()
let processor = ChangeProcessor()

/// Builds the globals before the first input, so the leak checker does not count them.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    _ = try? store.apply([SignedChange(body: [], signature: [])], processor: processor)
    _ = author.publicKey
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChange(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    if let envelope = try? SignedChange(serialized: bytes) { _ = ChangeProcessor.check(envelope) }
    _ = ChangeProcessor.check(SignedChange(body: bytes, signature: []))
    // The one-pass canonical check must agree with decoding and re-encoding.
    if let contents = try? ChangeCodec.decodeContents(bytes) {
        let canonical = (try? ChangeCodec.decode(bytes)) != nil
        precondition(canonical == (ChangeCodec.encode(contents) == bytes), "canonical check disagrees with re-encoding")
    }
    guard let decoded = try? ChangeCodec.decode(bytes) else { return 0 }
    let resigned = SignedChange(
        signing: Change(
            schemaVersion: decoded.schemaVersion,
            author: author.publicKey,
            seq: decoded.seq,
            hlc: decoded.hlc,
            rows: decoded.rows
        ),
        with: author.signingKey
    )
    do {
        _ = try store.apply([resigned], processor: processor)
    } catch {
        // A store error is a clear refusal, not a crash; nothing to check here.
    }
    return 0
}
