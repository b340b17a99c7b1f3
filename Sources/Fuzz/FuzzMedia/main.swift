// libFuzzer harness (`make fuzz`): a file as `nollycrew media add` and a peer's blob reach the
// media checks. Nothing may crash; a file that is read must report dimensions and durations
// in range, and pass the limit checks with the same type as its own category.
import NollyMedia

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMedia(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let source = InMemoryBytes(Array(UnsafeRawBufferPointer(start: start, count: count)))
    guard let facts = try? MediaInspector.inspect(source) else { return 0 }
    precondition((facts.width ?? 1) > 0 && (facts.height ?? 1) > 0, "a dimension of zero or less: \(facts)")
    precondition((facts.durationMilliseconds ?? 0) >= 0, "a negative duration: \(facts)")
    precondition((facts.width == nil) == (facts.height == nil), "a width without a height: \(facts)")
    let kind = MediaKind.allCases.first { $0.category == facts.type.category }!
    precondition((try? MediaLimits().check(source, as: kind))?.type == facts.type, "the limit check read another type")
    return 0
}
