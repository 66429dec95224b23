using BenchmarkDotNet.Attributes;
using FactorioIsr.Monitoring.Chart;
using FactorioIsr.State;

namespace FactorioIsr.Benchmarks.Monitoring;

/// <summary>
/// The status board's chart: 24 h of history at one point per minute (1,440 points; the store keeps up to 2,880),
/// rendered to an 800×300 PNG, warm. <c>dotnet run -c Release --project bench/FactorioIsr.Benchmarks -- --filter '*StatusChart*'</c>.
/// </summary>
[MemoryDiagnoser]
public class StatusChartBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private List<HistoryPoint> _day = [];
    private List<HistoryPoint> _full = [];

    [GlobalSetup]
    public void Setup()
    {
        _day = Points(1440, TimeSpan.FromMinutes(1));
        _full = Points(2880, TimeSpan.FromSeconds(30));
    }

    [Benchmark(Description = "24 h, 1,440 points")]
    public int Day() => StatusChart.Render("Sim 1: UPS and players, last 24 h (UTC)", _day, TimeSpan.FromHours(24), Now).Length;

    [Benchmark(Description = "24 h, 2,880 points (the bound)")]
    public int Full() => StatusChart.Render("Sim 1: UPS and players, last 24 h (UTC)", _full, TimeSpan.FromHours(24), Now).Length;

    /// <summary>
    /// <c>-- chart-render N</c>: N warm renders of the 1,440-point day, as CPU time per render (the thread's, so a loaded
    /// machine's waiting does not count) and wall time per render (best and median).
    /// </summary>
    public static int RunCpu(int renders)
    {
        var bench = new StatusChartBenchmarks();
        bench.Setup();
        for (var i = 0; i < 5; i++)
        {
            bench.Day(); // warm: JIT, the font, Skia's first surface
        }

        var walls = new List<double>(renders);
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < renders; i++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            bench.Day();
            walls.Add(watch.Elapsed.TotalMilliseconds);
        }

        var used = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu;
        walls.Sort();
        Console.WriteLine(System.FormattableString.Invariant(
            $"{renders} renders of 800x300: CPU {used.TotalMilliseconds / renders:0.0} ms/render (process), wall best {walls[0]:0.0} ms, median {walls[renders / 2]:0.0} ms"));
        return 0;
    }

    private static List<HistoryPoint> Points(int count, TimeSpan spacing)
    {
        var points = new List<HistoryPoint>(count);
        for (var i = 0; i < count; i++)
        {
            points.Add(new HistoryPoint(Now - (spacing * (count - i)), 55 + (5 * Math.Sin(i / 40.0)), Paused: i % 300 == 0, Players: i / 200));
        }

        return points;
    }
}
