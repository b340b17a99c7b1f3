import ArgumentParser
import NollyCLI

/// The `nollycrew` executable: argument-parser's own entry point parses the arguments, runs the
/// chosen command (awaiting async ones such as `serve`) and prints errors with their codes.
@main
enum NollyCrewMain {
    static func main() async { await NollyCrewCommand.main() }
}
