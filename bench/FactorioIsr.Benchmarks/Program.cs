using System.Globalization;
using BenchmarkDotNet.Running;
using FactorioIsr.Benchmarks.Parsing;
using FactorioIsr.Benchmarks.Rcon;

namespace FactorioIsr.Benchmarks;

/// <summary>
/// Micro-benchmarks: <c>dotnet run -c Release --project bench/FactorioIsr.Benchmarks -- --filter '*'</c>.
/// Data generators: <c>... -- generate-console-log LINES FILE</c>. Pipeline figures: <c>... -- tailing [latency|throughput|catchup]</c>.
/// Load harnesses: <c>-- command-latency [servers] [interactions]</c> (see <see cref="Commands.CommandLatencyHarness"/>), <c>-- discord-burst</c> (see <see cref="DiscordBurst"/>), <c>-- rcon-load [servers] [port] [rounds]</c> (see <see cref="RconLoadHarness"/>), <c>-- monitor-load [servers] [port] [seconds] [post|edit]</c> (see <see cref="Monitoring.MonitorLoadHarness"/>), <c>-- board-costs N</c> (see <see cref="Monitoring.BoardCostsProfile"/>), <c>-- interaction-signature N</c> (see <see cref="Http.InteractionSignatureBenchmarks"/>), <c>-- interactions-latency [servers] [interactions]</c> (see <see cref="Http.InteractionsLatencyHarness"/>).
/// </summary>
internal static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "monitor-load")
        {
            return await Monitoring.MonitorLoadHarness.RunAsync(args);
        }

        if (args is ["board-costs", var operations])
        {
            return await Monitoring.BoardCostsProfile.RunAsync(int.Parse(operations, CultureInfo.InvariantCulture));
        }

        if (args is ["fake-discord", var fakePort])
        {
            return await FakeDiscordProcess.RunAsync(int.Parse(fakePort, CultureInfo.InvariantCulture));
        }

        if (args is ["chart-render", var renders])
        {
            return Monitoring.StatusChartBenchmarks.RunCpu(int.Parse(renders, CultureInfo.InvariantCulture));
        }

        if (args.Length > 0 && args[0] == "interactions-latency")
        {
            return await Http.InteractionsLatencyHarness.RunAsync(args);
        }

        if (args is ["interaction-signature", var verifications])
        {
            return Http.InteractionSignatureBenchmarks.RunCpu(int.Parse(verifications, CultureInfo.InvariantCulture));
        }

        if (args.Length > 0 && args[0] == "command-latency")
        {
            return await Commands.CommandLatencyHarness.RunAsync(args);
        }

        if (args.Length > 0 && args[0] == "rcon-load")
        {
            return await RconLoadHarness.RunAsync(args);
        }

        if (args is ["generate-console-log", var lines, var path])
        {
            ConsoleLogGenerator.Write(path, int.Parse(lines, CultureInfo.InvariantCulture));
            Console.WriteLine($"wrote {lines} lines to {path}");
            return 0;
        }

        if (args is ["tailing", .. var rest])
        {
            return await Tailing.TailingBench.RunAsync(rest);
        }

        if (args is ["profile-load", var loadPatterns])
        {
            ParseProfile.Load(loadPatterns);
            return 0;
        }

        if (args is ["profile-parse", var file, var patterns])
        {
            ParseProfile.Run(file, patterns);
            return 0;
        }

        if (args is ["parse-rounds", var roundsFile, var roundsPatterns, .. var roundsCount])
        {
            await ParsePipelineRounds.RunAsync(roundsFile, roundsPatterns, roundsCount.Length > 0 ? int.Parse(roundsCount[0], CultureInfo.InvariantCulture) : 5);
            return 0;
        }

        if (args is ["profile-relay-parse", .. var relay])
        {
            RelayParseProfile.Run(relay.Length > 0 ? int.Parse(relay[0], CultureInfo.InvariantCulture) : 200_000, relay.Length > 1 ? int.Parse(relay[1], CultureInfo.InvariantCulture) : 5);
            return 0;
        }

        if (args is ["discord-burst", ..])
        {
            return await DiscordBurst.RunAsync(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
