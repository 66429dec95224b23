using System.Diagnostics;
using System.Globalization;
using FactorioIsr.Rcon.Client;
using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Benchmarks.Rcon;

/// <summary>
/// Load harness (not a BenchmarkDotNet job): N long-lived RCON sessions in this process against N simulated servers
/// run by a separate <c>isr simulate</c> process, so this process's RSS and CPU time are the client's alone.
/// Measures RSS with all sessions open and CPU time per server per stats round (tick, players, evolution), then the
/// reference's approach (a new connection + auth per command) on a subset for comparison.
/// Run: <c>dotnet run -c Release --project bench/FactorioIsr.Benchmarks -- rcon-load [servers] [port] [rounds]</c>.
/// </summary>
internal static class RconLoadHarness
{
    private static readonly FactorioCommands Commands = new(new FactorioVersion(2, 0, 77), achievementSafe: false);
    private static readonly string[] StatsCommands = [Commands.Tick().Text, FactorioCommands.PlayersOnline().Text, Commands.Evolution().Text];

    public static async Task<int> RunAsync(string[] args)
    {
        var servers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var port = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 40000;
        var rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
        const string password = "bench";
        await using var simulator = await SimulatorProcess.StartAsync("rcon", servers, port, password);

        var self = Process.GetCurrentProcess();
        var baseline = Rss(self);
        var clients = Enumerable.Range(0, servers).Select(i => new RconClient(new RconClientOptions
        {
            Host = "127.0.0.1",
            Port = port + i,
            Password = password,
            Name = "sim" + (i + 1),
            CommandTimeout = TimeSpan.FromSeconds(60),
            ConnectTimeout = TimeSpan.FromSeconds(60),
        })).ToArray();
        var sessions = clients.Select(c => new FactorioRcon(c)).ToArray();

        var connect = Stopwatch.StartNew();
        await ForEachAsync(sessions, 64, s => s.GetCommandsAsync());
        Console.WriteLine($"connected and handshaked {servers} sessions in {connect.Elapsed.TotalSeconds:0.0} s");
        await ForEachAsync(sessions, servers, StatsRoundAsync);

        var cpu0 = self.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var r = 0; r < rounds; r++)
        {
            await ForEachAsync(sessions, servers, StatsRoundAsync);
        }

        wall.Stop();
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpu0;
        var rss = Rss(self);
        var perServerRound = cpu.TotalMilliseconds / (rounds * (double)servers);
        Console.WriteLine($"stats rounds: {rounds} x {servers} servers in {wall.Elapsed.TotalSeconds:0.00} s wall, {cpu.TotalMilliseconds:0} ms CPU");
        Console.WriteLine($"RESULT long-lived: CPU per server per stats round = {perServerRound:0.000} ms");
        Console.WriteLine($"RESULT long-lived: client RSS = {rss / 1048576.0:0.0} MB with {servers} sessions open (baseline before sessions {baseline / 1048576.0:0.0} MB, managed heap {GC.GetTotalMemory(false) / 1048576.0:0.0} MB)");
        Console.WriteLine($"connections per session: {clients.Max(c => c.State.Connections)}, failed commands: {clients.Sum(c => c.State.CommandsFailed)}");

        // The reference's approach: a new TCP connection and authentication for every command (on a subset).
        var subset = Math.Min(servers, 200);
        var cpu1 = self.TotalProcessorTime;
        var wall1 = Stopwatch.StartNew();
        await ForEachAsync(Enumerable.Range(0, subset).ToArray(), 64, async i =>
        {
            foreach (var command in StatsCommands)
            {
                await using var once = new RconClient(new RconClientOptions { Host = "127.0.0.1", Port = port + i, Password = password, CommandTimeout = TimeSpan.FromSeconds(60), ConnectTimeout = TimeSpan.FromSeconds(60) });
                await once.ExecuteAsync(command);
            }
        });
        self.Refresh();
        var perServerRoundNew = (self.TotalProcessorTime - cpu1).TotalMilliseconds / subset;
        Console.WriteLine($"RESULT connection-per-command: CPU per server per stats round = {perServerRoundNew:0.000} ms ({subset} servers, {wall1.Elapsed.TotalSeconds:0.00} s wall)");
        Console.WriteLine($"RESULT ratio connection-per-command / long-lived CPU = {perServerRoundNew / perServerRound:0.0}x");

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        return 0;
    }

    private static async Task StatsRoundAsync(FactorioRcon session)
    {
        await session.GetTickAsync();
        await session.GetOnlinePlayersAsync();
        await session.GetEvolutionAsync();
    }

    private static long Rss(Process process)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        process.Refresh();
        return process.WorkingSet64;
    }

    private static async Task ForEachAsync<T>(IReadOnlyList<T> items, int parallelism, Func<T, Task> action) =>
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (item, _) => await action(item));
}
