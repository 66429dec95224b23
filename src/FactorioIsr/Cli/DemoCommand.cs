using System.CommandLine;
using FactorioIsr.Configuration;
using FactorioIsr.Hosting;
using FactorioIsr.Monitoring;
using FactorioIsr.Patterns;
using FactorioIsr.Simulator;

namespace FactorioIsr.Cli;

/// <summary>
/// <c>isr demo</c>: two simulated Factorio servers, the relay and the console output, in a temporary directory: events,
/// stats, a slash command and its reply, a low-UPS alert and its recovery, and the first server's status board
/// (<c>stats_mode: edit</c>: posted once, then one line per edit in place, with its chart).
/// No Discord token, no configuration: the newcomer's first command.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The first server's status channel as the demo's servers.yml would name it (nothing is sent there).</summary>
    private const ulong DemoStatusChannel = 100000000000000001;

    /// <summary>
    /// The status board's cadences in the demo: isr run's, except that the chart is rendered again every minute instead
    /// of every 5, so a newcomer sees it replaced (as stats come every 15 s instead of 300).
    /// </summary>
    private static readonly StatusBoardOptions DemoBoard = StatusBoardOptions.Default with { ChartInterval = TimeSpan.FromMinutes(1) };

    public static Command Create(IsrConsole console)
    {
        var servers = new Option<int>("--servers") { Description = "How many simulated servers.", DefaultValueFactory = _ => 2 };
        var command = new Command("demo", """
            Start simulated Factorio servers and the relay, and print to the terminal what would be posted to
            Discord. Nothing to configure, no Discord token needed. Ctrl+C stops it and removes its files.

            Example:
              isr demo
            """)
        {
            servers,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(servers);
            if (count is < 1 or > 20)
            {
                await console.Error.WriteLineAsync("isr demo: --servers must be between 1 and 20").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            return await RunAsync(count, console, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(int servers, IsrConsole console, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "isr-demo-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var simulator = await SimulatorHost.StartAsync(
                new SimulatorOptions { Directory = directory, Servers = servers, RconPort = 0 }, cancellationToken).ConfigureAwait(false);

            var loaded = ConfigLoader.Load(simulator.ServersYmlPath, new ConfigEnvironment(new Dictionary<string, string>(), "/nonexistent"));
            var (patterns, patternDiagnostics) = PatternSet.Load(PatternsDirectory.Resolve(null, null));
            if (loaded.Configuration is null || patterns is null)
            {
                CliOptions.Report(loaded.Diagnostics.Concat(patternDiagnostics), console.Error);
                return ExitCodes.RuntimeFailure;
            }

            await console.Out.WriteLineAsync($"isr demo: {servers} simulated Factorio servers in {directory}").ConfigureAwait(false);
            await console.Out.WriteLineAsync("What ISR would post to Discord follows, one line per message. Ctrl+C stops.").ConfigureAwait(false);
            await console.Out.WriteLineAsync().ConfigureAwait(false);
            // The real relay (durable tailer, outbox, console output), quiet logs, state inside the demo directory.
            // Stats every 15 s, UPS checks every 2 s and a quick EMA, so a newcomer sees an alert and its recovery within a
            // minute (servers.yml defaults: 300 s, 10 s, alpha 0.2). The first server keeps a status board
            // (stats_mode: edit) instead of posting its stats: posted once, then edited in place, shown on the console.
            var configuration = loaded.Configuration with
            {
                Settings = loaded.Configuration.Settings with { Log = new LogSettings(IsrLogLevel.Warning, IsrLogFormat.Console) },
                Servers = [.. loaded.Configuration.Servers.Select((s, i) => s with
                {
                    Monitoring = s.Monitoring with
                    {
                        StatsInterval = 15, AlertCheckInterval = 2, AlertSamplesRequired = 2, AlertCooldown = 30, UpsEmaAlpha = 0.5,
                        StatsMode = i == 0 ? StatsMode.Edit : StatsMode.Post,
                    },
                    StatusChannelId = i == 0 ? DemoStatusChannel : s.StatusChannelId,
                })],
            };
            var settings = new RelaySettings(configuration, patterns, Path.Combine(directory, "isr.db"), JsonlPath: null, Console: true)
            {
                Http = false,
                ConsoleStatusBoard = DemoBoard,
            };
            using var scenario = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var lag = LagEpisodeAsync(configuration.Servers[0], scenario.Token);
            var code = await RelayHost.RunAsync(settings, console.Out, cancellationToken,
                (services, stop) => DemoSlashCommand.RunAsync(services, console.Out, TimeSpan.FromSeconds(5), stop)).ConfigureAwait(false);
            await scenario.CancelAsync().ConfigureAwait(false);
            await lag.ConfigureAwait(false);
            await console.Out.WriteLineAsync("isr demo: stopped").ConfigureAwait(false);
            return code;
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover temporary directory is harmless.
            }
        }
    }

    /// <summary>The first server lags (20 UPS) from 10 s to 25 s: the demo shows a low-UPS alert, then its recovery once the EMA is back up.</summary>
    private static async Task LagEpisodeAsync(ServerConfig server, CancellationToken cancellationToken)
    {
        if (server.Rcon is not { } rcon)
        {
            return;
        }

        try
        {
            await using var client = new FactorioIsr.Rcon.Client.RconClient(new FactorioIsr.Rcon.Client.RconClientOptions { Host = rcon.Host, Port = rcon.Port, Password = rcon.Password.Reveal() });
            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            await client.ExecuteAsync("/sim ups 20", cancellationToken).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false);
            await client.ExecuteAsync("/sim ups 60", cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped before the episode ended.
        }
        catch (FactorioIsr.Rcon.RconException)
        {
            // The simulator went away: the demo is stopping.
        }
    }
}
