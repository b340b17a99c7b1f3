import Foundation
import NollyCrypto
import NollyModel
import NollyRandom
import NollyStore
import NollySync
import NollyValues
import Testing

@testable import NollyNode

/// Seeded randomized convergence: 3 to 5 replicas edit concurrently (LWW fields, add-wins
/// sets, deletes and revivals, representation, jobs and applications), exchange random
/// subsets of their logs in random orders with duplicates, and must end byte-identical.
@Suite("Convergence")
struct ConvergenceTests {
    /// One simulated replica: its node and its local users.
    struct Replica {
        let node: Node
        var authors: [Author]
    }

    static let seeds: [UInt64] = [1, 2, 3, 4, 5, 6, 7, 8, 20_261_121, 0xDEAD_BEEF]

    @Test("Random concurrent edits and deliveries converge", arguments: seeds)
    func converges(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let count = 3 + Int(seed % 3)
        var replicas = try (0..<count).map { index in
            let node = try directory.node("r\(index)", clockOffset: Double(Int(index) - 1) * 2)
            let producer = try node.users.add(name: "producer\(index)", roles: [.producer])
            let actor = try node.users.add(name: "actor\(index)", roles: [.actor])
            return Replica(node: node, authors: [producer, actor])
        }
        for step in 0..<120 {
            if random.next() % 3 == 0 {
                let from = Int(random.next() % UInt64(count))
                let to = Int(random.next() % UInt64(count))
                try deliver(from: replicas[from].node, to: replicas[to].node, random: &random, subset: true)
            } else {
                let index = Int(random.next() % UInt64(count))
                try randomEdit(on: &replicas[index], all: replicas.map { $0.authors }, step: step, random: &random)
            }
        }
        // Everyone hears everything, in a random order of pairs, each bundle twice over.
        for _ in 0..<2 {
            for from in (0..<count).shuffled(using: &random) {
                for to in (0..<count).shuffled(using: &random) where to != from {
                    try deliver(from: replicas[from].node, to: replicas[to].node, random: &random, subset: false)
                }
            }
        }
        let exports = try replicas.map { try $0.node.replication.canonicalExport() }
        for (index, export) in exports.enumerated().dropFirst() where export != exports[0] {
            Issue.record(
                "replica \(index) diverged from replica 0 (seed \(seed)): \(firstDifference(exports[0], export))"
            )
        }
        #expect(exports[0].contains("\"entity\":\"profile\""), "the run exercised profiles (seed \(seed))")
    }

    /// The first row that differs between two exports, for a readable failure.
    func firstDifference(_ left: String, _ right: String) -> String {
        let leftRows = left.components(separatedBy: "},{\"entity")
        let rightRows = right.components(separatedBy: "},{\"entity")
        for (a, b) in zip(leftRows, rightRows) where a != b { return "\(a.prefix(400)) <> \(b.prefix(400))" }
        return "\(leftRows.count) rows <> \(rightRows.count) rows"
    }

    /// Sends `from`'s log (or a random part of it) to `to`, shuffled, with some duplicates.
    func deliver(from: Node, to: Node, random: inout SplitMix64, subset: Bool) throws {
        var changes = try from.replication.changes(notCoveredBy: nil)
        if subset { changes = changes.filter { _ in random.next() % 2 == 0 } }
        changes += changes.filter { _ in random.next() % 4 == 0 }
        changes.shuffle(using: &random)
        _ = try to.replication.receive(changes, fromBundle: true)
    }

