using System.Globalization;
using System.Text.RegularExpressions;

namespace FactorioIsr.Security;

/// <summary>Durations in secmon.yml: <c>90s</c>, <c>10m</c>, <c>24h</c>, <c>7d</c>, combined (<c>1h30m</c>), or plain seconds.</summary>
internal static partial class SecurityDurations
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        text = text.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var plain))
        {
            duration = TimeSpan.FromSeconds(plain);
            return plain > 0 && plain <= (long)TimeSpan.FromDays(3650).TotalSeconds;
        }

        var match = DurationPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var value = long.Parse(part.Value[..^1], CultureInfo.InvariantCulture);
            if (value > 100_000)
            {
                return false;
            }

            total += char.ToLowerInvariant(part.Value[^1]) switch
            {
                's' => TimeSpan.FromSeconds(value),
                'm' => TimeSpan.FromMinutes(value),
                'h' => TimeSpan.FromHours(value),
                _ => TimeSpan.FromDays(value),
            };
        }

        duration = total;
        return total > TimeSpan.Zero && total <= TimeSpan.FromDays(3650);
    }

    /// <summary>The shortest exact form: <c>45s</c>, <c>10m</c>, <c>1h30m</c>, <c>7d</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)Math.Round(duration.TotalSeconds);
        var text = new System.Text.StringBuilder();
        foreach (var (unit, size) in new[] { ("d", 86400L), ("h", 3600L), ("m", 60L), ("s", 1L) })
        {
            if (seconds >= size)
            {
                text.Append(CultureInfo.InvariantCulture, $"{seconds / size}{unit}");
                seconds %= size;
            }
        }

        return text.Length == 0 ? "0s" : text.ToString();
    }

    [GeneratedRegex(@"^(?<part>\d{1,6}[smhdSMHD])+$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
