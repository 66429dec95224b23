using BenchmarkDotNet.Running;

namespace FactorioIsr.Benchmarks;

/// <summary>
/// Micro-benchmarks: <c>dotnet run -c Release --project bench/FactorioIsr.Benchmarks -- --filter '*'</c>.
/// Load harnesses: <c>-- discord-burst</c> (see <see cref="DiscordBurst"/>).
/// </summary>
internal static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["discord-burst", ..])
        {
            return await DiscordBurst.RunAsync(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
