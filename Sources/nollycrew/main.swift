import NollyCLI

await NollyCrewCommand.runFromCommandLine()
