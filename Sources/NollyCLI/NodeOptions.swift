public import ArgumentParser
import Foundation
public import NollyCrypto
import NollyModel
import NollyNode
import NollyReadModels

/// Options every command that opens a node shares.
struct NodeOptions: ParsableArguments {
    @Option(name: .long, help: "The node's data directory (default: $NOLLYCREW_HOME, else ~/.nollycrew).")
    var dataDir: String?

    @Flag(name: .long, help: "Print JSON for scripts instead of text for people.")
    var json = false

    var directory: DataDirectory { DataDirectory.resolve(flag: dataDir) }

    /// The settings in effect: `flags` (by `config.toml` key, only those typed), then the
    /// environment, then the data directory's `config.toml`, then the defaults.
    func configuration(flags: [String: String] = [:]) throws -> NodeConfiguration {
        try NodeConfiguration.load(from: directory, flags: flags)
    }

    func openNode(flags: [String: String] = [:]) throws -> Node {
        try Node.open(at: directory, settings: try configuration(flags: flags).settings, passphrase: .standard)
    }

    /// Prints `json` (pretty, sorted keys) under `--json`, otherwise the human text.
    func emit(_ json: @autoclosure () -> JSONValue, human: @autoclosure () -> String) {
        print(self.json ? json().pretty : human())
    }

    /// Prints a read model (pretty, sorted keys) under `--json`, otherwise the human text.
    func emit(view: @autoclosure () -> some Encodable, human: @autoclosure () -> String) {
        emit(ReadModelJSON.value(view()), human: human())
    }
}

/// `--as USER`: which local user signs the change.
struct AuthorOption: ParsableArguments {
    @Option(name: .customLong("as"), help: "The local user who signs (name or key prefix; default: the first).")
    var user: String?
}

/// Parses `field=value` arguments for an entity's fields.
enum FieldArguments {
    static func split(_ argument: String) throws -> (String, String) {
        guard let equals = argument.firstIndex(of: "=") else {
            throw ValidationError("expected field=value, got '\(argument)'")
        }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    static func edits(
        _ entity: EntityKind,
        assign: [String],
        add: [String] = [],
        remove: [String] = []
    ) throws -> [Edit] {
        let schema = entity.schema
        var edits = [Edit]()
        for argument in assign {
            let (name, text) = try split(argument)
            let spec = try schema.field(name)
            guard !spec.isSet else { throw ValidationError("\(name) holds several values: use --add or --remove") }
            edits.append(.assign(name, try spec.parse(text)))
        }
        for (arguments, makeEdit) in [(add, Edit.add), (remove, Edit.remove)] {
            for argument in arguments {
                let (name, text) = try split(argument)
                let spec = try schema.field(name)
                guard spec.isSet else { throw ValidationError("\(name) holds one value: set it with \(name)=VALUE") }
                edits.append(makeEdit(name, try spec.parse(text)))
            }
        }
        return edits
    }
}

/// Public keys are typed options: a malformed key is a usage error naming the option.
extension SigningPublicKey: ExpressibleByArgument {
    public init?(argument: String) {
        guard let key = try? SigningPublicKey(hex: argument) else { return nil }
        self = key
    }
}
