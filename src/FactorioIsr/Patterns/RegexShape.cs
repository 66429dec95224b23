namespace FactorioIsr.Patterns;

/// <summary>What the structure of a pattern says about its cost on each engine.</summary>
/// <param name="Exponential">
/// A repeated group (<c>*</c>, <c>+</c>, <c>{n,}</c>, <c>{n,m}</c> with m &gt; 1) holds an alternation or a quantifier
/// at some depth, or the pattern is in verbose mode (whose comments hide its structure): the shapes on which a
/// backtracking engine can take exponential time, so such a pattern runs on the linear-time engine only.
/// </param>
/// <param name="LinearSizeBound">
/// An upper bound of the size .NET's linear-time engine estimates for the pattern's automaton (it refuses a pattern
/// whose estimate exceeds its limit). At or under the limit, the engine is known to accept the pattern without
/// building it; above, only building it tells.
/// </param>
internal readonly record struct RegexShape(bool Exponential, long LinearSizeBound)
{
    /// <summary>A bound no limit reaches: the pattern must be built to know.</summary>
    public const long Unknown = long.MaxValue;

    private const long Saturated = 1L << 40;

    /// <summary>
    /// Walks a pattern in .NET syntax once. The size bound follows .NET's own estimate (NonBacktracking's
    /// <c>EstimateNfaSize</c>: 5 × (1 + the number of character nodes, a loop <c>{n,m}</c> counting its body m times,
    /// <c>{n,}</c> n + 1 times, <c>*</c> once)) while counting every character of the pattern that is not syntax as a
    /// character node: .NET's parser only merges or drops nodes, never adds any, so the bound holds from above.
    /// </summary>
    public static RegexShape Analyze(string pattern)
    {
        var frames = new Stack<Frame>();
        var frame = new Frame();
        var exponential = false;
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\' when i + 1 < pattern.Length:
                    i += PythonRegex.EscapeLength(pattern, i);
                    frame.Atom();
                    continue;
                case '[':
                    i = PythonRegex.ClassEnd(pattern, i);
                    frame.Atom();
                    continue;
                case '(' when i + 2 < pattern.Length && pattern[i + 1] == '?' && pattern[i + 2] == '#':
                {
                    // A comment: no node; a quantifier after it applies to the item before it.
                    var close = pattern.IndexOf(')', i);
                    i = close < 0 ? pattern.Length : close + 1;
                    continue;
                }

                case '(':
                {
                    var prefix = GroupPrefixLength(pattern, i, out var verbose);
                    if (verbose)
                    {
                        return new RegexShape(true, Unknown);
                    }

                    frames.Push(frame);
                    frame = new Frame();
                    i += prefix;
                    continue;
                }

                case ')' when frames.Count > 0:
                {
                    var inner = frame;
                    frame = frames.Pop();
                    frame.Group(inner);
                    break;
                }

                case '|':
                    frame.Alternation();
                    break;
                case '*' or '+' or '?':
                    exponential |= frame.Quantifier(c == '+' ? 1 : 0, c == '?' ? 1 : -1);
                    break;
                case '{' when PythonRegex.QuantifierLength(pattern, i) is > 0 and var length:
                {
                    var (lower, upper) = Bounds(pattern.AsSpan(i + 1, length - 2));
                    exponential |= frame.Quantifier(lower, upper);
                    i += length;
                    continue;
                }

                default:
                    frame.Atom();
                    break;
            }

            i++;
        }

        while (frames.Count > 0)
        {
            var inner = frame;
            frame = frames.Pop();
            frame.Group(inner);
        }

        return new RegexShape(exponential, Math.Min(Saturated, 5 * (1 + frame.Size)));
    }

    /// <summary>Lower and upper bound of <c>n</c>, <c>n,</c>, <c>n,m</c> or <c>,m</c> (upper -1: unbounded).</summary>
    private static (long Lower, long Upper) Bounds(ReadOnlySpan<char> inside)
    {
        static long Number(ReadOnlySpan<char> digits) => digits.IsEmpty ? 0 : long.TryParse(digits, out var n) ? Math.Min(n, Saturated) : Saturated;

        var comma = inside.IndexOf(',');
        if (comma < 0)
        {
            var exact = Number(inside);
            return (exact, exact);
        }

        var upper = inside[(comma + 1)..];
        return (Number(inside[..comma]), upper.IsEmpty ? -1 : Number(upper));
    }

    /// <summary>Length of a group's opening syntax (<c>(</c>, <c>(?:</c>, <c>(?&lt;name&gt;</c>, <c>(?i:</c>...) at <paramref name="start"/>.</summary>
    private static int GroupPrefixLength(string pattern, int start, out bool verbose)
    {
        verbose = false;
        if (start + 1 >= pattern.Length || pattern[start + 1] != '?')
        {
            return 1;
        }

        var rest = pattern.AsSpan(start + 2);
        if (rest.Length > 1 && ((rest[0] == '<' && rest[1] is not '=' and not '!') || rest[0] == '\''))
        {
            var close = rest[1..].IndexOf(rest[0] == '<' ? '>' : '\'');
            return close < 0 ? pattern.Length - start : 2 + close + 2;
        }

        if (rest.Length > 0 && (char.IsAsciiLetter(rest[0]) || rest[0] == '-'))
        {
            // Inline options, (?imnsx-imnsx) or (?imnsx-imnsx:...): stop before ')' so the group closes normally.
            var end = rest.IndexOfAny(':', ')');
            var flags = end < 0 ? rest : rest[..end];
            verbose = flags.Contains('x');
            return end < 0 ? pattern.Length - start : 2 + (rest[end] == ':' ? end + 1 : end);
        }

        // (?: and the constructs the scanner refuses anyway (lookarounds, atomic groups, conditionals).
        return rest.Length > 0 && rest[0] is ':' or '=' or '!' or '>' ? 3 : 2;
    }

    /// <summary>One open group: the size of its content and what its last item was.</summary>
    private sealed class Frame
    {
        /// <summary>Sum of the sizes of its items, loops multiplied out.</summary>
        public long Size { get; private set; }

        /// <summary>It holds an alternation or a quantifier, at any depth.</summary>
        private bool _ambiguous;

        private long _lastSize;
        private bool _lastAmbiguous;

        public void Atom()
        {
            Size = Math.Min(Saturated, Size + 1);
            _lastSize = 1;
            _lastAmbiguous = false;
        }

        public void Alternation()
        {
            _ambiguous = true;
            _lastSize = 0;
            _lastAmbiguous = false;
        }

        public void Group(Frame inner)
        {
            Size = Math.Min(Saturated, Size + inner.Size);
            _ambiguous |= inner._ambiguous;
            _lastSize = inner.Size;
            _lastAmbiguous = inner._ambiguous;
        }

        /// <summary>Applies a quantifier to the last item; true when it repeats a group that holds ambiguity.</summary>
        public bool Quantifier(long lower, long upper)
        {
            _ambiguous = true;
            var times = upper < 0 ? (lower == 0 ? 1 : lower + 1) : Math.Max(upper, 1);
            var grown = _lastSize == 0 ? 0 : Math.Min(times, Saturated) > Saturated / _lastSize ? Saturated : _lastSize * times;
            Size = Math.Min(Saturated, Size + grown - _lastSize);
            _lastSize = grown;
            var repeats = upper < 0 || upper > 1;
            var exponential = repeats && _lastAmbiguous;
            _lastAmbiguous = true;
            return exponential;
        }
    }
}
