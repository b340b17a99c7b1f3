import Foundation
import NollyCrypto
import NollyFederation
import NollyMedia
import NollyModel
import NollyReadModels
import NollyStore
import NollySync
import Testing

@testable import NollyNode

/// Serves `/v1/blob` from a node in-process, the way the HTTPS server does (a refusal becomes
/// its status), and can damage answers or drop the connection, as a hostile peer or a bad
/// network would.
final class BlobLoopback: PeerTransport {
    enum Damage {
        case none
        /// Flips one bit of the first answer.
        case flipBit
        /// Answers with other bytes of the same length.
        case substitute
        /// Loses the connection after this many answers.
        case dropAfter(Int)
    }

    let server: Node
    let client: SigningPublicKey
    let damage: Damage
    private(set) var requests = 0

    init(server: Node, client: SigningPublicKey, damage: Damage = .none) {
        self.server = server
        self.client = client
        self.damage = damage
    }

    func post(_ path: String, body: [UInt8]) throws -> [UInt8] {
        requests += 1
        guard path == "/v1/blob" else { throw PeerTransportError(status: 404, "no route \(path)") }
        if case .dropAfter(let count) = damage, requests > count {
            throw PeerTransportError(status: nil, "simulated network loss")
        }
        var answer: [UInt8]
        do {
            answer = try server.media.blob(try BlobRequest(serialized: body), for: client)
        } catch let refusal as FederationRefusal {
            throw PeerTransportError(status: refusal.status, refusal.message, code: refusal.kind)
        }
        switch damage {
        case .flipBit where requests == 1: answer[answer.count / 2] ^= 0x10
        case .substitute: answer = answer.map { $0 &+ 1 }
        default: break
        }
        return answer
    }
}

@Suite("Media transfer between nodes")
struct MediaTransferTests {
    /// An agency node holding ada's headshot and reel, and a laptop that has synced their rows.
    struct Pair {
        let directory: TemporaryDirectory
        let agency: Node
        let laptop: Node
        /// The media rows (ada's key ‖ hash) of the headshot and the reel.
        let headshot: RowID
        let reel: RowID

