// libFuzzer harness (`make fuzz`): bundle files, as a stranger's USB stick carries them. Each
// input is written to a file in memory (/dev/shm when there is one) and read record by record;
// every record goes through the stateless checks, then any media section is read file by file.
import Foundation
import NollySync

let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
let path = "\(folder)/nollycrew-fuzz-bundle-\(ProcessInfo.processInfo.processIdentifier)"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBundle(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes: start, count: count)),
        let handle = FileHandle(forReadingAtPath: path)
    else { return 0 }
    defer { try? handle.close() }
    guard var reader = try? BundleReader(handle: handle) else { return 0 }
    while let record = try? reader.nextRecord() {
        _ = ChangeProcessor.check((try? SignedChange(serialized: record)) ?? SignedChange(body: record, signature: []))
    }
    while reader.hasMedia, (try? reader.nextBlob()) != nil {
        while let bytes = try? reader.nextBlobBytes(upTo: 4_096), !bytes.isEmpty {}
    }
    return 0
}
