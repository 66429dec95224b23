using FactorioIsr.State;
using ScottPlot;
using SkiaSharp;

namespace FactorioIsr.Monitoring.Chart;

/// <summary>
/// The status board's PNG: UPS (left axis) and players online (right axis) over the sample history, 800×300. Times are
/// UTC. A gap in the history (RCON down, isr stopped) stays a gap; paused samples plot as 0 UPS. Thread-safe: each
/// render builds its own plot and draws on a surface no other render holds.
/// <para>
/// Made cheap enough for 1,000 servers (docs/PERFORMANCE.md): the players' step line keeps only the points where the
/// count changes (the same path), the UPS line keeps the lowest and highest point of each 1/800 of the window (less
/// than a pixel column, so the same strokes), an 800×300 surface is reused, and the PNG (RGB: the background is opaque white) is encoded with the "up"
/// filter at zlib level 3, about five times faster than Skia's default (all filters, level 6) for about 10 % more bytes.
/// The pixels are the same; only the compression differs.
/// </para>
/// </summary>
internal static class StatusChart
{
    public const int Width = 800;
    public const int Height = 300;

    /// <summary>The attachment's file name (the embed refers to it as <c>attachment://ups.png</c>).</summary>
    public const string FileName = "ups.png";

    /// <summary>How finely the UPS line keeps its extremes: buckets of 1/this of the window (narrower than a pixel column of the data area).</summary>
    private const int UpsBuckets = Width;

    private static readonly SKPngEncoderOptions Png = new(SKPngEncoderFilterFlags.Up, 3);

    /// <summary>A surface to reuse (one is kept; a render that finds it taken makes its own).</summary>
    private static SKSurface? s_spare;

