import ArgumentParser
import Foundation
import NollyClient
import NollyCrypto
import NollyFederation
import NollyHTTP
import NollyModel
import NollyNode
import NollyReadModels
import NollyStore
import NollySync

struct PeerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peer",
        abstract: "Trusted peers: invite, add, list, remove, move; grant and revoke scopes.",
        subcommands: [Invite.self, Add.self, List.self, Remove.self, SetAddress.self, Grant.self, Revoke.self]
    )

    struct Invite: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a one-time token that lets another node join this one with the given scopes."
        )

        @OptionGroup var options: NodeOptions

        @Option(name: .long, help: "Comma-separated scopes to grant: public, org:<owner hex>, project:<project hex>.")
        var scopes: String

        @Option(name: .long, help: "The https URL the other node reaches this one at (default: the running server's).")
        var url: String?

        @OptionGroup var tls: TLSOptions

        func run() throws {
            let scopes = try Scope.parseList(self.scopes)
            let node = try options.openNode()
            let identity = try tls.identity(of: node)
            let address =
                url
                ?? (try? String(contentsOf: node.directory.serverURLFile, encoding: .utf8))
                ?? "https://127.0.0.1:7443"
            let invite = try node.peers.invite(scopes: scopes, url: address, fingerprint: identity.fingerprint)
            options.emit(
                .object([
                    ("token", .string(invite.token)), ("url", .string(invite.url)),
                    ("scopes", .array(scopes.map { .string($0.description) })),
                    ("expires_in_days", .integer(Int64(PeerService.inviteLifetime.components.seconds / 86_400))),
                ]),
                human: invite.token
            )
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Join the node that printed TOKEN and remember it as a peer (its certificate pinned)."
        )

        @OptionGroup var options: NodeOptions

        @Argument(
            help: ArgumentHelp(
                "The token `nollycrew peer invite` printed on the other node, or - to read it from standard input.",
                discussion: "Use --token-file or - to keep the token out of the process list."
            )
        )
        var token: String?

        @Option(name: .long, help: "Read the token from this file instead.")
        var tokenFile: String?

        @Option(name: .long, help: "What to call the peer here (default: its own name).")
        var name: String?

        @Option(
            name: .long,
            help: "Scopes this node grants the peer (default: those it grants us, at most those the token shows)."
        )
        var scopes: String?

        @Option(name: .long, help: "Seconds to wait for the peer.")
        var timeout = 30

        func validate() throws {
            guard (token == nil) != (tokenFile == nil) else {
                throw ValidationError("give the invite token, - (standard input) or --token-file FILE: exactly one")
            }
        }

        func run() throws {
            let invite: PeerInvite
            do { invite = try PeerInvite(token: try readToken()) } catch { throw ValidationError("\(error)") }
            let grants = try scopes.map(Scope.parseList)
            let node = try options.openNode()
            let transport = try CurlPeerTransport(
                url: invite.url,
                fingerprint: invite.fingerprint,
                key: try node.peers.nodeIdentity().signingKey,
                responder: invite.nodeKey,
                timeout: timeout
            )
            let (peer, reply) = try node.peers.join(invite, over: transport, name: name, granting: grants)
            options.emit(
                view: PeerView(peer),
                human: "Added peer \(peer.name) (\(peer.url ?? "")); it grants us \(reply.scopes.map(\.description)); "
                    + "we grant it \(peer.grants.keys.map(\.description).sorted()). Run `nollycrew sync` to sync."
            )
        }

        /// The token from the argument, standard input (`-`) or `--token-file`, trimmed.
        private func readToken() throws -> String {
            let text: String
            if let tokenFile {
                guard let contents = FileManager.default.contents(atPath: tokenFile), contents.count <= 64 << 10 else {
                    throw ValidationError("cannot read an invite token from \(tokenFile)")
                }
                text = String(decoding: contents, as: UTF8.self)
            } else if token == "-" {
                text = String(decoding: FileHandle.standardInput.readData(ofLength: 64 << 10), as: UTF8.self)
            } else {
                text = token ?? ""
            }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    struct SetAddress: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-address",
            abstract: "Move a known peer to a new URL and certificate, once it proves it holds its node key."
        )

        @OptionGroup var options: NodeOptions

        @Argument(help: "The peer's name or node key prefix.")
        var peer: String

        @Argument(help: "The peer's new https URL.")
        var url: String

        @Option(name: .long, help: "SHA-256 of the peer's new certificate public key, in hex (64 digits).")
        var fingerprint: String

        @Option(name: .long, help: "Seconds to wait for the peer.")
        var timeout = 30

        func run() throws {
            guard let pin = Hex.decode(fingerprint), pin.count == 32 else {
                throw ValidationError("--fingerprint must be 64 hex digits (SHA-256 of the certificate public key)")
            }
            let node = try options.openNode()
            let known = try node.peers.find(peer)
            let transport = try CurlPeerTransport(
                url: url,
                fingerprint: pin,
                key: try node.peers.nodeIdentity().signingKey,
                responder: known.nodeKey,
                timeout: timeout
            )
            let moved = try node.peers.setAddress(peer, url: url, fingerprint: pin, over: transport)
            options.emit(view: PeerView(moved), human: "\(moved.name) is now reached at \(url)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List peers, their grants and last sync.")

        @OptionGroup var options: NodeOptions

        func run() throws {
            let peers = try options.openNode().peers.list()
            let lines = peers.map { peer in
                let grants = peer.grants.keys.map(\.description).sorted().joined(separator: ",")
                let synced =
                    peer.lastSyncAt.map { ISO8601DateFormatter().string(from: Date(milliseconds: $0)) } ?? "never"
                return "\(peer.name)  \(peer.nodeKey.hex.prefix(16))…  \(peer.url ?? "(connects to us)")  "
                    + "grants: \(grants.isEmpty ? "none" : grants)  last sync: \(synced)"
            }
            options.emit(
                view: peers.map(PeerView.init),
                human: lines.isEmpty ? "No peers." : lines.joined(separator: "\n")
            )
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Forget a peer: it is no longer trusted or synced.")

        @OptionGroup var options: NodeOptions

        @Argument(help: "The peer's name or node key prefix.")
        var peer: String

        func run() throws {
            let removed = try options.openNode().peers.remove(peer)
            options.emit(view: PeerView(removed), human: "Removed peer \(removed.name)")
        }
    }

    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Grant a peer more scopes; its next sync backfills them from the start."
        )

        @OptionGroup var change: ScopeChange

        func run() throws { try change.apply { node, scopes, peer in try node.peers.grant(scopes, to: peer) } }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withdraw scopes from a peer; nothing more of them flows to it."
        )

        @OptionGroup var change: ScopeChange

        func run() throws { try change.apply { node, scopes, peer in try node.peers.revoke(scopes, from: peer) } }
    }

    /// What `peer grant` and `peer revoke` take: a peer and a list of scopes.
    struct ScopeChange: ParsableArguments {
        @OptionGroup var options: NodeOptions

        @Argument(help: "The peer's name or node key prefix.")
        var peer: String

        @Option(name: .long, help: "Comma-separated scopes.")
        var scopes: String

        func apply(_ change: (Node, [Scope], String) throws -> PeerRecord) throws {
            let updated = try change(try options.openNode(), try Scope.parseList(scopes), peer)
            options.emit(
                view: PeerView(updated),
                human: "\(updated.name) is granted \(PeerPrinting.grants(updated))"
            )
        }
    }
}

enum PeerPrinting {
    static func grants(_ peer: PeerRecord) -> String {
        let list = peer.grants.keys.map(\.description).sorted()
        return list.isEmpty ? "nothing" : list.joined(separator: ", ")
    }
}

extension Date {
    init(milliseconds: Int64) { self.init(timeIntervalSince1970: TimeInterval(milliseconds) / 1000) }
}
