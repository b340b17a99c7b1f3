import Foundation
public import NollyCrypto
import SwiftProtobuf

/// A change as it travels and is stored: the exact signed bytes and the signature over them.
public struct SignedChange: Hashable, Sendable {
    public let body: [UInt8]
    public let signature: [UInt8]

    public init(body: [UInt8], signature: [UInt8]) {
        self.body = body
        self.signature = signature
    }

    /// Encodes and signs `change` with the author's key.
    public init(signing change: Change, with key: SigningKey) {
        precondition(change.author == key.publicKey, "a change must be signed by its author")
        body = ChangeCodec.encode(change)
        signature = key.signature(for: body)
    }

    /// BLAKE2b-256 of the signed bytes.
    public var id: ChangeID { ChangeID(body: body) }

    /// The envelope's own protobuf encoding (a bundle record).
    public func serialized() -> [UInt8] {
        var message = Nollycrew_V1_SignedChange()
        message.body = Data(body)
        message.signature = Data(signature)
        return try! Array(message.serializedBytes() as [UInt8])
    }

    /// Parses an envelope written by ``serialized()``.
    public init(serialized bytes: [UInt8]) throws(MalformedChange) {
        do {
            let message = try Nollycrew_V1_SignedChange(serializedBytes: bytes)
            self.init(body: Array(message.body), signature: Array(message.signature))
        } catch {
            throw MalformedChange(reason: "not a protobuf SignedChange")
        }
    }
}
