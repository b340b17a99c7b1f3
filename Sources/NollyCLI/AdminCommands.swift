import ArgumentParser
import NollyCrypto
import NollyModel
import NollyNode

struct AdminCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Administrators this node trusts.",
        subcommands: [Trust.self]
    )

    struct Trust: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Trust a public key as an administrator (may verify users and grant the admin role)."
        )

        @OptionGroup var options: NodeOptions

        @Argument(help: "The administrator's public key (hex).")
        var key: SigningPublicKey

        func run() throws {
            let admin = key
            try options.openNode().users.trustAdmin(admin)
            options.emit(
                .object([("trusted_admin", .string(admin.hex))]),
                human: "Trusting \(admin.hex) as administrator"
            )
        }
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Record a verification (identity, KYC or badge) of a user.",
        discussion: """
            Anyone may attest; a node shows the badge as verified only if it trusts the attester \
            (`nollycrew admin trust KEY`). `--list` prints the badges this node holds about --subject.
            """
    )

    @OptionGroup var options: NodeOptions
    @OptionGroup var author: AuthorOption

    @Option(help: "The verified user's public key (hex).")
    var subject: SigningPublicKey

    @Option(help: "One of: \(Vocabulary.verificationKinds.joined(separator: ", ")).")
    var kind = "badge"

    @Option(help: "One of: \(Vocabulary.verificationStatuses.joined(separator: ", ")).")
    var status = "verified"

    @Option(help: "A note.")
    var note: String?

    @Flag(help: "List the badges about --subject instead of recording one.")
    var list = false

    func run() throws {
        let node = try options.openNode()
        if list {
            let badges = try node.users.badges(of: subject)
            options.emit(
                .array(
                    badges.map { badge in
                        .object([
                            ("badge", .string(badge.row.hex)), ("attester", .string(badge.attester.hex)),
                            ("kind", .string(badge.kind)), ("status", .string(badge.status)),
                            ("attester_trusted", .bool(badge.attesterTrusted)), ("verified", .bool(badge.isVerified)),
                        ])
                    }
                ),
                human: badges.isEmpty
                    ? "No badges."
                    : badges.map { badge in
                        "\(badge.kind) \(badge.status) by \(badge.attester.hex.prefix(16))… "
                            + (badge.attesterTrusted ? "(trusted: shown as verified)" : "(attester not trusted here)")
                    }.joined(separator: "\n")
            )
            return
        }
        var assignments = ["kind=\(kind)", "status=\(status)"]
        if let note { assignments.append("note=\(note)") }
        let edits = try FieldArguments.edits(.verification, assign: assignments)
        let row = try node.users.attest(subject, edits: edits, by: try node.users.author(author.user))
        options.emit(.object([("verification", .string(row.hex))]), human: "Recorded verification \(row.hex)")
    }
}
