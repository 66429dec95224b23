using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace FactorioIsr.Rcon.Factorio;

/// <summary>
/// Parses Factorio's RCON replies. Tolerant of the formats seen in the wild (reference-system.md §10 rows 13-15):
/// headers such as <c>Players (3):</c> or <c>Players online (3):</c>, <c>- </c> bullets, <c>(online)</c> marks.
/// Unlike the reference, names starting with "Player" are kept; only text that cannot be a name is dropped.
/// </summary>
public static partial class FactorioReplies
{
    /// <summary>Players from <c>/players</c> or <c>/players online</c>.</summary>
    public static IReadOnlyList<FactorioPlayer> ParsePlayers(string? reply)
    {
        var players = new List<FactorioPlayer>();
        var allOnline = false;
        foreach (var raw in Lines(reply))
        {
            var line = raw.Trim();
            if (HeaderPattern().IsMatch(line))
            {
                allOnline = line.StartsWith("Online", StringComparison.OrdinalIgnoreCase)
                    || line.Contains("online", StringComparison.OrdinalIgnoreCase);
                continue;
            }

            var (name, online) = StripMarks(line);
            if (PlayerName.IsValid(name))
            {
                players.Add(new FactorioPlayer(name, online || allOnline));
            }
        }

        return players;
    }

    /// <summary>Admin names from <c>/admins</c>; empty for <c>There are no admins.</c></summary>
    public static IReadOnlyList<string> ParseAdmins(string? reply)
    {
        var admins = new List<string>();
        foreach (var raw in Lines(reply))
        {
            var line = raw.Trim();
            if (HeaderPattern().IsMatch(line) || line.StartsWith("There are", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var (name, _) = StripMarks(line);
            if (PlayerName.IsValid(name))
            {
                admins.Add(name);
            }
        }

        return admins;
    }

    /// <summary>A number printed by Lua (<c>game.tick</c>).</summary>
    public static bool TryParseTick(string? reply, out long tick) =>
        long.TryParse(reply?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out tick);

    /// <summary>A map seed: the first unsigned integer in the reply (<c>/seed</c> or Lua).</summary>
    public static bool TryParseSeed(string? reply, out ulong seed)
    {
        seed = 0;
        var match = reply is null ? Match.Empty : IntegerPattern().Match(reply);
        return match.Success && ulong.TryParse(match.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out seed);
    }

    /// <summary>
    /// Evolution per surface from the JSON object our Lua prints (<c>{"nauvis":0.42}</c>; an empty table may print
    /// <c>[]</c>), or from <c>name:42.50%</c> lines (the reference's format; an <c>AGG:</c> line is skipped).
    /// </summary>
    public static bool TryParseEvolution(string? reply, out IReadOnlyDictionary<string, double> evolution)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        evolution = result;
        var text = reply?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return false;
        }

        if (text[0] is '{' or '[')
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind == JsonValueKind.Array)
                {
                    return document.RootElement.GetArrayLength() == 0;
                }

                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.Number)
                    {
                        result.Clear();
                        return false;
                    }

                    result[property.Name] = property.Value.GetDouble();
                }

                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        foreach (var line in Lines(text))
        {
            var match = PercentLinePattern().Match(line.Trim());
            if (!match.Success)
            {
                result.Clear();
                return false;
            }

            if (match.Groups[1].Value != "AGG")
            {
                result[match.Groups[1].Value] = double.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture) / 100;
            }
        }

        return result.Count > 0;
    }

    /// <summary><c>42/128</c>, optionally followed by tab-separated current research and progress.</summary>
    public static bool TryParseResearch(string? reply, out ResearchStatus? status)
    {
        status = null;
        var match = reply is null ? Match.Empty : ResearchPattern().Match(reply.Trim());
        if (!match.Success)
        {
            return false;
        }

        var current = match.Groups[3].Success && match.Groups[3].Length > 0 ? match.Groups[3].Value : null;
        double? progress = match.Groups[4].Success
            && double.TryParse(match.Groups[4].ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p : null;
        status = new ResearchStatus(
            int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture),
            current,
            current is null ? null : progress);
        return true;
    }

    /// <summary>
    /// The save name in a save reply: <c>Saving map to /saves/LosHermanos.zip</c> gives <c>LosHermanos</c>,
    /// <c>Saving to _autosave1 (non-blocking)</c> gives <c>_autosave1</c>; null when none is found.
    /// </summary>
    public static string? ParseSaveLabel(string? reply)
    {
        if (string.IsNullOrEmpty(reply))
        {
            return null;
        }

        var zip = ZipPattern().Match(reply);
        if (zip.Success)
        {
            return zip.Groups[1].Value;
        }

        var saving = SavingToPattern().Match(reply);
        return saving.Success ? saving.Groups[1].Value : null;
    }

    /// <summary>
    /// True when Factorio refused to run a Lua command because the save still has achievements
    /// ("Using Lua console commands will disable achievements. Please repeat the command to proceed.").
    /// </summary>
    public static bool IsAchievementWarning(string? reply) =>
        reply is not null
        && (reply.Contains("disable achievements", StringComparison.OrdinalIgnoreCase)
            || reply.Contains("repeat the command", StringComparison.OrdinalIgnoreCase));

    private static (string Name, bool Online) StripMarks(string line)
    {
        var online = false;
        if (line.EndsWith("(online)", StringComparison.OrdinalIgnoreCase))
        {
            online = true;
            line = line[..^"(online)".Length].TrimEnd();
        }

        if (line.StartsWith('-') || line.StartsWith('*') || line.StartsWith('•'))
        {
            line = line[1..].TrimStart();
        }

        return (line, online);
    }

    private static string[] Lines(string? text) =>
        string.IsNullOrEmpty(text) ? [] : text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"^[A-Za-z][A-Za-z ]*\(\d+\):$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderPattern();

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^([^:\s]+):\s*(\d+(?:\.\d+)?)%$", RegexOptions.CultureInvariant)]
    private static partial Regex PercentLinePattern();

    [GeneratedRegex(@"^(\d+)/(\d+)(?:\t([^\t]*)(?:\t([0-9.eE+-]+))?)?", RegexOptions.CultureInvariant)]
    private static partial Regex ResearchPattern();

    [GeneratedRegex(@"/([^/]+?)\.zip", RegexOptions.CultureInvariant)]
    private static partial Regex ZipPattern();

    [GeneratedRegex(@"Saving (?:map )?(?:to|as) ([\w.-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex SavingToPattern();
}