    /// One edit a real user could make, picked at random; edits the local node refuses
    /// (for example a manager's edit before the grant reached this node) are skipped.
    func randomEdit(on replica: inout Replica, all: [[Author]], step: Int, random: inout SplitMix64) throws {
        let node = replica.node
        let author = replica.authors[Int(random.next() % UInt64(replica.authors.count))]
        let everyone = all.flatMap { $0 }
        let skills = ["dancing", "singing", "stunts", "horse riding", "Yoruba"]
        let profile = RowID(author.key.bytes)
        do {
            switch random.next() % 9 {
            case 0:
                try node.rows.edit(
                    .profile,
                    profile,
                    [.assign("city", .text(["Lagos", "Enugu", "Calabar", "Abuja"].randomElement(using: &random)!))],
                    by: author
                )
            case 1:
                try node.rows.edit(
                    .profile,
                    profile,
                    [.add("skills", .text(skills.randomElement(using: &random)!))],
                    by: author
                )
            case 2:
                let present = try node.store.snapshot(.profile, profile)?.elements("skills") ?? []
                guard let element = present.randomElement(using: &random) else { return }
                try node.rows.edit(.profile, profile, [.remove("skills", element)], by: author)
            case 3:
                if random.next() % 2 == 0, CausalLength.isLive(try node.store.causalLength(.profile, profile)) {
                    try node.rows.delete(.profile, profile, by: author)
                } else {
                    try node.rows.edit(
                        .profile,
                        profile,
                        [.assign("day_rate", .money(try Money(minorUnits: Int64(random.next() % 500_000))))],
                        by: author
                    )
                }
            case 4:
                let agent = everyone.randomElement(using: &random)!
                guard agent.key != author.key else { return }
                try node.users.grantRepresentation(to: agent.key, by: author)
            case 5:
                // A manager edits a client's profile, if a grant has reached this node.
                let client = everyone.randomElement(using: &random)!
                guard client.key != author.key else { return }
                try node.rows.edit(
                    .profile,
                    RowID(client.key.bytes),
                    [
                        .assign("headline", .text("managed at step \(step)")),
                        .add("skills", .text(skills.randomElement(using: &random)!)),
                    ],
                    by: author
                )
            case 6:
                let shortlist = RowID(author.key.bytes + [0, 0, 0, 0, 0, 0, 0, UInt8(random.next() % 2)])
                if random.next() % 3 == 0, CausalLength.isLive(try node.store.causalLength(.shortlist, shortlist)) {
                    try node.rows.delete(.shortlist, shortlist, by: author)
                } else {
                    try node.rows.edit(
                        .shortlist,
                        shortlist,
                        [
                            .assign("notes", .text("step \(step)")),
                            .add("members", .blob(everyone.randomElement(using: &random)!.key.bytes)),
                        ],
                        by: author
                    )
                }
            case 7:
                let projects = try node.store.liveRows(.project).filter { $0.row.ownerKey == author.key.bytes }
                if let project = projects.first {
                    _ = try node.projects.postJob(
                        project: project.row,
                        title: "Role \(step)",
                        kind: "casting_call",
                        by: author
                    )
                } else {
                    _ = try node.projects.create(title: "Film \(step)", kind: "movie", by: author)
                }
            default:
                let jobs = try node.store.liveRows(.job).filter { $0.text("status") == "open" }
                guard let job = jobs.randomElement(using: &random) else { return }
                if job.row.ownerKey == author.key.bytes {
                    let applications = try node.store.liveRows(.application).filter {
                        Array($0.row.bytes[32...]) == job.row.bytes
                    }
                    guard let application = applications.randomElement(using: &random) else { return }
                    let status = Vocabulary.producerStatuses.randomElement(using: &random)!
                    try node.rows.edit(.application, application.row, [.assign("status", .text(status))], by: author)
                } else {
                    _ = try node.applications.apply(to: job.row, note: "step \(step)", by: author)
                }
            }
        } catch let error as StoreError where error.message.contains("not granted representation") {
            return
        }
    }
}

@Suite("Merge rules")
struct MergeRuleTests {
    /// A talent's node and an agency's node, each with its user.
    static func talentAndAgency() throws -> (TemporaryDirectory, Node, Node, Author, Author) {
        let directory = try TemporaryDirectory()
        let talentNode = try directory.node("talent")
        let agencyNode = try directory.node("agency")
        return (
            directory, talentNode, agencyNode, try talentNode.users.add(name: "ada", roles: [.actor]),
            try agencyNode.users.add(name: "zainab", roles: [.manager])
        )
    }

