using System.CommandLine;
using FactorioIsr.Configuration;
using FactorioIsr.Hosting;
using FactorioIsr.Patterns;

namespace FactorioIsr.Cli;

/// <summary><c>isr run</c>: validates the configuration, then relays every enabled server's logs through the durable pipeline.</summary>
internal static class RunCommand
{
    public static Command Create(IsrConsole console)
    {
        var config = CliOptions.Config();
        var patterns = CliOptions.Patterns();
        var consoleOutput = new Option<bool>("--console") { Description = "Print what each Discord message would look like." };
        var state = new Option<string?>("--state")
        {
            Description = $"State database: a file path (SQLite). Default: the 'state' setting or {ConfigDefaults.StatePath}.",
        };
        var jsonl = new Option<string?>("--jsonl") { Description = "Append one JSON object per delivered event to this file (each event exactly once)." };
        var command = new Command("run", """
            Run the relay: tail every enabled server's logs (across rotation and restarts), turn lines into events with
            the patterns and deliver them through the durable outbox. Stops cleanly on Ctrl+C or SIGTERM.

            Example:
              isr run --config config/servers.yml --console --jsonl data/events.jsonl
            """)
        {
            config,
            patterns,
            state,
            jsonl,
            consoleOutput,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = ConfigLoader.Load(parse.GetValue(config)!, ConfigEnvironment.FromProcess());
            var directory = PatternsDirectory.Resolve(parse.GetValue(patterns), loaded.Configuration?.Settings.PatternsPath);
            var (set, patternDiagnostics) = PatternSet.Load(directory);
            var failed = CliOptions.Report(loaded.Diagnostics, console.Error) | CliOptions.Report(patternDiagnostics, console.Error, loaded.Configuration?.Secrets);
            if (failed || loaded.Configuration is null || set is null)
            {
                await console.Error.WriteLineAsync("isr run: configuration is invalid (fix the lines above); nothing was started").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            var settings = loaded.Configuration.Settings;
            var statePath = parse.GetValue(state) ?? settings.StatePath;
            if (StateLocation.IsPostgreSql(statePath))
            {
                await console.Error.WriteLineAsync("isr run: --state: " + StateLocation.PostgreSqlRefused).ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            var relay = new RelaySettings(
                loaded.Configuration,
                set,
                statePath,
                parse.GetValue(jsonl) ?? settings.Outputs.JsonlPath,
                parse.GetValue(consoleOutput) || settings.Outputs.Console);
            return await RelayHost.RunAsync(relay, console.Out, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
