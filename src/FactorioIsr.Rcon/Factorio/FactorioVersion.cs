using System.Globalization;
using System.Text.RegularExpressions;

namespace FactorioIsr.Rcon.Factorio;

/// <summary>A Factorio version as printed by <c>/version</c> (<c>2.0.77</c>, or <c>Version 1.1.99</c> in some tools).</summary>
public readonly partial record struct FactorioVersion(int Major, int Minor, int Patch) : IComparable<FactorioVersion>
{
    /// <summary>The 2.0 Lua API: per-surface evolution, <c>LuaSurface.platform</c>.</summary>
    public bool IsV2 => Major >= 2;

    /// <summary><c>helpers.table_to_json</c> exists (moved from <c>game</c> in 2.0.7).</summary>
    public bool HasHelpers => CompareTo(new FactorioVersion(2, 0, 7)) >= 0;

    public int CompareTo(FactorioVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major)
        : Minor != other.Minor ? Minor.CompareTo(other.Minor)
        : Patch.CompareTo(other.Patch);

    public static bool operator <(FactorioVersion left, FactorioVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(FactorioVersion left, FactorioVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(FactorioVersion left, FactorioVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(FactorioVersion left, FactorioVersion right) => left.CompareTo(right) >= 0;

    /// <summary>Finds the first <c>X.Y.Z</c> in a reply; false when there is none.</summary>
    public static bool TryParse(string? reply, out FactorioVersion version)
    {
        version = default;
        var match = reply is null ? Match.Empty : VersionPattern().Match(reply);
        if (!match.Success)
        {
            return false;
        }

        version = new FactorioVersion(
            int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[3].ValueSpan, CultureInfo.InvariantCulture));
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");

    [GeneratedRegex(@"(\d{1,4})\.(\d{1,4})\.(\d{1,6})", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
