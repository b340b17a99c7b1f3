import Foundation
import NollyCrypto
import NollyModel
import NollyStore

extension Node {
    /// The canonical dump of the replicated state: live rows in (entity, id) order, fields
    /// with sorted keys, set elements in stored order. Two replicas with the same state
    /// produce the same bytes.
    public func canonicalExport() throws -> String {
        var out = "{\"format\":\"nollycrew-export-1\",\"rows\":["
        var first = true
        try store.forEachLiveRow { row in
            if !first { out += "," }
            first = false
            out += row.json.canonical
        }
        out += "]}\n"
        return out
    }

    /// BLAKE2b-256 of ``canonicalExport()``, in hex: the state digest replicas compare.
    public func stateDigest() throws -> String {
        Hex.encode(Blake2b.hash(Array(try canonicalExport().utf8)))
    }
}
