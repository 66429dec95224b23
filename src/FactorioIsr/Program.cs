using FactorioIsr.Cli;

return await IsrCli.RunAsync(args, IsrConsole.System, CancellationToken.None).ConfigureAwait(false);
