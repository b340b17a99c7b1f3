// libFuzzer harness (`make fuzz`): invite tokens, as pasted from a chat message.
import NollySync

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInvite(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    if let invite = try? PeerInvite(token: text) { _ = try? PeerInvite(token: invite.token) }
    _ = try? PeerInvite(token: PeerInvite.prefix + text)
    return 0
}
