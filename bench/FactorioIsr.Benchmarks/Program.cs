using BenchmarkDotNet.Running;
using FactorioIsr.Benchmarks.Rcon;

namespace FactorioIsr.Benchmarks;

/// <summary>
/// Micro-benchmarks: <c>dotnet run -c Release --project bench/FactorioIsr.Benchmarks -- --filter '*'</c>.
/// Load harnesses: <c>... -- rcon-load [servers] [port] [rounds]</c>.
/// </summary>
internal static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "rcon-load")
        {
            return await RconLoadHarness.RunAsync(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
