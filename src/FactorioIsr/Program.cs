using FactorioIsr.Cli;

return await IsrCli.RunAsync(args, Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
