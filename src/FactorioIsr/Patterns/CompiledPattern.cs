using System.Text.RegularExpressions;

namespace FactorioIsr.Patterns;

/// <summary>A pattern ready to match: its linear-time regex, where player and message come from, and its template.</summary>
internal sealed class CompiledPattern
{
    public CompiledPattern(PatternDefinition definition, Regex regex, ScannedPattern scanned, MessageTemplate template)
    {
        Definition = definition;
        Regex = regex;
        RequiredLiteral = scanned.RequiredLiteral;
        Template = template;
        NamedGroups = [.. scanned.Groups.OfType<string>().Distinct(StringComparer.Ordinal).Select(name => (name, regex.GroupNumberFromName(name)))];
        PlayerGroup = GroupFor("player", 1, scanned);
        MessageGroup = GroupFor("message", 2, scanned);

        // The reference's rule: a server-type pattern with a single group uses it as the message.
        if (MessageGroup < 0 && definition.Type == "server" && scanned.Groups is [null])
        {
            MessageGroup = 1;
        }

        // A literal made only of letters with no non-ASCII case twin is safe to look for in any line;
        // otherwise only in ASCII lines (K matches the Kelvin sign and S the long s under IgnoreCase).
        LiteralSafeForNonAscii = RequiredLiteral is not null
            && !RequiredLiteral.AsSpan().ContainsAny("kKsS");
    }

    public PatternDefinition Definition { get; }

    public Regex Regex { get; }

    public string? RequiredLiteral { get; }

    public bool LiteralSafeForNonAscii { get; }

    public MessageTemplate Template { get; }

    /// <summary>Named groups and their .NET group numbers, in pattern order.</summary>
    public IReadOnlyList<(string Name, int Number)> NamedGroups { get; }

    /// <summary>.NET group number of the player, or -1.</summary>
    public int PlayerGroup { get; }

    /// <summary>.NET group number of the message, or -1.</summary>
    public int MessageGroup { get; }

    public string Name => Definition.Name;

    public string Type => Definition.Type;

    /// <summary>
    /// A named group wins; otherwise the reference's positional meaning (player = group 1, message = group 2),
    /// counted the Python way (all groups left to right) and only when that group is unnamed.
    /// </summary>
    private int GroupFor(string name, int pythonIndex, ScannedPattern scanned)
    {
        if (scanned.Groups.Contains(name))
        {
            return Regex.GroupNumberFromName(name);
        }

        if (scanned.Groups.Count < pythonIndex || scanned.Groups[pythonIndex - 1] is not null)
        {
            return -1;
        }

        // .NET numbers unnamed groups first, left to right: the k-th unnamed group is number k.
        var unnamedBefore = scanned.Groups.Take(pythonIndex).Count(g => g is null);
        return unnamedBefore;
    }
}
