using System.Buffers;

namespace FactorioIsr.Patterns;

/// <summary>
/// Finds, in one vectorized pass over a line, which of the patterns' required literals it contains, so only
/// patterns that can match are run. Up to 64 literals (a bit each); patterns beyond that are always run.
/// </summary>
internal sealed class LiteralIndex
{
    private readonly string[] _literals;
    private readonly SearchValues<string>? _search;

    public LiteralIndex(IEnumerable<string> literals)
    {
        _literals = [.. literals.Distinct(StringComparer.OrdinalIgnoreCase).Take(64)];
        _search = _literals.Length > 0 ? SearchValues.Create(_literals, StringComparison.OrdinalIgnoreCase) : null;
    }

    /// <summary>The bit of a literal, or 0 when it is not indexed (the pattern is then always run).</summary>
    public ulong BitOf(string? literal)
    {
        if (literal is null)
        {
            return 0;
        }

        var index = Array.FindIndex(_literals, l => string.Equals(l, literal, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? 0 : 1UL << index;
    }

    /// <summary>A bit set of the literals present in <paramref name="line"/> (compared ignoring ASCII case).</summary>
    public ulong Scan(ReadOnlySpan<char> line)
    {
        if (_search is null)
        {
            return 0;
        }

        ulong present = 0;
        var offset = 0;
        while (offset < line.Length)
        {
            var found = line[offset..].IndexOfAny(_search);
            if (found < 0)
            {
                break;
            }

            var at = line[(offset + found)..];
            for (var i = 0; i < _literals.Length; i++)
            {
                if (at.StartsWith(_literals[i], StringComparison.OrdinalIgnoreCase))
                {
                    present |= 1UL << i;
                }
            }

            offset += found + 1;
        }

        return present;
    }
}
