using BenchmarkDotNet.Running;

namespace FactorioIsr.Benchmarks;

/// <summary>Micro-benchmarks: <c>dotnet run -c Release --project bench/FactorioIsr.Benchmarks -- --filter '*'</c>.</summary>
internal static class BenchmarkProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
