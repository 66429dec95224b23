using System.Text.RegularExpressions;
using System.Runtime.CompilerServices;

namespace FactorioIsr.Patterns;

/// <summary>A pattern ready to match: its linear-time regex, where player and message come from, and its template.</summary>
internal sealed class CompiledPattern
{
    /// <summary>
    /// Budget of one backtracking match. A pattern whose match exceeds it twice in a row (the same line tried again,
    /// see <see cref="Retry"/>) runs on the linear-time engine from then on: one strike, so a pathological pattern
    /// costs at most two budgets per process, never a stall, and a false trip costs only speed. .NET checks it
    /// against <see cref="Environment.TickCount64"/>, which moves in 4 ms steps here (8 ms under load), so a trip
    /// comes between about 16 and 28 ms.
    /// </summary>
    public static readonly TimeSpan BacktrackingBudget = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Matches a pattern runs on the backtracking interpreter before its compiled form is built (in the background):
    /// compiling and JIT-compiling a regex costs milliseconds, which patterns a log rarely reaches never repay.
    /// </summary>
    public const int CompileAfterUses = 2000;

    private int _struck;
    private int _uses;

    private readonly Lazy<Regex>? _interpreted;
    private readonly RegexOptions _compiledOptions;
    private readonly string _dotNetPattern;
    private volatile Regex? _compiled;
    private volatile bool _fastDisabled;

    private readonly Lazy<Regex> _linear;

    /// <param name="numbering">The pattern parsed by the interpreter: group numbers are the same on every engine.</param>
    /// <param name="linear">The linear-time regex when the load already built it (to prove the engine accepts the pattern).</param>
    public CompiledPattern(PatternDefinition definition, Regex numbering, ScannedPattern scanned, MessageTemplate template, Regex? linear = null)
    {
        Definition = definition;
        _linear = linear is not null
            ? new Lazy<Regex>(linear)
            : new Lazy<Regex>(() => new Regex(scanned.DotNetPattern, PatternCompiler.Options), LazyThreadSafetyMode.ExecutionAndPublication);
        _dotNetPattern = scanned.DotNetPattern;
        var backtracking = PatternCompiler.Options & ~RegexOptions.NonBacktracking;
        _compiledOptions = backtracking | RegexOptions.Compiled;
        if (!scanned.Shape.Exponential)
        {
            _interpreted = new Lazy<Regex>(() => new Regex(scanned.DotNetPattern, backtracking, BacktrackingBudget), LazyThreadSafetyMode.ExecutionAndPublication);
        }
        else
        {
            _fastDisabled = true;
        }

        RequiredLiteral = scanned.RequiredLiteral;
        Template = template;
        NamedGroups = [.. scanned.Groups.OfType<string>().Distinct(StringComparer.Ordinal).Select(name => (name, numbering.GroupNumberFromName(name)))];
        PlayerGroup = GroupFor(numbering, "player", 1, scanned);
        MessageGroup = GroupFor(numbering, "message", 2, scanned);

        // The reference's rule: a server-type pattern with a single group uses it as the message.
        if (MessageGroup < 0 && definition.Type == "server" && scanned.Groups is [null])
        {
            MessageGroup = 1;
        }

        var numbers = numbering.GetGroupNumbers();
        ContiguousGroups = numbers.Select((number, index) => number == index).All(same => same);

        RenderSegments = [.. template.Segments.Select(segment => !segment.IsPlaceholder
            ? new RenderSegment(segment.Value, RenderSegment.Literal, 0)
            : segment.Value switch
            {
                "player" => new RenderSegment(segment.Value, PlayerGroup, Events.EventRenderer.MaxPlayerLength),
                "message" => new RenderSegment(segment.Value, MessageGroup, Events.EventRenderer.MaxValueLength),
                "server" => new RenderSegment(segment.Value, RenderSegment.Server, Events.EventRenderer.MaxValueLength),
                var name => new RenderSegment(name, numbering.GroupNumberFromName(name), Events.EventRenderer.MaxValueLength),
            })];
    }

    public PatternDefinition Definition { get; }

