import Foundation
import NollyCrypto
public import NollyModel
import NollyStore
public import NollySync

/// A field edit requested by a workflow or a person.
public enum Edit: Sendable, Hashable {
    case assign(String, Value)
    case add(String, Value)
    case remove(String, Value)
}

/// The one write path: every workflow, remote change and (later) API mutation turns into row
/// operations that are signed as a change and applied through ``ReplicaStore``'s processor.
public struct RowService: NodeService {
    let context: NodeContext
}

extension RowService {
    /// Signs `rows` as one change by `author` and applies it through the one write path.
    /// Throws with the processor's reason when the change would be rejected, and
    /// then nothing is stored.
    @discardableResult
    public func commit(_ rows: [RowOps], by author: Author) throws -> ChangeID {
        try commit([rows], by: author)[0]
    }

    /// Signs each element of `changes` as its own change (consecutive sequence numbers) and
    /// applies them all in one transaction.
    @discardableResult
    public func commit(_ changes: [[RowOps]], by author: Author) throws -> [ChangeID] {
        var ids = [ChangeID]()
        let physical = nowMilliseconds
        _ = try store.applyLocal(author: author.key, processor: context.processor(drift: settings.maxClockDrift)) {
            next,
            latest in
            var clock = HybridClock(latest: latest)
            ids = []
            return changes.enumerated().map { offset, rows in
                let change = Change(
                    author: author.key,
                    seq: next + UInt64(offset),
                    hlc: clock.tick(physicalMilliseconds: physical),
                    rows: rows
                )
                let signed = SignedChange(signing: change, with: author.identity.signingKey)
                ids.append(signed.id)
                return signed
            }
        }
        return ids
    }

    /// Builds the row operations for `edits` on a row, reading the causal length and, for
    /// removals, the tags currently observed. A deleted or absent row is (re)created.
    public func rowOps(_ entity: EntityKind, _ row: RowID, _ edits: [Edit]) throws -> RowOps {
        let length = CausalLength.forWrite(current: try store.causalLength(entity, row))
        let schema = entity.schema
        var ops = [FieldOp]()
        for edit in edits {
            switch edit {
            case .assign(let field, let value):
                ops.append(FieldOp(try schema.field(field).name, .assign(value)))
            case .add(let field, let value):
                ops.append(FieldOp(try schema.field(field).name, .add(value)))
            case .remove(let field, let value):
                let tags = try store.observedTags(entity, row, field, element: value)
                guard !tags.isEmpty else { throw NodeError(.notFound, "\(field) does not contain '\(value)'") }
                ops.append(FieldOp(field, .remove(value, observed: tags)))
            }
        }
        return RowOps(entity: entity, row: row, causalLength: length, ops: ops)
    }

    /// Edits one row as `author`.
    @discardableResult
    public func edit(_ entity: EntityKind, _ row: RowID, _ edits: [Edit], by author: Author) throws -> ChangeID {
        try commit([try rowOps(entity, row, edits)], by: author)
    }

    /// Deletes a live row (its fields and set elements stop being visible and never come back).
    @discardableResult
    public func delete(_ entity: EntityKind, _ row: RowID, by author: Author) throws -> ChangeID {
        let current = try store.causalLength(entity, row)
        guard CausalLength.isLive(current) else {
            throw NodeError(.invalidState, "\(entity.rawValue) \(row.hex) is not live")
        }
        return try commit(
            [RowOps(entity: entity, row: row, causalLength: CausalLength.forDelete(current: current))],
            by: author
        )
    }

    /// The live row, or an error naming what is missing.
    public func require(_ entity: EntityKind, _ row: RowID) throws -> RowSnapshot {
        guard let snapshot = try store.snapshot(entity, row) else {
            throw NodeError(.notFound, "no \(entity.rawValue) \(row.hex) on this node (sync or import a bundle first?)")
        }
        return snapshot
    }

    /// Finds a live row of `entity` by full id or unique hex prefix.
    public func find(_ entity: EntityKind, _ idOrPrefix: String) throws -> RowID {
        let prefix = idOrPrefix.lowercased()
        if let row = RowID(hex: prefix), row.bytes.count == entity.schema.layout.length { return row }
        let matches = try store.liveRows(entity).filter { $0.row.hex.hasPrefix(prefix) }
        guard matches.count == 1 else {
            throw NodeError(
                .notFound,
                matches.isEmpty
                    ? "no \(entity.rawValue) with id starting '\(idOrPrefix)'"
                    : "'\(idOrPrefix)' matches \(matches.count) \(entity.rawValue) rows; give more of the id"
            )
        }
        return matches[0].row
    }
}
