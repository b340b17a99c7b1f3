public import ArgumentParser
import Foundation
public import NollyMedia
import NollyModel
import NollyNode
import NollyReadModels

/// `nollycrew media`: the signing user's portfolio.
struct MediaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "media",
        abstract: "Headshots, photos, reels, audio and documents in a portfolio, and external links.",
        subcommands: [Add.self, List.self, Remove.self, Get.self, Fetch.self, Link.self, Unlink.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a file: its type is read from its bytes (JPEG, PNG, WebP, MP4, MOV, MP3, WAV, PDF).",
            discussion: """
                Size limits (settings media.max_image_bytes, …): 25 MB for images, 500 MB for video, \
                50 MB for audio, 20 MB for documents. The same file added twice is stored once.
                """
        )

        @OptionGroup var options: NodeOptions
        @OptionGroup var author: AuthorOption

        @Argument(help: "The file.")
        var file: String

        @Option(help: "What it is: \(MediaKind.list).")
        var kind: MediaKind

        @Flag(help: "Make this headshot the primary one.")
        var primary = false

        @Option(help: "A caption (at most 300 bytes).")
        var caption: String?

        func run() throws {
            let node = try options.openNode()
            let added = try node.media.add(
                URL(fileURLWithPath: file),
                kind: kind,
                caption: caption,
                primary: primary,
                by: try node.users.author(author.user)
            )
            options.emit(view: added, human: "Added \(MediaCommand.describe(added))")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a portfolio: files, then links.")

        @OptionGroup var options: NodeOptions

        @Argument(
            help: "A local user's name, or a profile id (public key hex or prefix); default: the first local user."
        )
        var who: String?

        func run() throws {
            let node = try options.openNode()
            let user = try node.profiles.row(who)
            let files = try node.media.list(of: user)
            let links = try node.profiles.links(of: user)
            options.emit(
                .object([("media", ReadModelJSON.value(files)), ("links", .array(links.map(JSONValue.string)))]),
                human: files.isEmpty && links.isEmpty
                    ? "No media yet: add some with `nollycrew media add FILE --kind headshot`"
                    : (files.map(MediaCommand.describe) + links.map { "link      \($0)" }).joined(separator: "\n")
            )
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a file from the portfolio.")

        @OptionGroup var options: NodeOptions
        @OptionGroup var author: AuthorOption

        @Argument(help: "The file's hash (or a unique prefix), as `media list` shows it.")
        var hash: String

        func run() throws {
            let node = try options.openNode()
            let removed = try node.media.remove(hash, by: try node.users.author(author.user))
            options.emit(.object([("removed", .string(removed))]), human: "Removed \(removed)")
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Copy a file out, checked against its hash.")

        @OptionGroup var options: NodeOptions

        @Argument(help: "The file's hash (or a unique prefix).")
        var hash: String

        @Option(help: "Where to write it (a new file).")
        var out: String

        @Option(help: "Whose portfolio: a local user's name or a profile id; default: the first local user.")
        var user: String?

        @Option(help: "Seconds a request to a peer may take, when the file has to be fetched.")
        var timeout = 60

        func run() throws {
            let node = try options.openNode()
            let owner = try node.profiles.row(user)
            let hash = try node.media.resolve(hash, in: owner)
            let fetched = try node.media.fetch(RowID(owner.bytes + hash), from: try node.blobSources(timeout: timeout))
            try node.media.export(fetched.hash, of: owner, to: URL(fileURLWithPath: out))
            options.emit(
                .object([("written", .string(out)), ("fetched_from", fetched.source.map(JSONValue.string) ?? .null)]),
                human: (fetched.source.map { "Fetched from \($0); " } ?? "") + "Wrote \(out)"
            )
        }
    }

    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Fetch the portfolio files this node lists but lacks from its peers, checked against their hashes.",
            discussion: """
                After each sync the kinds in media.fetch_eagerly (headshots by default) are fetched; this \
                fetches the rest, for example every reel before going somewhere without a connection.
                """
        )

        @OptionGroup var options: NodeOptions

        @Option(name: .customLong("kind"), help: "Only this kind (repeatable; default: every kind).")
        var kinds: [MediaKind] = []

        @Option(help: "Seconds a request to a peer may take.")
        var timeout = 60

        func run() throws {
            let node = try options.openNode()
            let result = try node.media.fetchMissing(
                kinds: kinds.isEmpty ? nil : Set(kinds),
                from: try node.blobSources(timeout: timeout)
            )
            MediaCommand.report(result, options: options)
            if !result.failed.isEmpty { throw ExitCode(1) }
        }
    }

    /// Prints what a fetch of missing files did: one line per file fetched or not.
    static func report(_ result: MissingMediaFetch, options: NodeOptions) {
        let fetched = result.fetched.filter { $0.source != nil }
        options.emit(
            .object([
                (
                    "fetched",
                    .array(
                        fetched.map {
                            .object([
                                ("hash", .string($0.hash)), ("from", .string($0.source ?? "")),
                                ("bytes", .integer($0.bytes)),
                                ("refused_from", .array($0.refusedFrom.map(JSONValue.string))),
                            ])
                        }
                    )
                ),
                (
                    "failed",
                    .array(
                        result.failed.map { .object([("hash", .string($0.hash)), ("error", .string($0.reason))]) }
                    )
                ),
            ]),
            human: (fetched.map { "Fetched \($0.hash.prefix(16))… (\($0.bytes) bytes) from \($0.source ?? "")" }
                + result.failed.map { "Could not fetch \($0.hash.prefix(16))…: \($0.reason)" })
                .joined(separator: "\n")
        )
    }

    struct Link: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an external link (https; YouTube and Vimeo video links are normalised)."
        )

        @OptionGroup var options: NodeOptions
        @OptionGroup var author: AuthorOption

        @Argument(help: "The link.")
        var url: String

        func run() throws {
            let node = try options.openNode()
            let link = try node.media.addLink(url, by: try node.users.author(author.user))
            options.emit(.object([("link", .string(link))]), human: "Linked \(link)")
        }
    }

    struct Unlink: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an external link.")

        @OptionGroup var options: NodeOptions
        @OptionGroup var author: AuthorOption

        @Argument(help: "The link, as listed or in any form that normalises to it.")
        var url: String

        func run() throws {
            let node = try options.openNode()
            let link = try node.media.removeLink(url, by: try node.users.author(author.user))
            options.emit(.object([("unlinked", .string(link))]), human: "Unlinked \(link)")
        }
    }

    /// One line: primary mark, kind, type, dimensions or duration, size, hash, caption.
    static func describe(_ media: MediaView) -> String {
        var parts = [
            (media.primary ? "★ " : "  ") + (media.kind ?? "?").padding(toLength: 9, withPad: " ", startingAt: 0)
        ]
        parts.append(media.type ?? "?")
        if let width = media.width, let height = media.height { parts.append("\(width)x\(height)") }
        if let milliseconds = media.durationMs {
            parts.append("\(milliseconds / 1_000).\(milliseconds % 1_000 / 100) s")
        }
        if let bytes = media.bytes { parts.append(bytes < 10_240 ? "\(bytes) B" : "\(bytes >> 10) KB") }
        parts.append(String(media.hash.prefix(16)) + (media.stored ? "" : " (not on this node)"))
        if let caption = media.caption { parts.append("“\(caption)”") }
        return parts.joined(separator: "  ")
    }
}

extension MediaKind: ExpressibleByArgument {}