    /// <summary>Renders the chart of <paramref name="points"/> (oldest first) over the window ending at <paramref name="now"/>.</summary>
    public static byte[] Render(string title, IReadOnlyList<HistoryPoint> points, TimeSpan window, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(points);
        ChartFont.Ensure();
        using var plot = new Plot();
        plot.Font.Set(ChartFont.Family);
        plot.Title(title, 14);
        plot.Axes.Left.Label.Text = "UPS";
        plot.Axes.Right.Label.Text = "players";
        plot.Axes.DateTimeTicksBottom();

        var gap = GapAfter(points);
        var start = now.UtcDateTime.Add(-window).ToOADate();
        var end = now.UtcDateTime.ToOADate();
        var (upsX, upsY) = Extremes(Series(points, p => p.Paused ? 0 : p.Ups, gap), start, (end - start) / UpsBuckets);
        var (playerX, playerY) = Steps(Series(points, p => p.Players, gap));

        var ups = plot.Add.Scatter(upsX, upsY);
        ups.LegendText = "UPS";
        ups.MarkerSize = 0;
        ups.LineWidth = 2;
        ups.Color = Colors.SteelBlue;

        var players = plot.Add.Scatter(playerX, playerY);
        players.LegendText = "players";
        players.MarkerSize = 0;
        players.LineWidth = 1.5f;
        players.Color = Colors.DarkOrange;
        players.ConnectStyle = ConnectStyle.StepHorizontal;
        players.Axes.YAxis = plot.Axes.Right;

        var maxUps = upsY.Where(double.IsFinite).DefaultIfEmpty(60).Max();
        var maxPlayers = playerY.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        plot.Axes.SetLimitsX(start, end);
        plot.Axes.SetLimitsY(0, Math.Max(60, maxUps) * 1.1, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Math.Max(5, maxPlayers + 1), plot.Axes.Right);
        plot.ShowLegend(Alignment.LowerLeft);

        var surface = Interlocked.Exchange(ref s_spare, null)
            ?? SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque))
            ?? throw new InvalidOperationException("Skia could not create an 800×300 surface");
        try
        {
            // Opaque (the figure's background is white): the PNG has no alpha channel to encode.
            surface.Canvas.Clear(SKColors.White);
            plot.Render(surface.Canvas, Width, Height);
            surface.Canvas.Flush();
            using var pixels = surface.PeekPixels();
            using var data = pixels.Encode(Png) ?? throw new InvalidOperationException("Skia could not encode the chart as PNG");
            return data.ToArray();
        }
        finally
        {
            if (Interlocked.CompareExchange(ref s_spare, surface, null) is not null)
            {
                surface.Dispose();
            }
        }
    }

    /// <summary>Two points further apart than this are not joined: three sample intervals (the median spacing), at least a minute.</summary>
    private static TimeSpan GapAfter(IReadOnlyList<HistoryPoint> points)
    {
        if (points.Count < 2)
        {
            return TimeSpan.FromMinutes(1);
        }

        var spacings = new List<double>(points.Count - 1);
        for (var i = 1; i < points.Count; i++)
        {
            spacings.Add((points[i].At - points[i - 1].At).TotalSeconds);
        }

        spacings.Sort();
        return TimeSpan.FromSeconds(Math.Max(60, spacings[spacings.Count / 2] * 3));
    }

    /// <summary>X (OADate) and Y; a NaN between two points more than <paramref name="gap"/> apart, and for missing values.</summary>
    private static (List<double> X, List<double> Y) Series(IReadOnlyList<HistoryPoint> points, Func<HistoryPoint, double?> value, TimeSpan gap)
    {
        var xs = new List<double>(points.Count + 8);
        var ys = new List<double>(points.Count + 8);
        for (var i = 0; i < points.Count; i++)
        {
            var at = points[i].At.UtcDateTime;
            if (i > 0 && points[i].At - points[i - 1].At > gap)
            {
                xs.Add(at.AddSeconds(-1).ToOADate());
                ys.Add(double.NaN);
            }

            xs.Add(at.ToOADate());
            ys.Add(value(points[i]) ?? double.NaN);
        }

        if (xs.Count == 0)
        {
            // ScottPlot draws nothing for an empty series; one NaN keeps the axes and the legend.
            xs.Add(0);
            ys.Add(double.NaN);
        }

        return (xs, ys);
    }

    /// <summary>
    /// The lowest and the highest point (in time order) of each run of finite values inside one bucket of
    /// <paramref name="bucket"/> days from <paramref name="start"/>; NaNs (gaps) are kept as they are.
    /// </summary>
    internal static (double[] X, double[] Y) Extremes((List<double> X, List<double> Y) series, double start, double bucket)
    {
        var (xs, ys) = series;
        var outX = new List<double>(Math.Min(xs.Count, (2 * UpsBuckets) + 16));
        var outY = new List<double>(outX.Capacity);
        var i = 0;
        while (i < xs.Count)
        {
            if (!double.IsFinite(ys[i]))
            {
                outX.Add(xs[i]);
                outY.Add(ys[i]);
                i++;
                continue;
            }

            var key = Math.Floor((xs[i] - start) / bucket);
            int low = i, high = i, j = i + 1;
            for (; j < xs.Count && double.IsFinite(ys[j]) && Math.Floor((xs[j] - start) / bucket) == key; j++)
            {
                if (ys[j] < ys[low])
                {
                    low = j;
                }

                if (ys[j] > ys[high])
                {
                    high = j;
                }
            }

            var (first, second) = low <= high ? (low, high) : (high, low);
            outX.Add(xs[first]);
            outY.Add(ys[first]);
            if (second != first)
            {
                outX.Add(xs[second]);
                outY.Add(ys[second]);
            }

            i = j;
        }

        return ([.. outX], [.. outY]);
    }

    /// <summary>
    /// A step line's points without those that repeat the previous value (the horizontal line goes on through them), but
    /// with the last point of each run before a gap or the end, where the line stops.
    /// </summary>
    internal static (double[] X, double[] Y) Steps((List<double> X, List<double> Y) series)
    {
        var (xs, ys) = series;
        var outX = new List<double>();
        var outY = new List<double>();
        for (var i = 0; i < xs.Count; i++)
        {
            var repeats = i > 0 && ys[i].Equals(ys[i - 1]) && double.IsFinite(ys[i]);
            var lastOfRun = i == xs.Count - 1 || !double.IsFinite(ys[i + 1]);
            if (!repeats || lastOfRun)
            {
                outX.Add(xs[i]);
                outY.Add(ys[i]);
            }
        }

        return ([.. outX], [.. outY]);
    }
}
