import NollyCLI

NollyCrewCommand.main()