    /// <summary>Builds the compiled regex and runs it once, so JIT time never counts against a budget.</summary>
    private Regex CreateCompiled(string warmUp)
    {
        var regex = new Regex(_dotNetPattern, _compiledOptions, BacktrackingBudget);
        try
        {
            _ = regex.Match(warmUp);
        }
        catch (RegexMatchTimeoutException)
        {
            // A slow first call (JIT on a busy machine) is not the pattern's fault.
        }

        return regex;
    }

    /// <summary>Builds the regex matching will use (the fast one when there is one) now rather than on first use.</summary>
    public void Prepare()
    {
        if (!_fastDisabled)
        {
            _compiled ??= CreateCompiled("2025-01-01 00:00:00 [CHAT] warm-up: x");
        }
        else
        {
            _ = Regex;
        }
    }

    /// <summary>
    /// The linear-time (NonBacktracking) regex: the reference semantics and the fallback. Built at load when the
    /// pattern's size bound exceeds the engine's cap (to prove the engine accepts it), otherwise on first use.
    /// </summary>
    public Regex Regex => _linear.Value;

    /// <summary>Whether the compiled form of the backtracking regex is built (after <see cref="CompileAfterUses"/> uses).</summary>
    public bool IsCompiled => _compiled is not null;

    /// <summary>
    /// Whether matches run on the backtracking fast path: false from the start for a shape that can backtrack
    /// exponentially (<see cref="RegexShape.Exponential"/>), and once a match exceeded its budget.
    /// </summary>
    public bool UsesFastPath => !_fastDisabled;

    /// <summary>Raised once when the fast path of this pattern exceeded its budget and was switched off.</summary>
    public static event Action<CompiledPattern>? FastPathDisabled;

    /// <summary>
    /// Matches a line. Same groups and result on both engines (same pattern, same options); the backtracking one
    /// extracts captures several times faster, the linear one bounds the cost of any pattern on any line.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Match Match(string line)
    {
        if (!_fastDisabled)
        {
            var backtracking = Backtracking(line);
            try
            {
                return backtracking.Match(line);
            }
            catch (RegexMatchTimeoutException)
            {
                if (Retry(backtracking, line) is { } match)
                {
                    return match;
                }
            }
        }

        return Regex.Match(line);
    }

    /// <summary>
    /// A second try of a line that exceeded the budget: on a busy machine a thread can lose the CPU, or wait for a
    /// GC, for longer than the budget in the middle of a microsecond match. The pattern is struck only when the same
    /// line exceeds the budget twice in a row; null then.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private Match? Retry(Regex backtracking, string line)
    {
        try
        {
            return backtracking.Match(line);
        }
        catch (RegexMatchTimeoutException)
        {
            _fastDisabled = true;
            if (Interlocked.Exchange(ref _struck, 1) == 0)
            {
                FastPathDisabled?.Invoke(this);
            }

            return null;
        }
    }

    /// <summary>The backtracking regex to run now: the compiled one once built, the interpreter until then.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Regex Backtracking(string line)
    {
        if (_compiled is { } compiled)
        {
            return compiled;
        }

        if (Interlocked.Increment(ref _uses) == CompileAfterUses)
        {
            // The line that got here exercises the pattern: warming up with it JIT-compiles the matching code too.
            _ = Task.Run(() => _compiled ??= CreateCompiled(line));
        }

        return _interpreted!.Value;
    }

    public string? RequiredLiteral { get; }

    public MessageTemplate Template { get; }

    /// <summary>Whether the group numbers are 0..n-1, so a group's number is also its index in a match's capture arrays.</summary>
    public bool ContiguousGroups { get; }

    /// <summary>The template resolved for rendering: literal text, or the group number each placeholder reads.</summary>
    public RenderSegment[] RenderSegments { get; }

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
    private static int GroupFor(Regex numbering, string name, int pythonIndex, ScannedPattern scanned)
    {
        if (scanned.Groups.Contains(name))
        {
            return numbering.GroupNumberFromName(name);
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

/// <summary>
/// One piece of a resolved template: literal <see cref="Text"/> when <see cref="Group"/> is <see cref="Literal"/>,
/// the server tag when <see cref="Server"/>, otherwise the .NET group number whose value is escaped and capped at
/// <see cref="Cap"/> code points (a number below 1 never has a value).
/// </summary>
internal readonly record struct RenderSegment(string Text, int Group, int Cap)
{
    public const int Literal = int.MinValue;

    public const int Server = int.MinValue + 1;
}
