import Foundation
import NollyCrypto
import NollyMedia
import NollyModel
import NollyReadModels
import NollySync
import Testing

@testable import NollyNode

@Suite("Bundles with media")
struct MediaBundleTests {
    func sample(_ name: String) -> URL { MediaPortfolioTests.samples.appendingPathComponent(name) }

    /// An agency node with ada's headshot and reel, its bundle written with --with-media, and an
    /// empty laptop node.
    struct Setup {
        let directory: TemporaryDirectory
        let agency: Node
        let laptop: Node
        let bundle: URL
        let hashes: [[UInt8]]

        init() throws {
            directory = try TemporaryDirectory()
            let agency = try directory.node("agency")
            self.agency = agency
            laptop = try directory.node("laptop")
            let ada = try agency.users.add(name: "ada", roles: [.actor])
            let samples = MediaPortfolioTests.samples
            hashes = try ["headshot.jpg", "reel.mp4"].map { name in
                try #require(
                    Hex.decode(
                        try agency.media.add(
                            samples.appendingPathComponent(name),
                            kind: name.hasSuffix("jpg") ? .headshot : .reel,
                            by: ada
                        ).hash
                    )
                )
            }
            bundle = directory.url.appendingPathComponent("agency.bundle")
            try agency.replication.exportBundle(to: bundle, for: nil, scopes: [.public], withMedia: true)
        }

        func bytes(_ node: Node, _ hash: [UInt8]) throws -> Data? {
            node.media.content.contains(hash) ? try Data(contentsOf: node.media.content.url(hash)) : nil
        }

        /// The laptop's media folder, temporary files included.
        var laptopFiles: [String] {
            (try? FileManager.default.contentsOfDirectory(atPath: laptop.directory.media.path).sorted()) ?? []
        }

        /// Rewrites the bundle with `edit` applied to its bytes.
        func tamper(_ edit: (inout [UInt8]) -> Void) throws {
            var bytes = Array(try Data(contentsOf: bundle))
            edit(&bytes)
            try Data(bytes).write(to: bundle)
        }

        /// Where the media section starts in the bundle file.
        func mediaOffset() throws -> Int {
            let bytes = Array(try Data(contentsOf: bundle))
            let magic = BundleFormat.mediaMagic
            return try #require(
                (0...(bytes.count - magic.count)).last { bytes[$0..<$0 + magic.count].elementsEqual(magic) }
            )
        }
    }

    @Test("--with-media carries the files offline; each is checked against its hash and stored")
    func carriesFiles() throws {
        let setup = try Setup()
        let summary = try setup.laptop.replication.importBundle(from: setup.bundle)
        #expect(summary.problem == nil && summary.rejected.isEmpty && summary.applied > 0)
        #expect(summary.mediaStored == 2 && summary.mediaRefused.isEmpty)
        for hash in setup.hashes { #expect(try setup.bytes(setup.laptop, hash) == setup.bytes(setup.agency, hash)) }
        #expect(setup.laptopFiles == setup.hashes.map(Hex.encode).sorted())
        // Importing again reads past files already here.
        let again = try setup.laptop.replication.importBundle(from: setup.bundle)
        #expect(again.duplicates == summary.applied && again.mediaStored == 2)
    }

    @Test("a bundle without --with-media carries rows only, and reads as before")
    func rowsOnly() throws {
        let setup = try Setup()
        try setup.agency.replication.exportBundle(to: setup.bundle, for: nil, scopes: [.public])
        let summary = try setup.laptop.replication.importBundle(from: setup.bundle)
        #expect(summary.problem == nil && summary.mediaStored == 0 && setup.laptopFiles.isEmpty)
        #expect(try setup.laptop.media.missing().count == 2)
    }

    @Test("a file damaged in the bundle is refused; the changes and the other files are stored")
    func damagedFileRefused() throws {
        let setup = try Setup()
        let start = try setup.mediaOffset()
        // Past the magic, the first file's 73-byte header record and into its bytes.
        try setup.tamper { $0[start + 8 + 73 + 20] ^= 0x01 }
        let summary = try setup.laptop.replication.importBundle(from: setup.bundle)
        #expect(summary.problem == nil && summary.rejected.isEmpty && summary.applied > 0)
        #expect(summary.mediaStored == 1 && summary.mediaRefused.count == 1)
        #expect(summary.mediaRefused.first?.contains("do not match the hash") == true)
        #expect(setup.laptopFiles.count == 1, "no temporary copy is left: \(setup.laptopFiles)")
    }

    @Test("a file no row names is read past, not stored")
    func unlistedFileRefused() throws {
        let setup = try Setup()
        let start = try setup.mediaOffset()
        // Rename the first file to a hash no row names (its bytes then do not match either).
        try setup.tamper { $0[start + 8 + 1 + 40] ^= 0xFF }
        let summary = try setup.laptop.replication.importBundle(from: setup.bundle)
        #expect(summary.mediaStored == 1)
        #expect(summary.mediaRefused.first?.contains("no portfolio on this node lists") == true)
        #expect(setup.laptopFiles.count == 1)
    }

    @Test("a bundle cut inside the media section keeps every change and reports where it stopped")
    func truncatedMedia() throws {
        let setup = try Setup()
        let start = try setup.mediaOffset()
        try setup.tamper { $0.removeLast($0.count - (start + 8 + 73 + 100)) }
        let summary = try setup.laptop.replication.importBundle(from: setup.bundle)
        #expect(summary.problem?.contains("truncated inside a media file") == true)
        #expect(summary.rejected.isEmpty && summary.applied > 0 && summary.mediaStored == 0)
        #expect(setup.laptopFiles.isEmpty)
    }

    @Test("a media section is written only for the scopes given")
    func scopesLimitMedia() throws {
        let setup = try Setup()
        let project = RowID(Array(repeating: 1, count: 40))
        try setup.agency.replication.exportBundle(
            to: setup.bundle,
            for: nil,
            scopes: [.project(project)],
            withMedia: true
        )
        let summary = try setup.laptop.replication.importBundle(from: setup.bundle)
        #expect(summary.mediaStored == 0 && summary.mediaRefused.isEmpty && setup.laptopFiles.isEmpty)
    }
}
