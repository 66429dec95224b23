using FactorioIsr.Configuration;
using FactorioIsr.Events;

namespace FactorioIsr.Patterns.ModEvents;

/// <summary>
/// The <c>source: mod</c> entries without a regex, by mod event type, in matching order (priority, file, entry). An
/// entry matches a line of its type that has every field its message uses, so a type can have a detailed entry
/// (<c>{cause_name}</c>) before a plain one. Immutable.
/// </summary>
internal sealed class ModEventSet
{
    /// <summary>Placeholders every mod entry may use besides its type's fields.</summary>
    private static readonly string[] BuiltIn = ["server", "tick"];

    private readonly Dictionary<string, ModEventEntry[]> _byType;

    private ModEventSet(Dictionary<string, ModEventEntry[]> byType) => _byType = byType;

    public static ModEventSet Empty { get; } = new(new Dictionary<string, ModEventEntry[]>(StringComparer.Ordinal));

    public int Count => _byType.Values.Sum(e => e.Length);

    /// <summary>Whether an entry without <c>pattern:</c> whose sources are these matches on the mod's <c>type</c>.</summary>
    public static bool MatchesOnType(IReadOnlySet<LogSourceKind> sources) => sources.Count == 1 && sources.Contains(LogSourceKind.Mod);

    /// <summary>Checks and orders the entries that match on type; problems go to <paramref name="diagnostics"/> as file:line:col.</summary>
    public static ModEventSet Create(IEnumerable<PatternDefinition> definitions, Diagnostics diagnostics)
    {
        var entries = new List<ModEventEntry>();
        foreach (var definition in definitions.Where(d => d.MatchesModType && d.Enabled))
        {
            void Error(string message) => diagnostics.Error(definition.File, definition.Line, definition.Column, $"pattern '{definition.Name}': {message}");

            if (!ModEventTypes.ByName.TryGetValue(definition.Type, out var type))
            {
                Error($"type '{definition.Type}' is not a mod event type ({string.Join(", ", ModEventTypes.ByName.Keys)}){DidYouMean.Suffix(definition.Type, ModEventTypes.ByName.Keys)}; a source: mod entry without pattern: matches the mod's type");
                continue;
            }

            var template = MessageTemplate.Parse(definition.Template);
            var known = type.Fields.Concat(BuiltIn).ToHashSet(StringComparer.Ordinal);
            var unknown = template.Placeholders.Where(p => !known.Contains(p)).Distinct(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                Error($"message uses {string.Join(", ", unknown.Select(u => "{" + u + "}"))}, which {type.Name} lines do not have (available: {string.Join(", ", type.Fields.Concat(BuiltIn).Select(n => "{" + n + "}"))})");
                continue;
            }

            entries.Add(new ModEventEntry(definition, type, template));
        }

        var byType = entries
            .OrderBy(e => e.Definition.Priority).ThenBy(e => e.Definition.FileIndex).ThenBy(e => e.Definition.EntryIndex)
            .GroupBy(e => e.Type.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        return new ModEventSet(byType);
    }

    /// <summary>The first entry for the line's type whose placeholders the line all has, or null.</summary>
    public ModEventEntry? Match(ModLine line)
    {
        if (!_byType.TryGetValue(line.Type.Name, out var entries))
        {
            return null;
        }

        foreach (var entry in entries)
        {
            if (entry.Needs.All(n => line.Get(n) is { Length: > 0 }))
            {
                return entry;
            }
        }

        return null;
    }
}

/// <summary>One mod entry ready to match and render.</summary>
internal sealed record ModEventEntry(PatternDefinition Definition, ModEventType Type, MessageTemplate Template)
{
    /// <summary>The line fields the message reads (the built-ins <c>server</c> and <c>tick</c> are always there).</summary>
    public IReadOnlyList<string> Needs { get; } = [.. Template.Placeholders.Where(p => p is not "server" and not "tick").Distinct(StringComparer.Ordinal)];
}
