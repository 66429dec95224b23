using System.CommandLine;
using FactorioIsr.Configuration;
using FactorioIsr.Patterns;

namespace FactorioIsr.Cli;

/// <summary><c>isr run</c>: validates the configuration, then relays every enabled server's logs.</summary>
internal static class RunCommand
{
    public static Command Create(IsrConsole console)
    {
        var config = CliOptions.Config();
        var patterns = CliOptions.Patterns();
        var consoleOutput = new Option<bool>("--console") { Description = "Print what each Discord message would look like." };
        var command = new Command("run", """
            Run the relay: tail every enabled server's logs, turn lines into events with the patterns and deliver them.
            Stops cleanly on Ctrl+C or SIGTERM.

            Example:
              isr run --config config/servers.yml --console
            """)
        {
            config,
            patterns,
            consoleOutput,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = ConfigLoader.Load(parse.GetValue(config)!, ConfigEnvironment.FromProcess());
            var directory = PatternsDirectory.Resolve(parse.GetValue(patterns), loaded.Configuration?.Settings.PatternsPath);
            var (set, patternDiagnostics) = PatternSet.Load(directory);
            var failed = CliOptions.Report(loaded.Diagnostics, console.Error) | CliOptions.Report(patternDiagnostics, console.Error);
            if (failed || loaded.Configuration is null || set is null)
            {
                await console.Error.WriteLineAsync("isr run: configuration is invalid (fix the lines above); nothing was started").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            var relay = new ConsoleRelay(loaded.Configuration, set, console.Out, TimeProvider.System);
            await console.Error.WriteLineAsync($"isr run: relaying {loaded.Configuration.Servers.Count(s => s.Enabled)} server(s) to the console; Ctrl+C stops").ConfigureAwait(false);
            await relay.RunAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