    @Test("An update concurrent with a delete stays deleted, and a revival does not resurrect it")
    func deleteWins() throws {
        let (directory, talentNode, agencyNode, talent, manager) = try Self.talentAndAgency()
        let profile = RowID(talent.key.bytes)
        defer { withExtendedLifetime(directory) {} }
        try talentNode.rows.edit(
            .profile,
            profile,
            [.assign("city", .text("Calabar")), .add("skills", .text("singing"))],
            by: talent
        )
        try talentNode.users.grantRepresentation(to: manager.key, by: talent)
        try agencyNode.pullAll(from: talentNode)
        // Apart: the talent deletes the profile while the manager edits it.
        try talentNode.rows.delete(.profile, profile, by: talent)
        try agencyNode.rows.edit(
            .profile,
            profile,
            [.assign("headline", .text("Lead actor")), .add("skills", .text("dancing"))],
            by: manager
        )
        try agencyNode.pullAll(from: talentNode)
        try talentNode.pullAll(from: agencyNode)
        #expect(try talentNode.store.snapshot(.profile, profile) == nil)
        #expect(try agencyNode.store.snapshot(.profile, profile) == nil)
        // Revived: only what is written after the revival shows.
        try talentNode.rows.edit(.profile, profile, [.assign("bio", .text("Back"))], by: talent)
        try agencyNode.pullAll(from: talentNode)
        let revived = try #require(try agencyNode.store.snapshot(.profile, profile))
        #expect(revived.fields.keys.sorted() == ["bio"])
        #expect(try talentNode.replication.canonicalExport() == agencyNode.replication.canonicalExport())
    }

    @Test("A concurrent add beats a remove of the same element (add wins)")
    func addWins() throws {
        let (directory, talentNode, agencyNode, talent, manager) = try Self.talentAndAgency()
        let profile = RowID(talent.key.bytes)
        defer { withExtendedLifetime(directory) {} }
        try talentNode.rows.edit(.profile, profile, [.add("skills", .text("singing"))], by: talent)
        try talentNode.users.grantRepresentation(to: manager.key, by: talent)
        try agencyNode.pullAll(from: talentNode)
        try talentNode.rows.edit(.profile, profile, [.remove("skills", .text("singing"))], by: talent)
        try agencyNode.rows.edit(.profile, profile, [.add("skills", .text("singing"))], by: manager)
        try agencyNode.pullAll(from: talentNode)
        try talentNode.pullAll(from: agencyNode)
        for node in [talentNode, agencyNode] {
            #expect(try node.store.snapshot(.profile, profile)?.elements("skills") == [.text("singing")])
        }
        // A remove that has observed both adds removes the element everywhere.
        try talentNode.rows.edit(.profile, profile, [.remove("skills", .text("singing"))], by: talent)
        try agencyNode.pullAll(from: talentNode)
        #expect(try agencyNode.store.snapshot(.profile, profile)?.elements("skills") == [])
    }

    @Test("Concurrent assignments resolve to the later clock on every replica")
    func lastWriterWins() throws {
        let directory = try TemporaryDirectory()
        defer { withExtendedLifetime(directory) {} }
        let early = try directory.node("early", clockOffset: -60)
        let late = try directory.node("late")
        let talent = try early.users.add(name: "ada", roles: [.actor])
        let manager = try late.users.add(name: "zainab", roles: [.manager])
        let profile = RowID(talent.key.bytes)
        try early.users.grantRepresentation(to: manager.key, by: talent)
        // The talent creates the profile: a representative edits it but never creates it.
        try early.rows.edit(.profile, profile, [.assign("headline", .text("Actor"))], by: talent)
        try late.pullAll(from: early)
        try early.rows.edit(.profile, profile, [.assign("city", .text("Calabar"))], by: talent)
        try late.rows.edit(.profile, profile, [.assign("city", .text("Lagos"))], by: manager)
        try early.pullAll(from: late)
        try late.pullAll(from: early)
        #expect(try early.store.snapshot(.profile, profile)?.text("city") == "Lagos")
        #expect(try early.replication.canonicalExport() == late.replication.canonicalExport())
    }
}
