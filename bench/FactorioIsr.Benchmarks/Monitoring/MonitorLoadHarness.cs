using System.Diagnostics;
using System.Globalization;
using FactorioIsr.Configuration;
using FactorioIsr.Discord.Rest;
using FactorioIsr.Events;
using FactorioIsr.Monitoring;
using FactorioIsr.Rcon.Client;
using FactorioIsr.State;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Benchmarks.Monitoring;

/// <summary>
/// Load harness (not a BenchmarkDotNet job): N <see cref="ServerMonitor"/>s in this process, each with its own RCON
/// session, against N simulated servers run by a separate <c>isr simulate</c> process, so this process's CPU time is
/// the monitors' alone. Stats every 60 s, UPS samples (alert checks) every 10 s, RCON looked at every 5 s, as isr run
/// does. After a warm-up it measures CPU time over a steady-state window and prints it as a share of one core.
/// Run: <c>dotnet run -c Release --project bench/FactorioIsr.Benchmarks -- monitor-load [servers] [port] [seconds] [post|edit]</c>.
/// <para>
/// <c>edit</c> is <c>stats_mode: edit</c>: every server keeps a status message, through the real
/// <see cref="StatusBoard"/> and <see cref="DiscordRestClient"/>, in a fake Discord run by a separate process (this
/// program's <c>fake-discord PORT</c>), passed every 5 s as <c>isr run</c>'s board service does. Each server's history
/// starts full (24 h at one point per 30 s, the store's bound), so every status card and chart has a day to read and
/// draw, as in a relay that has run for a day. The warm-up waits for the first pass (every message created with its chart)
/// and 30 s more; the window should cover at least one chart cycle (5 minutes; default 360 s in this mode).
/// </para>
/// </summary>
internal static class MonitorLoadHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var servers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var port = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 41000;
        var edit = args.Length > 4 && args[4] == "edit";
        var seconds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : edit ? 360 : 120;
        const string password = "bench";
        await using var simulator = await SimulatorProcess.StartAsync("monitor", servers, port, password);
        await using var fake = edit ? await FakeDiscordProcess.StartAsync(port + servers + 10) : null;
        using var stop = new CancellationTokenSource();
        var statePath = Path.Combine(simulator.Directory, "bench-isr.db");
        using var store = SqliteStateStore.Open(statePath, TimeProvider.System, NullLogger.Instance);
        var settings = MonitoringConfig.Defaults with { StatsInterval = 60, AlertCheckInterval = 10, StatsMode = edit ? StatsMode.Edit : StatsMode.Post };
        if (edit)
        {
            var filled = Stopwatch.StartNew();
            FillHistory(statePath, servers, TimeProvider.System.GetUtcNow());
            Console.WriteLine($"history: {servers} × 2,880 points (24 h) written in {filled.Elapsed.TotalSeconds:0.0} s");
        }

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
            var channel = edit ? (500_000_000_000_000_000L + i).ToString(CultureInfo.InvariantCulture) : null;
            var monitoring = new ServerMonitoring("sim" + (i + 1), new RconConfig("127.0.0.1", port + i, new Secret(password)), false, settings, MonitorTimings.Default, channel);
            return new ServerMonitor("sim" + (i + 1), monitoring, client, publish, store, TimeProvider.System, NullLogger.Instance);
        }).ToArray();

        foreach (var monitor in monitors)
        {
            await monitor.InitializeAsync(stop.Token);
        }

        var runs = monitors.Select(m => Task.Run(() => m.RunAsync(stop.Token))).ToList();
        var board = new BoardCounter();
        DiscordRestClient? rest = null;
        if (fake is not null)
        {
            rest = new DiscordRestClient(DiscordRestClient.CreateDefaultHandler(), new DiscordRestOptions { BaseUrl = fake.BaseUrl, Token = "fake-token" },
                TimeProvider.System, NullLogger<DiscordRestClient>.Instance);
            var statusBoard = new StatusBoard(store, rest, StatusBoardOptions.Default, board);
            runs.Add(Task.Run(() => BoardLoopAsync(statusBoard, monitors, stop.Token)));
        }

        var warmup = TimeSpan.FromSeconds(edit ? 30 : Math.Max(30, seconds / 4));
        if (edit)
        {
            // The first pass creates every message (a render and two durable store writes each): wait for all of them.
            var first = Stopwatch.StartNew();
            while (board.Created < servers && first.Elapsed < TimeSpan.FromMinutes(15))
            {
                await Task.Delay(1000);
                if (first.Elapsed.Seconds == 0)
                {
                    Console.WriteLine($"  {board.Created} created after {first.Elapsed.TotalMinutes:0} min, {board.Failures} failures");
                }
            }

            Console.WriteLine($"first pass: {board.Created} status messages created with their chart in {first.Elapsed.TotalSeconds:0} s, {board.Failures} failures");
        }

        Console.WriteLine($"warming up {warmup.TotalSeconds:0} s (connect, handshake, the first stats round)");
        await Task.Delay(warmup);

        var self = Process.GetCurrentProcess();
        var cpu0 = self.TotalProcessorTime;
        var published0 = Interlocked.Read(ref published);
        var (edits0, charts0) = (board.Edits, board.Charts);
        var wall = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        wall.Stop();
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpu0;
        var connected = monitors.Count(m => m.Client.IsConnected);
        var samples = monitors.Count(m => m.Sampler.Last is not null);
        Console.WriteLine($"steady state: {wall.Elapsed.TotalSeconds:0.0} s wall, {cpu.TotalMilliseconds:0} ms CPU, {Interlocked.Read(ref published) - published0} events published, {connected}/{servers} connected, {samples}/{servers} with a UPS sample");
        if (edit)
        {
            Console.WriteLine($"status board: {board.Edits - edits0} edits, {board.Charts - charts0} of them with a new chart, {board.Failures} failures in all");
        }

        Console.WriteLine($"RESULT monitor-load: {servers} servers, stats 60 s, alert checks 10 s, stats_mode {(edit ? "edit" : "post")}: {100 * cpu.TotalSeconds / wall.Elapsed.TotalSeconds:0.00} % of one core");

        await stop.CancelAsync();
        await Task.WhenAll(runs);
        foreach (var monitor in monitors)
        {
            await monitor.DisposeAsync();
        }

        rest?.Dispose();
        return 0;
    }

    /// <summary>What <c>StatusBoardService</c> does: one pass every 5 s.</summary>
    private static async Task BoardLoopAsync(StatusBoard board, IReadOnlyList<ServerMonitor> monitors, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(StatusBoardOptions.Default.Tick);
        try
        {
            do
            {
                await board.UpdateAsync(monitors, null, cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>24 h of history per server at one point per 30 s (UPS around 60, a few players), written directly.</summary>
    internal static void FillHistory(string path, int servers, DateTimeOffset now)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT OR REPLACE INTO sample_history (server, at_ms, ups, paused, players) VALUES ($s, $a, $u, 0, $n)";
        var s = insert.Parameters.Add("$s", SqliteType.Text);
        var a = insert.Parameters.Add("$a", SqliteType.Integer);
        var u = insert.Parameters.Add("$u", SqliteType.Real);
        var n = insert.Parameters.Add("$n", SqliteType.Integer);
        insert.Prepare();
        var start = now - TimeSpan.FromHours(24);
        for (var i = 0; i < servers; i++)
        {
            s.Value = "sim" + (i + 1);
            for (var k = 0; k < 2880; k++)
            {
                a.Value = (start + TimeSpan.FromSeconds(30 * k)).ToUnixTimeMilliseconds();
                u.Value = 57 + (3 * Math.Sin((k + i) / 40.0));
                n.Value = (k / 240 + i) % 6;
                insert.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }
}
