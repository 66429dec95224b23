using System.Diagnostics;
using System.Globalization;
using FactorioIsr.Configuration;
using FactorioIsr.Events;
using FactorioIsr.Monitoring;
using FactorioIsr.Rcon.Client;
using FactorioIsr.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Benchmarks.Monitoring;

/// <summary>
/// Load harness (not a BenchmarkDotNet job): N <see cref="ServerMonitor"/>s in this process, each with its own RCON
/// session, against N simulated servers run by a separate <c>isr simulate</c> process, so this process's CPU time is
/// the monitors' alone. Stats every 60 s, UPS samples (alert checks) every 10 s, RCON looked at every 5 s, as isr run
/// does. After a warm-up it measures CPU time over a steady-state window and prints it as a share of one core.
/// Run: <c>dotnet run -c Release --project bench/FactorioIsr.Benchmarks -- monitor-load [servers] [port] [seconds]</c>.
/// </summary>
internal static class MonitorLoadHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var servers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var port = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 41000;
        var seconds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 120;
        const string password = "bench";
        await using var simulator = await SimulatorProcess.StartAsync("monitor", servers, port, password);
        using var stop = new CancellationTokenSource();
        var statePath = Path.Combine(simulator.Directory, "bench-isr.db");
        using var store = SqliteStateStore.Open(statePath, TimeProvider.System, NullLogger.Instance);
        var settings = MonitoringConfig.Defaults with { StatsInterval = 60, AlertCheckInterval = 10 };
        long published = 0;
        Func<FactorioEvent, CancellationToken, ValueTask> publish = (_, _) =>
        {
            Interlocked.Increment(ref published);
            return ValueTask.CompletedTask;
        };

        var monitors = Enumerable.Range(0, servers).Select(i =>
        {
            var client = new RconClient(new RconClientOptions
            {
                Host = "127.0.0.1",
                Port = port + i,
                Password = password,
                Name = "sim" + (i + 1),
                CommandTimeout = TimeSpan.FromSeconds(60),
                ConnectTimeout = TimeSpan.FromSeconds(60),
            });
            var monitoring = new ServerMonitoring("sim" + (i + 1), new RconConfig("127.0.0.1", port + i, new Secret(password)), false, settings, MonitorTimings.Default);
            return new ServerMonitor("sim" + (i + 1), monitoring, client, publish, store, TimeProvider.System, NullLogger.Instance);
        }).ToArray();

        foreach (var monitor in monitors)
        {
            await monitor.InitializeAsync(stop.Token);
        }

        var runs = monitors.Select(m => Task.Run(() => m.RunAsync(stop.Token))).ToArray();
        var warmup = TimeSpan.FromSeconds(Math.Max(30, seconds / 4));
        Console.WriteLine($"warming up {warmup.TotalSeconds:0} s (connect, handshake, the first stats round)");
        await Task.Delay(warmup);

        var self = Process.GetCurrentProcess();
        var cpu0 = self.TotalProcessorTime;
        var published0 = Interlocked.Read(ref published);
        var wall = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        wall.Stop();
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpu0;
        var connected = monitors.Count(m => m.Client.IsConnected);
        var samples = monitors.Count(m => m.Sampler.Last is not null);
        Console.WriteLine($"steady state: {wall.Elapsed.TotalSeconds:0.0} s wall, {cpu.TotalMilliseconds:0} ms CPU, {Interlocked.Read(ref published) - published0} events published, {connected}/{servers} connected, {samples}/{servers} with a UPS sample");
        Console.WriteLine($"RESULT monitor-load: {servers} servers, stats 60 s, alert checks 10 s: {100 * cpu.TotalSeconds / wall.Elapsed.TotalSeconds:0.00} % of one core");

        await stop.CancelAsync();
        await Task.WhenAll(runs);
        foreach (var monitor in monitors)
        {
            await monitor.DisposeAsync();
        }

        return 0;
    }
}
