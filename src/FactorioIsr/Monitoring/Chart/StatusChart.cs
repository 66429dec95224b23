using FactorioIsr.State;
using ScottPlot;

namespace FactorioIsr.Monitoring.Chart;

/// <summary>
/// The status board's PNG: UPS (left axis) and players online (right axis) over the sample history, 800×300. Times are
/// UTC. A gap in the history (RCON down, isr stopped) stays a gap; paused samples plot as 0 UPS. Thread-safe: each
/// render builds its own plot.
/// </summary>
internal static class StatusChart
{
    public const int Width = 800;
    public const int Height = 300;

    /// <summary>The attachment's file name (the embed refers to it as <c>attachment://ups.png</c>).</summary>
    public const string FileName = "ups.png";

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
        var (upsX, upsY) = Series(points, p => p.Paused ? 0 : p.Ups, gap);
        var (playerX, playerY) = Series(points, p => p.Players, gap);

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
        plot.Axes.SetLimitsX(now.UtcDateTime.Add(-window).ToOADate(), now.UtcDateTime.ToOADate());
        plot.Axes.SetLimitsY(0, Math.Max(60, maxUps) * 1.1, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Math.Max(5, maxPlayers + 1), plot.Axes.Right);
        plot.ShowLegend(Alignment.LowerLeft);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
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
    private static (double[] X, double[] Y) Series(IReadOnlyList<HistoryPoint> points, Func<HistoryPoint, double?> value, TimeSpan gap)
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

        return ([.. xs], [.. ys]);
    }
}
