using System.Text;
using System.Text.RegularExpressions;
using FactorioIsr.Configuration;
using FactorioIsr.Events;

namespace FactorioIsr.Patterns;

/// <summary>
/// The enabled patterns of a load, ordered for matching: lower priority first, then file name, then order in the
/// file. Immutable and thread-safe; a reload builds a new set and swaps it whole.
/// </summary>
internal sealed class PatternSet
{
    private readonly CompiledPattern[][] _bySource;
    private readonly LiteralIndex[] _literals;
    private readonly ulong[][] _literalBits;

    private PatternSet(IReadOnlyList<CompiledPattern> ordered)
    {
        Patterns = ordered;
        var kinds = Enum.GetValues<LogSourceKind>();
        _bySource = new CompiledPattern[kinds.Length][];
        _literals = new LiteralIndex[kinds.Length];
        _literalBits = new ulong[kinds.Length][];
        foreach (var kind in kinds)
        {
            var patterns = ordered.Where(p => p.Definition.Sources.Contains(kind)).ToArray();
            var index = new LiteralIndex(patterns.Select(p => p.RequiredLiteral).OfType<string>());
            _bySource[(int)kind] = patterns;
            _literals[(int)kind] = index;
            _literalBits[(int)kind] = [.. patterns.Select(p => index.BitOf(p.RequiredLiteral))];
        }
    }

    public IReadOnlyList<CompiledPattern> Patterns { get; }

    public IReadOnlyList<CompiledPattern> For(LogSourceKind source) => _bySource[(int)source];

    public static PatternSet Create(IEnumerable<CompiledPattern> patterns) =>
        new([.. patterns
            .OrderBy(p => p.Definition.Priority)
            .ThenBy(p => p.Definition.FileIndex)
            .ThenBy(p => p.Definition.EntryIndex)]);

    /// <summary>Loads, validates and compiles a patterns directory; the set is null when there were errors.</summary>
    public static (PatternSet? Set, IReadOnlyList<Diagnostic> Diagnostics) Load(string directory)
    {
        var diagnostics = new Diagnostics();
        var definitions = PatternFileLoader.LoadDirectory(directory, diagnostics);
        var compiled = PatternCompiler.Compile(definitions, diagnostics);
        return (diagnostics.HasErrors ? null : Create(compiled), [.. diagnostics.Sorted()]);
    }

    /// <summary>The first pattern (in order) that matches the line, or null. Lines are matched without their line ending.</summary>
    public PatternMatch? Match(LogSourceKind source, string line)
    {
        var patterns = _bySource[(int)source];
        if (patterns.Length == 0 || string.IsNullOrWhiteSpace(line))
        {
            return null; // Blank lines are never events (as in the reference).
        }

        // One pass finds the literals the line contains; a pattern whose required literal is absent cannot match.
        var span = line.AsSpan();
        var ascii = Ascii.IsValid(span);
        var present = _literals[(int)source].Scan(span);
        var bits = _literalBits[(int)source];
        for (var i = 0; i < patterns.Length; i++)
        {
            var pattern = patterns[i];
            if (bits[i] != 0 && (present & bits[i]) == 0 && (ascii || pattern.LiteralSafeForNonAscii))
            {
                continue;
            }

            var match = pattern.Match(line);
            if (match.Success)
            {
                return new PatternMatch(pattern, match);
            }
        }

        return null;
    }
}

/// <summary>A line matched by a pattern.</summary>
internal sealed record PatternMatch(CompiledPattern Pattern, Match Match)
{
    public string? Group(int number) =>
        number > 0 && Match.Groups[number] is { Success: true, Length: > 0 } group ? group.Value : null;

    public string? Player => Group(Pattern.PlayerGroup);

    public string? Message => Group(Pattern.MessageGroup);
}
