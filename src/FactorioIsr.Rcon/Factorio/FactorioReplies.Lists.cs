namespace FactorioIsr.Rcon.Factorio;

public static partial class FactorioReplies
{
    /// <summary>Names printed one per line (technologies, surfaces); blank lines dropped, order kept, duplicates removed.</summary>
    public static IReadOnlyList<string> ParseNameList(string? reply)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Lines(reply))
        {
            if (line.Length <= 200 && seen.Add(line))
            {
                names.Add(line);
            }
        }

        return names;
    }
}
