using ScottPlot;
using SkiaSharp;

namespace FactorioIsr.Monitoring.Chart;

/// <summary>
/// The chart's one font, embedded in the assembly (a Latin subset of DejaVu Sans, 39 KB): the chiseled runtime image has
/// no fonts and no fontconfig, and the Skia build we ship (<c>SkiaSharp.NativeAssets.Linux.NoDependencies</c>) reads
/// none from the system anyway. Registered once with ScottPlot as a font resolver; every text of the chart names it.
/// </summary>
internal sealed class ChartFont : IFontResolver
{
    /// <summary>The family name the chart's texts ask for.</summary>
    public const string Family = "IsrChartSans";

    private const string Resource = "FactorioIsr.Monitoring.Chart.IsrChartSans.ttf";
    private static readonly Lazy<ChartFont> Registered = new(Register, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly SKData _data;

    private ChartFont(SKData data) => _data = data;

    /// <summary>Registers the resolver with ScottPlot (once per process) and returns it.</summary>
    public static ChartFont Ensure() => Registered.Value;

    /// <summary>A typeface of the embedded font (the caller owns it).</summary>
    public SKTypeface Create() => SKTypeface.FromData(_data) ?? throw new InvalidOperationException("the embedded chart font could not be loaded");

    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
        string.Equals(fontName, Family, StringComparison.Ordinal) ? Create() : null;

    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
        string.Equals(fontName, Family, StringComparison.Ordinal) ? Create() : null;

    private static ChartFont Register()
    {
        using var stream = typeof(ChartFont).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"resource {Resource} is missing from the assembly");
        var font = new ChartFont(SKData.Create(stream));
        lock (Fonts.FontResolvers)
        {
            Fonts.FontResolvers.Insert(0, font);
        }

        return font;
    }
}
