using System.Text;

namespace FactorioIsr.Patterns;

/// <summary>What the scanner learnt about a user pattern.</summary>
/// <param name="DotNetPattern">The pattern in .NET syntax.</param>
/// <param name="Groups">Capture groups in Python numbering order (group 1 first): their name, or null for unnamed.</param>
/// <param name="RequiredLiteral">An ASCII text every match contains (compared case-insensitively), used to skip lines cheaply; null when none is certain.</param>
/// <param name="Problem">Why the pattern cannot run on the linear-time engine, if the scanner already knows.</param>
/// <param name="Shape">Its structure: whether it can backtrack exponentially, and how large its linear-time automaton can get.</param>
internal sealed record ScannedPattern(string DotNetPattern, IReadOnlyList<string?> Groups, string? RequiredLiteral, string? Problem, RegexShape Shape);

/// <summary>
/// Translates the Python <c>re</c> dialect of the reference's pattern files to .NET syntax
/// (<c>(?P&lt;name&gt;</c>, <c>{,n}</c>, <c>\Z</c>), numbers the capture groups the way Python does, and finds a
/// literal that every match must contain. One pass over the pattern; no backtracking anywhere.
/// </summary>
internal static class PythonRegex
{
    public static ScannedPattern Scan(string pattern)
    {
        var output = new StringBuilder(pattern.Length);
        var groups = new List<string?>();
        string? problem = null;
        var depth = 0;
        var alternationAtTop = false;
        var verbose = false;
        var bestLiteral = string.Empty;
        var run = new StringBuilder();
        var comment = false;

        // Literals are collected outside groups and inside "transparent" groups: ones that must match exactly
        // once or more (no ?, *, {0,..} after them, no | directly inside). Other groups are opaque.
        var opaque = new Stack<bool>();
        var opaqueDepth = 0;
        var groupShapes = GroupShapes(pattern);

        void EndRun()
        {
            if (run.Length > bestLiteral.Length)
            {
                bestLiteral = run.ToString();
            }

            run.Clear();
        }

        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\' when i + 1 < pattern.Length:
                {
                    var next = pattern[i + 1];
                    var length = EscapeLength(pattern, i);
                    if (next == 'Z')
                    {
                        output.Append("\\z");
                    }
                    else
                    {
                        output.Append(pattern, i, length);
                    }

                    if (next is 'k' or (>= '1' and <= '9'))
                    {
                        problem ??= "a backreference";
                    }
                    else if (next == 'G')
                    {
                        problem ??= "the \\G anchor";
                    }

                    i += length;
                    if (opaqueDepth == 0 && length == 2 && !char.IsAsciiLetterOrDigit(next) && next < 128)
                    {
                        AddLiteral(next, pattern, i, run, EndRun);
                    }
                    else if (opaqueDepth == 0)
                    {
                        EndRun();
                    }

                    break;
                }

                case '[':
                {
                    var end = ClassEnd(pattern, i);
                    output.Append(pattern, i, end - i);
                    i = end;
                    if (opaqueDepth == 0)
                    {
                        EndRun();
                    }

                    break;
                }

                case '(':
                {
                    var shape = groupShapes.TryGetValue(i, out var found) ? found : (Transparent: false, Repeated: false);
                    opaque.Push(!shape.Transparent);
                    if (!shape.Transparent)
                    {
                        opaqueDepth++;
                        EndRun();
                    }

                    depth++;
                    comment |= i + 2 < pattern.Length && pattern[i + 1] == '?' && pattern[i + 2] == '#';
                    if (i + 1 < pattern.Length && pattern[i + 1] == '?')
                    {
                        i = OpenSpecialGroup(pattern, i, output, groups, ref problem, ref verbose);
                    }
                    else
                    {
                        groups.Add(null);
                        output.Append('(');
                        i++;
                    }

                    break;
                }

                case ')':
                {
                    depth = Math.Max(0, depth - 1);
                    output.Append(c);
                    var wasOpaque = opaque.Count > 0 && opaque.Pop();
                    if (wasOpaque)
                    {
                        opaqueDepth--;
                    }

                    if (opaqueDepth == 0 && (wasOpaque || (i + 1 < pattern.Length && pattern[i + 1] is '+' or '{')))
                    {
                        EndRun();
                    }

                    i++;
                    break;
                }

                case '|':
                    if (depth == 0)
                    {
                        alternationAtTop = true;
                    }

                    output.Append(c);
                    i++;
                    break;

                case '{' when QuantifierLength(pattern, i) is > 0 and var quantifier:
                    // Python's {,n} means {0,n}; .NET would read it as literal text.
                    if (pattern[i + 1] == ',')
                    {
                        output.Append("{0");
                        output.Append(pattern, i + 1, quantifier - 1);
                    }
                    else
                    {
                        output.Append(pattern, i, quantifier);
                    }

                    i += quantifier;
                    if (opaqueDepth == 0)
                    {
                        EndRun();
                    }

                    break;

                default:
                    output.Append(c);
                    i++;
                    if (opaqueDepth == 0)
                    {
                        if (IsMeta(c) || c >= 128)
                        {
                            EndRun();
                        }
                        else
                        {
                            AddLiteral(c, pattern, i, run, EndRun);
                        }
                    }

                    break;
            }
        }

        EndRun();
        // A comment may stand between a literal and its quantifier ("a(?#c)*"): no literal is certain then.
        var required = alternationAtTop || verbose || comment || bestLiteral.Length < 2 ? null : bestLiteral;
        var dotNet = output.ToString();
        return new ScannedPattern(dotNet, groups, required, problem, RegexShape.Analyze(dotNet));
    }

    /// <summary>Adds a literal char to the current run, honouring a quantifier that follows it.</summary>
    private static void AddLiteral(char c, string pattern, int next, StringBuilder run, Action endRun)
    {
        var quantifier = next < pattern.Length ? pattern[next] : '\0';
        switch (quantifier)
        {
            case '?' or '*':
                endRun(); // Optional: not required.
                break;
            case '{':
                var zero = next + 1 < pattern.Length && (pattern[next + 1] == '0' || pattern[next + 1] == ',');
                if (!zero)
                {
                    run.Append(c);
                }

                endRun();
                break;
            case '+':
                run.Append(c);
                endRun();
                break;
            default:
                run.Append(c);
                break;
        }
    }

    /// <summary>
    /// For each '(' (by index): whether the group is transparent for literal extraction: it must match (no optional
    /// quantifier after it) and has no alternation directly inside.
    /// </summary>
    private static Dictionary<int, (bool Transparent, bool Repeated)> GroupShapes(string pattern)
    {
        var shapes = new Dictionary<int, (bool, bool)>();
        var open = new Stack<(int Index, bool Alternation)>();
        var i = 0;
        while (i < pattern.Length)
        {
            switch (pattern[i])
            {
                case '\\' when i + 1 < pattern.Length:
                    i += EscapeLength(pattern, i);
                    continue;
                case '[':
                    i = ClassEnd(pattern, i);
                    continue;
                case '(':
                    open.Push((i, false));
                    break;
                case '|' when open.Count > 0:
                    var top = open.Pop();
                    open.Push((top.Index, true));
                    break;
                case ')' when open.Count > 0:
                    var (start, alternation) = open.Pop();
                    var next = i + 1 < pattern.Length ? pattern[i + 1] : '\0';
                    var optional = next is '?' or '*' || (next == '{' && i + 2 < pattern.Length && pattern[i + 2] is '0' or ',');
                    var lookaround = i > start + 2 && pattern[start + 1] == '?' && (pattern[start + 2] is '=' or '!' || (pattern[start + 2] == '<' && start + 3 < pattern.Length && pattern[start + 3] is '=' or '!'));
                    shapes[start] = (!alternation && !optional && !lookaround, next is '+' or '{');
                    break;
            }

            i++;
        }

        return shapes;
    }

    private static bool IsMeta(char c) => c is '.' or '^' or '$' or '*' or '+' or '?' or '{' or '}';

    /// <summary>Length of a quantifier <c>{n}</c>, <c>{n,}</c>, <c>{n,m}</c> or <c>{,m}</c> at <paramref name="start"/>, or 0.</summary>
    internal static int QuantifierLength(string pattern, int start)
    {
        var i = start + 1;
        var digits = 0;
        while (i < pattern.Length && char.IsAsciiDigit(pattern[i]))
        {
            i++;
            digits++;
        }

        if (i < pattern.Length && pattern[i] == ',')
        {
            i++;
            while (i < pattern.Length && char.IsAsciiDigit(pattern[i]))
            {
                i++;
                digits++;
            }
        }

        return digits > 0 && i < pattern.Length && pattern[i] == '}' ? i - start + 1 : 0;
    }

    /// <summary>Length of the escape at <paramref name="start"/> (the backslash included).</summary>
    internal static int EscapeLength(string pattern, int start)
    {
        var kind = pattern[start + 1];
        var i = start + 2;
        switch (kind)
        {
            case 'x':
                return Math.Min(4, pattern.Length - start);
            case 'u':
                return Math.Min(6, pattern.Length - start);
            case 'c':
                return Math.Min(3, pattern.Length - start);
            case 'p' or 'P' when i < pattern.Length && pattern[i] == '{':
            {
                var close = pattern.IndexOf('}', i);
                return (close < 0 ? pattern.Length : close + 1) - start;
            }

            case 'k' when i < pattern.Length && (pattern[i] == '<' || pattern[i] == '\''):
            {
                var close = pattern.IndexOf(pattern[i] == '<' ? '>' : '\'', i + 1);
                return (close < 0 ? pattern.Length : close + 1) - start;
            }

            case >= '0' and <= '9':
                while (i < pattern.Length && char.IsAsciiDigit(pattern[i]))
                {
                    i++;
                }

                return i - start;
            default:
                return 2;
        }
    }

    /// <summary>Index just past the character class that starts at <paramref name="start"/>.</summary>
    internal static int ClassEnd(string pattern, int start)
    {
        var i = start + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            i++; // A ']' first in a class is literal.
        }

        while (i < pattern.Length && pattern[i] != ']')
        {
            i += pattern[i] == '\\' ? 2 : 1;
        }

        return Math.Min(i + 1, pattern.Length);
    }

    /// <summary>
    /// Handles <c>(?...</c>: named groups in both syntaxes, non-capturing groups, flags, lookarounds and refusals.
    /// Consumes the whole prefix (up to the group's content) and copies it, translated, to the output.
    /// </summary>
    private static int OpenSpecialGroup(string pattern, int i, StringBuilder output, List<string?> groups, ref string? problem, ref bool verbose)
    {
        var rest = pattern.AsSpan(i + 2);
        if (rest.StartsWith("P<"))
        {
            var close = rest.IndexOf('>');
            var name = close > 2 ? rest[2..close].ToString() : string.Empty;
            groups.Add(name);
            output.Append("(?<").Append(name).Append('>');
            return i + 2 + (close < 0 ? rest.Length : close + 1);
        }

        if (rest.StartsWith("P="))
        {
            problem ??= "a backreference (?P=name)";
            output.Append("(?");
            return i + 2;
        }

        int prefix; // characters after "(?" that belong to the group's syntax
        if ((rest.StartsWith("<") && !rest.StartsWith("<=") && !rest.StartsWith("<!")) || rest.StartsWith("'"))
        {
            var closer = rest[0] == '<' ? '>' : '\'';
            var close = rest[1..].IndexOf(closer);
            var name = close > 0 ? rest[1..(close + 1)].ToString() : string.Empty;
            if (name.Contains('-', StringComparison.Ordinal))
            {
                problem ??= "a balancing group";
            }

            groups.Add(name);
            prefix = close < 0 ? rest.Length : close + 2;
        }
        else if (rest.StartsWith("<=") || rest.StartsWith("<!"))
        {
            problem ??= "a lookbehind";
            prefix = 2;
        }
        else if (rest.Length > 0 && rest[0] is '=' or '!')
        {
            problem ??= "a lookahead";
            prefix = 1;
        }
        else if (rest.Length > 0 && rest[0] == '>')
        {
            problem ??= "an atomic group";
            prefix = 1;
        }
        else if (rest.Length > 0 && rest[0] == '(')
        {
            problem ??= "a conditional";
            prefix = 0;
        }
        else if (rest.Length > 0 && rest[0] is ':' or '#')
        {
            prefix = 1;
        }
        else
        {
            // Inline flags: (?imsx-imsx) or (?imsx-imsx:...). Stop before ')' so the group closes normally.
            var flagsEnd = rest.IndexOfAny(':', ')');
            if (flagsEnd > 0 && rest[..flagsEnd].Contains('x'))
            {
                verbose = true;
            }

            prefix = flagsEnd < 0 ? rest.Length : (rest[flagsEnd] == ':' ? flagsEnd + 1 : flagsEnd);
        }

        output.Append("(?").Append(rest[..prefix]);
        return i + 2 + prefix;
    }
}
