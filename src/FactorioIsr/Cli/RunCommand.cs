using System.CommandLine;
using FactorioIsr.Configuration;
using FactorioIsr.Hosting;

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
            RelayPreflightResult Preflight() => RelayPreflight.Run(parse.GetValue(config)!, parse.GetValue(patterns), ConfigEnvironment.FromProcess(), parse.GetValue(state), parse.GetValue(jsonl), parse.GetValue(consoleOutput));
            var result = Preflight();
            // What check refuses but run only retries (a log path that is a FIFO, a device) is the tailer's one warning.
            var diagnostics = result.Diagnostics.Where(d => !d.ErrorInCheck).ToList();
            // The log format is known before the configuration: LOG_FORMAT=json makes its problems JSON lines too.
            var json = Hosting.LogSetup.JsonRequested(Environment.GetEnvironmentVariable);
            var failed = json
                ? Hosting.LogSetup.ReportJson(diagnostics, console.Error, result.Secrets)
                : CliOptions.Report(diagnostics, console.Error, result.Secrets);
            if (failed || result.Settings is not { } settings)
            {
                const string Invalid = "isr run: configuration is invalid (fix the lines above); nothing was started";
                await console.Error.WriteLineAsync(json ? Hosting.LogSetup.JsonLine("Critical", "FactorioIsr.Cli.RunCommand", Invalid) : Invalid).ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok; // stopped before anything started: nothing to lose
            }

            try
            {
                using var hangup = Hosting.HangupSignal.Register(); // a reload, from before the host exists
                return await RelayHost.RunAsync(settings with { Reload = Preflight }, console.Out, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (cancellationToken.IsCancellationRequested && IsCancellation(e))
            {
                // SIGTERM while starting (the host reports its cancelled hosted services together): what was read and
                // not committed is read again at the next start.
                return ExitCodes.Ok;
            }
#pragma warning disable CA1031 // any start-up failure is one clear line and exit 1, never a stack trace
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                await console.Error.WriteLineAsync("isr run: cannot start: " + settings.Configuration.Secrets.Redact(e.Message)).ConfigureAwait(false);
                return ExitCodes.RuntimeFailure;
            }
        });
        return command;
    }

    /// <summary>A stop while starting: the host reports it as a cancellation, or several (services start concurrently).</summary>
    private static bool IsCancellation(Exception e) =>
        e is OperationCanceledException || (e is AggregateException all && all.InnerExceptions.All(IsCancellation));
}
