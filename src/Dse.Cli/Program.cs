using Dse.Cli;

return DseCommandLine.Run(args, Console.Out, Console.Error);
