import ArgumentParser
import Foundation
import NollyModel
import NollyNode

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write an online, consistent copy of the node's database (SQLite's backup API).",
        discussion: "The node may keep serving and syncing meanwhile. Keys are not included: keep keys/ safe too."
    )

    @OptionGroup var options: NodeOptions

    @Argument(help: "The backup file to write (must not exist).")
    var file: String

    func run() throws {
        try options.openNode().backup(to: URL(fileURLWithPath: file))
        options.emit(.object([("backup", .string(file))]), human: "Backed up the node's database to \(file)")
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the node's database with a backup; signing waits until the node has caught up.",
        discussion: """
            A backup may predate changes this node's users signed and sent out. Until a sync with a peer \
            or a bundle import brings them back, local edits are refused, so no sequence number is used twice.
            """
    )

    @OptionGroup var options: NodeOptions

    @Argument(help: "The backup file written by `nollycrew backup`.")
    var file: String

    func run() throws {
        try options.openNode().restore(from: URL(fileURLWithPath: file))
        options.emit(
            .object([("restored", .string(file)), ("signing_held", .bool(true))]),
            human: "Restored from \(file). Local edits are held until this node catches up: run `nollycrew sync` "
                + "or `nollycrew bundle import FILE` first."
        )
    }
}
