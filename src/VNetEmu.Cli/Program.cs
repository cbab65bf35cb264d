using VNetEmu.Cli;

return CliMain.Run(args, Console.Out, Console.Error);
