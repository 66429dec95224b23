using System.Globalization;
using System.Text.RegularExpressions;

namespace FactorioIsr.Rcon.Factorio;

/// <summary>
/// Parses <c>/time</c> replies (the map's age in game time): <c>1 day, 11 hours, 1 minute and 26 seconds</c>,
/// <c>7 seconds</c>, singular or plural, and the short form <c>1h 23m 45s</c>.
/// </summary>
public static partial class MapAge
{
    public static bool TryParse(string? reply, out TimeSpan age)
    {
        age = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(reply))
        {
            return false;
        }

        var found = false;
        foreach (Match match in PartPattern().Matches(reply))
        {
            var value = long.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            var unit = match.Groups[2].Value.ToUpperInvariant();
            age += unit[0] switch
            {
                'D' => TimeSpan.FromDays(value),
                'H' => TimeSpan.FromHours(value),
                'M' => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromSeconds(value),
            };
            found = true;
        }

        return found;
    }

    /// <summary>Formats like Factorio's <c>/time</c>: <c>1 day, 11 hours, 1 minute and 26 seconds</c>.</summary>
    public static string Format(TimeSpan age)
    {
        var parts = new List<string>(4);
        Add(parts, age.Days, "day");
        Add(parts, age.Hours, "hour");
        Add(parts, age.Minutes, "minute");
        if (age.Seconds > 0 || parts.Count == 0)
        {
            Add(parts, age.Seconds, "second", always: true);
        }

        return parts.Count == 1 ? parts[0] : string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1];
    }

    private static void Add(List<string> parts, int value, string unit, bool always = false)
    {
        if (value > 0 || always)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{value} {unit}{(value == 1 ? string.Empty : "s")}"));
        }
    }

    [GeneratedRegex(@"(\d+)\s*(days?|hours?|minutes?|seconds?|d|h|m|s)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PartPattern();
}
