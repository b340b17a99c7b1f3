// libFuzzer harness (`make fuzz`): the bodies of federation requests and answers, as a hostile
// peer or client sends them. The first byte picks the message; the rest is its bytes.
import NollySync

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFederation(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let body = Array(bytes.dropFirst())
    switch bytes[0] % 7 {
    case 0: _ = try? PullRequest(serialized: body)
    case 1: _ = try? OutboundPage(serialized: body).changes.map(ChangeProcessor.check)
    case 2: _ = try? PushRequest(serialized: body).changes.map(ChangeProcessor.check)
    case 3: _ = try? PushReply(serialized: body)
    case 4: _ = try? JoinRequest(serialized: body)
    case 5: _ = try? JoinReply(serialized: body)
    default: _ = try? SyncCursor(serialized: body)
    }
    return 0
}
