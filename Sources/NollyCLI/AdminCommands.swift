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
            try options.openNode().trustAdmin(admin)
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
        abstract: "Record a verification (identity, KYC or badge) of a user; administrators only."
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

    func run() throws {
        var assignments = ["kind=\(kind)", "status=\(status)"]
        if let note { assignments.append("note=\(note)") }
        let edits = try FieldArguments.edits(.verification, assign: assignments)
        let node = try options.openNode()
        let row = RowID(subject.bytes + SecureRandom.bytes(8))
        try node.edit(.verification, row, edits, by: try node.author(author.user))
        options.emit(.object([("verification", .string(row.hex))]), human: "Recorded verification \(row.hex)")
    }
}