        init() throws {
            directory = try TemporaryDirectory()
            agency = try directory.node("agency")
            laptop = try directory.node("laptop")
            let ada = try agency.users.add(name: "ada", roles: [.actor])
            let owner = ada.key.bytes
            headshot = RowID(
                owner
                    + (try #require(
                        Hex.decode(try agency.media.add(Self.sample("headshot.jpg"), kind: .headshot, by: ada).hash)
                    ))
            )
            reel = RowID(
                owner
                    + (try #require(
                        Hex.decode(try agency.media.add(Self.sample("reel.mp4"), kind: .reel, by: ada).hash)
                    ))
            )
            try connect(laptop, to: agency, scopes: [.public])
            try sync(laptop, with: agency)
        }

        static func sample(_ name: String) -> URL { MediaPortfolioTests.samples.appendingPathComponent(name) }

        func source(_ name: String, _ damage: BlobLoopback.Damage = .none) -> BlobSource {
            BlobSource(name: name, transport: BlobLoopback(server: agency, client: laptop.nodeKey, damage: damage))
        }

        func stored(_ node: Node, _ row: RowID) throws -> [UInt8]? {
            let hash = Array(row.bytes.suffix(32))
            return node.media.content.contains(hash) ? Array(try Data(contentsOf: node.media.content.url(hash))) : nil
        }

        /// Files in the laptop's media folder, partial and temporary ones included.
        var laptopFiles: [String] {
            (try? FileManager.default.contentsOfDirectory(atPath: laptop.directory.media.path).sorted()) ?? []
        }
    }

    @Test("a synced portfolio file is fetched by ranges, checked against its hash, and stored")
    func fetchedByRanges() throws {
        let pair = try Pair()
        #expect(Set(try pair.laptop.media.missing()) == [pair.headshot, pair.reel])
        #expect(try pair.laptop.media.missing(kinds: [.headshot]) == [pair.headshot])
        let source = pair.source("agency")
        let fetched = try pair.laptop.media.fetch(pair.reel, from: [source], rangeBytes: 1_000)
        #expect(fetched.source == "agency" && fetched.refusedFrom.isEmpty)
        #expect(try pair.stored(pair.laptop, pair.reel) == pair.stored(pair.agency, pair.reel))
        let reelBytes = try #require(try pair.stored(pair.agency, pair.reel)).count
        #expect((source.transport as? BlobLoopback)?.requests == (reelBytes + 999) / 1_000)
        #expect(try pair.laptop.media.missing() == [pair.headshot])
        // Here already: nothing is asked.
        #expect(try pair.laptop.media.fetch(pair.reel, from: []).source == nil)
        #expect(pair.laptopFiles == [Hex.encode(pair.reel.bytes.suffix(32))])
    }

    @Test("a blob corrupted in transit is refused and fetched again from another peer")
    func corruptRefusedThenRefetched() throws {
        let pair = try Pair()
        let fetched = try pair.laptop.media.fetch(
            pair.headshot,
            from: [pair.source("flaky-relay", .flipBit), pair.source("agency")]
        )
        #expect(fetched.source == "agency" && fetched.refusedFrom == ["flaky-relay"])
        #expect(
            Blake2b.hash(try #require(try pair.stored(pair.laptop, pair.headshot)))
                == Array(pair.headshot.bytes.suffix(32))
        )
    }

    @Test("a substituted blob from every peer is refused: nothing stored, no partial file left")
    func substitutedEverywhere() throws {
        let pair = try Pair()
        #expect {
            try pair.laptop.media.fetch(
                pair.headshot,
                from: [pair.source("a", .substitute), pair.source("b", .substitute)]
            )
        } throws: { ($0 as? NodeError)?.kind == .blobUnavailable }
        #expect(pair.laptopFiles.isEmpty)
        // With no peer to ask, the error says so.
        #expect {
            try pair.laptop.media.fetch(pair.headshot, from: [])
        } throws: { ($0 as? NodeError)?.message.contains("no peer with an address") == true }
    }

    @Test("a transfer cut off part-way resumes from the partial file, from the same or another peer")
    func resumesAfterLoss() throws {
        let pair = try Pair()
        #expect {
            try pair.laptop.media.fetch(pair.reel, from: [pair.source("agency", .dropAfter(3))], rangeBytes: 500)
        } throws: { ($0 as? NodeError)?.kind == .blobUnavailable }
        let partial = pair.laptop.media.content.partial(Array(pair.reel.bytes.suffix(32)))
        #expect(try FileManager.default.attributesOfItem(atPath: partial.path)[.size] as? Int == 1_500)
        let again = pair.source("studio")
        try pair.laptop.media.fetch(pair.reel, from: [again], rangeBytes: 500)
        let reelBytes = try #require(try pair.stored(pair.agency, pair.reel)).count
        #expect((again.transport as? BlobLoopback)?.requests == (reelBytes - 1_500 + 499) / 500)
        #expect(try pair.stored(pair.laptop, pair.reel) == pair.stored(pair.agency, pair.reel))
        #expect(!FileManager.default.fileExists(atPath: partial.path))
    }

    @Test("a bad start left by one peer is fetched whole from the next, which is not blamed")
    func badPartialStartIsRefetched() throws {
        let pair = try Pair()
        // The first peer gives a damaged first range and then drops the connection.
        let partial = pair.laptop.media.content.partial(Array(pair.reel.bytes.suffix(32)))
        try pair.laptop.media.content.openPartial(partial)
        try Data(repeating: 0xAB, count: 700).write(to: partial)
        let fetched = try pair.laptop.media.fetch(pair.reel, from: [pair.source("agency")], rangeBytes: 4_096)
        #expect(fetched.source == "agency" && fetched.refusedFrom.isEmpty)
        #expect(try pair.stored(pair.laptop, pair.reel) == pair.stored(pair.agency, pair.reel))
    }

    @Test("the endpoint serves only portfolio files, to granted peers, within the file")
    func servingRefusals() throws {
        let pair = try Pair()
        let agency = pair.agency
        func refusal(_ request: BlobRequest, for key: SigningPublicKey) -> RefusalCode? {
            do {
                _ = try agency.media.blob(request, for: key)
                return nil
            } catch {
                return (error as? FederationRefusal)?.kind
            }
        }
        let size = try #require(try pair.stored(agency, pair.headshot)).count
        let slice = try agency.media.blob(
            try BlobRequest(row: pair.headshot, offset: 10, length: 20),
            for: pair.laptop.nodeKey
        )
        #expect(slice == Array(try #require(try pair.stored(agency, pair.headshot))[10..<30]))
        let tail = try agency.media.blob(
            try BlobRequest(row: pair.headshot, offset: UInt64(size - 5), length: 100),
            for: pair.laptop.nodeKey
        )
        #expect(tail.count == 5, "never past the end of the file")
        #expect(
            refusal(try BlobRequest(row: pair.headshot, offset: UInt64(size), length: 1), for: pair.laptop.nodeKey)
                == .rangeNotSatisfiable
        )
        #expect(
            refusal(
                try BlobRequest(row: RowID(Array(repeating: 9, count: 64)), offset: 0, length: 1),
                for: pair.laptop.nodeKey
            ) == .notFound
        )
        // A script's bytes share the folder but are not portfolio files.
        let script = try agency.media.content.put(Array("INT. LAGOS - NIGHT".utf8))
        #expect(
            refusal(
                try BlobRequest(row: RowID(pair.headshot.bytes.prefix(32) + script), offset: 0, length: 10),
                for: pair.laptop.nodeKey
            ) == .notFound
        )
        // A node that is not a peer, or not granted the public scope, is told the same.
        let stranger = try Identity.generate().signingKey.publicKey
        #expect(refusal(try BlobRequest(row: pair.headshot, offset: 0, length: 10), for: stranger) == .notFound)
        // Removed from the portfolio: no longer served.
        let ada = try agency.users.author("ada")
        _ = try agency.media.remove(Hex.encode(pair.headshot.bytes.suffix(32)), by: ada)
        #expect(
            refusal(try BlobRequest(row: pair.headshot, offset: 0, length: 10), for: pair.laptop.nodeKey) == .notFound
        )
    }

    @Test("blob requests are exactly 76 bytes: a media row id and a range of 1 to 4 MiB")
    func requestCodec() throws {
        let row = RowID((0..<64).map { UInt8($0) })
        let request = try BlobRequest(row: row, offset: 0x0102_0304_0506_0708, length: 0x0040_0000)
        let bytes = request.serialized()
        #expect(bytes.count == 76 && Array(bytes[64..<76]) == [1, 2, 3, 4, 5, 6, 7, 8, 0, 0x40, 0, 0])
        #expect(try BlobRequest(serialized: bytes) == request && request.hash == Array(32..<64))
        #expect(throws: MalformedMessage.self) { try BlobRequest(serialized: Array(bytes.dropLast())) }
        #expect(throws: MalformedMessage.self) { try BlobRequest(serialized: bytes + [0]) }
        #expect(throws: MalformedMessage.self) { try BlobRequest(row: row, offset: 0, length: 0) }
        #expect(throws: MalformedMessage.self) {
            try BlobRequest(row: row, offset: 0, length: BlobRequest.maxLength + 1)
        }
        #expect(throws: MalformedMessage.self) { try BlobRequest(row: RowID(Array(0..<32)), offset: 0, length: 1) }
    }

    @Test("media.fetch_eagerly takes kinds, or none; anything else is refused by name")
    func eagerSetting() throws {
        #expect(NodeSettings().eagerMediaKinds == [.headshot])
        let both = try NodeSettings.fromEnvironment(["NOLLYCREW_MEDIA_FETCH_EAGERLY": "headshot, reel"])
        #expect(both.eagerMediaKinds == [.headshot, .reel])
        #expect(try NodeSettings.fromEnvironment(["NOLLYCREW_MEDIA_FETCH_EAGERLY": "none"]).eagerMediaKinds.isEmpty)
        #expect {
            try NodeSettings.fromEnvironment(["NOLLYCREW_MEDIA_FETCH_EAGERLY": "headshot,selfie"])
        } throws: { ($0 as? NodeError)?.message.contains("'selfie' is not a kind") == true }
    }
}
