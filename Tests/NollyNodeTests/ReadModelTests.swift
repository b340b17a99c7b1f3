import Foundation
import NollyCrypto
import NollyModel
import NollyReadModels
import NollyValues
import Testing

@testable import NollyNode

@Suite("Read models")
struct ReadModelTests {
    @Test("Views carry typed fields from the replica, and their JSON round-trips")
    func viewsFromRows() throws {
        let directory = try TemporaryDirectory()
        let node = try Node.initialize(at: DataDirectory(url: directory.url))
        let producer = try node.users.add(name: "kunle", roles: [.producer])
        let talent = try node.users.add(name: "ada", roles: [.actor])
        try node.rows.edit(
            .profile,
            RowID(talent.key.bytes),
            [
                .assign("city", .text("Lagos")), .assign("day_rate", .money(try Money(parsing: "150000.50 NGN"))),
                .assign("latitude_e6", .integer(6_524_379)), .add("skills", .text("dancing")),
            ],
            by: talent
        )
        let project = try node.projects.create(title: "Harmattan", kind: "movie", by: producer)
        let job = try node.projects.postJob(project: project, title: "Lead", kind: "casting_call", by: producer)
        let application = try node.applications.apply(to: job, note: "I know the part", by: talent)

        let profile = ProfileView(try node.rows.require(.profile, RowID(talent.key.bytes)))
        #expect(profile.user == talent.key.hex)
        #expect(profile.city == "Lagos" && profile.latitudeE6 == 6_524_379 && profile.skills == ["dancing"])
        #expect(profile.dayRate == AmountView(try Money(minorUnits: 15_000_050)))
        #expect(profile.dayRate?.formatted == "150,000.50 NGN")

        let projectView = try #require(try node.projects.list().map(ProjectView.init).first)
        #expect(projectView.id == project.hex && projectView.owner == producer.key.hex)
        #expect(projectView.title == "Harmattan" && projectView.kind == "movie")
        let jobView = try #require(try node.projects.jobs().map(JobView.init).first)
        #expect(jobView.id == job.hex && jobView.project == project.hex && jobView.status == "open")
        let applicationView = try #require(try node.applications.list().map(ApplicationView.init).first)
        #expect(applicationView.id == application.hex)
        #expect(applicationView.applicant == talent.key.hex && applicationView.job == job.hex)
        #expect(applicationView.coverNote == "I know the part")

        let text = String(decoding: ReadModelJSON.data(profile), as: UTF8.self)
        #expect(
            text.contains(
                "\"day_rate\":{\"currency\":\"NGN\",\"formatted\":\"150,000.50 NGN\",\"minor_units\":15000050}"
            )
        )
        #expect(text.contains("\"latitude_e6\":6524379"))
        #expect(try ReadModelJSON.decoder.decode(ProfileView.self, from: ReadModelJSON.data(profile)) == profile)
        #expect(try ReadModelJSON.decoder.decode(JobView.self, from: ReadModelJSON.data(jobView)) == jobView)
    }

    @Test("A view's JSON value prints like the node's other JSON")
    func jsonValue() throws {
        let view = PeerView(
            name: "studio",
            nodeKey: "ab",
            url: nil,
            fingerprint: nil,
            grants: ["public", "project:x"],
            grantedToUs: [],
            lastSyncAt: 5
        )
        #expect(
            ReadModelJSON.value(view).canonical
                == #"{"granted_to_us":[],"grants":["project:x","public"],"last_sync_at":5,"name":"studio","node_key":"ab"}"#
        )
    }
}
