using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using FactorioIsr.Configuration;
using FactorioIsr.Events;
using FactorioIsr.Patterns.ModEvents;

namespace FactorioIsr.Patterns;

/// <summary>
/// The enabled patterns of a load, ordered for matching: lower priority first, then file name, then order in the
/// file. Immutable and thread-safe; a reload builds a new set and swaps it whole.
/// </summary>
internal sealed class PatternSet
{
    private readonly CompiledPattern[][] _bySource;
    private readonly LiteralIndex[] _literals;
    private readonly int[][] _literalOf;
    private readonly int[][] _twinsOf;

    private PatternSet(IReadOnlyList<CompiledPattern> ordered, ModEventSet? modEvents)
    {
        Patterns = ordered;
        ModEvents = modEvents ?? ModEventSet.Empty;
        var kinds = Enum.GetValues<LogSourceKind>();
        _bySource = new CompiledPattern[kinds.Length][];
        _literals = new LiteralIndex[kinds.Length];
        _literalOf = new int[kinds.Length][];
        _twinsOf = new int[kinds.Length][];
        foreach (var kind in kinds)
        {
            var patterns = ordered.Where(p => p.Definition.Sources.Contains(kind)).ToArray();
            var index = new LiteralIndex(patterns.Select(p => p.RequiredLiteral).OfType<string>());
            _bySource[(int)kind] = patterns;
            _literals[(int)kind] = index;
            _literalOf[(int)kind] = [.. patterns.Select(p => index.IndexOf(p.RequiredLiteral))];
            _twinsOf[(int)kind] = [.. patterns.Select(p => LiteralIndex.TwinsOf(p.RequiredLiteral))];
        }
    }

    public IReadOnlyList<CompiledPattern> Patterns { get; }

    /// <summary>The <c>source: mod</c> entries that match the mod's JSON lines on their <c>type</c> (no regex).</summary>
    public ModEventSet ModEvents { get; }

    public IReadOnlyList<CompiledPattern> For(LogSourceKind source) => _bySource[(int)source];

    public static PatternSet Create(IEnumerable<CompiledPattern> patterns, ModEventSet? modEvents = null) =>
        new(
            [.. patterns
                .OrderBy(p => p.Definition.Priority)
                .ThenBy(p => p.Definition.FileIndex)
                .ThenBy(p => p.Definition.EntryIndex)],
            modEvents);

    /// <summary>Loads, validates and compiles a patterns directory; the set is null when there were errors.</summary>
    public static (PatternSet? Set, IReadOnlyList<Diagnostic> Diagnostics) Load(string directory)
    {
        var diagnostics = new Diagnostics();
        var definitions = PatternFileLoader.LoadDirectory(directory, diagnostics);
        var compiled = PatternCompiler.Compile(definitions, diagnostics);
        var modEvents = ModEventSet.Create(definitions, diagnostics);
        return (diagnostics.HasErrors ? null : Create(compiled, modEvents), [.. diagnostics.Sorted()]);
    }

    /// <summary>The first pattern (in order) that matches the line, or null. Lines are matched without their line ending.</summary>
    public PatternMatch? Match(LogSourceKind source, string line) => Match(source, line, 0, firstIsCandidate: false);

    /// <summary>
    /// The index (in <see cref="For"/> order) of the first pattern that may match the UTF-8 line, judged by its
    /// required literal alone, or -1 when none can: such a line need not even be decoded.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int FirstCandidate(LogSourceKind source, ReadOnlySpan<byte> line)
    {
        var patterns = _bySource[(int)source];
        var literals = _literals[(int)source];
        var literalOf = _literalOf[(int)source];
        var twinsOf = _twinsOf[(int)source];
        var twins = -1;
        for (var i = 0; i < patterns.Length; i++)
        {
            var literal = literalOf[i];
            if (literal < 0 || literals.Contains(line, literal))
            {
                return i;
            }

            if (twinsOf[i] != 0)
            {
                if (twins < 0)
                {
                    twins = LiteralIndex.TwinsIn(line);
                }

                if ((twins & twinsOf[i]) != 0)
                {
                    return i;
                }
            }
        }

        return -1;
    }

    /// <summary>
    /// The first pattern from index <paramref name="first"/> on (in <see cref="For"/> order) that matches the line,
    /// or null; the patterns before it must already be known not to match (see <see cref="FirstCandidate"/>).
    /// </summary>
    public PatternMatch? MatchFrom(LogSourceKind source, string line, int first) => Match(source, line, first, firstIsCandidate: true);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Hot: skip the unoptimized first tier in short parse runs.
    private PatternMatch? Match(LogSourceKind source, string line, int first, bool firstIsCandidate)
    {
        var patterns = _bySource[(int)source];
        if (patterns.Length == 0 || string.IsNullOrWhiteSpace(line))
        {
            return null; // Blank lines are never events (as in the reference).
        }

        // A pattern whose required literal is absent cannot match (unless the line holds a non-ASCII case twin of
        // one of its letters); the literals are searched lazily, in pattern order, so a line stops at its match.
        var literals = _literals[(int)source];
        var literalOf = _literalOf[(int)source];
        var twinsOf = _twinsOf[(int)source];
        var twins = -1;
        for (var i = first; i < patterns.Length; i++)
        {
            var literal = literalOf[i];
            if ((i > first || !firstIsCandidate) && literal >= 0 && !literals.Contains(line, literal))
            {
                if (twinsOf[i] == 0)
                {
                    continue;
                }

                if (twins < 0)
                {
                    twins = LiteralIndex.TwinsIn(line);
                }

                if ((twins & twinsOf[i]) == 0)
                {
                    continue;
                }
            }

            var pattern = patterns[i];
            var match = pattern.Match(line);
            if (match.Success)
            {
                return new PatternMatch(pattern, match, i);
            }
        }

        return null;
    }
}

/// <summary>
/// A line matched by a pattern. Player and message are read once (each read of a group allocates).
/// <paramref name="Index"/> is the pattern's position in <see cref="PatternSet.For"/> order (-1 when not known).
/// </summary>
internal sealed record PatternMatch(CompiledPattern Pattern, Match Match, int Index = -1)
{
    private string? _player;
    private string? _message;
    private bool _playerRead;
    private bool _messageRead;

    public string? Group(int number) => TryGroup(number, out var value) ? value.ToString() : null;

    /// <summary>The text of group <paramref name="number"/> when it took part and is not empty, read without allocating.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // Hot: short parse runs would spend their first half in unoptimized code.
    public bool TryGroup(int number, out ReadOnlySpan<char> value)
    {
        if (number <= 0)
        {
            value = default;
            return false;
        }

        if (Pattern.ContiguousGroups && MatchCaptures.Available)
        {
            return MatchCaptures.TryGet(Match, number, out value);
        }

        if (Match.Groups[number] is { Success: true, Length: > 0 } group)
        {
            value = group.ValueSpan;
            return true;
        }

        value = default;
        return false;
    }

    public string? Player
    {
        get
        {
            if (!_playerRead)
            {
                _player = Group(Pattern.PlayerGroup);
                _playerRead = true;
            }

            return _player;
        }
    }

    public string? Message
    {
        get
        {
            if (!_messageRead)
            {
                _message = Group(Pattern.MessageGroup);
                _messageRead = true;
            }

            return _message;
        }
    }
}
