using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace FactorioIsr.Patterns;

/// <summary>
/// Reads a group's last capture straight from a <see cref="Match"/>'s capture arrays, without the GroupCollection,
/// Group array and Group objects that <c>Match.Groups</c> allocates on first use (about half of what a matched line
/// allocates). Probed once against <c>Match.Groups</c>: if this runtime's <see cref="Match"/> is laid out differently,
/// <see cref="Available"/> is false and callers read <c>Match.Groups</c> as before.
/// </summary>
internal static class MatchCaptures
{
    /// <summary>Whether the capture arrays can be read on this runtime (checked against <c>Match.Groups</c>).</summary>
    public static bool Available { get; } = Probe();

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_matches")]
    private static extern ref int[][] Matches(Match match);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_matchcount")]
    private static extern ref int[] MatchCount(Match match);

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_Text")]
    private static extern string Text(Capture capture);

    /// <summary>
    /// The text of group <paramref name="index"/> (its position in the capture arrays, which is its number when the
    /// pattern's numbers are 0..n-1) when it took part and is not empty.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGet(Match match, int index, out ReadOnlySpan<char> value)
    {
        var counts = MatchCount(match);
        if ((uint)index < (uint)counts.Length && counts[index] > 0)
        {
            var captures = Matches(match)[index];
            var last = (counts[index] - 1) * 2;
            var length = captures[last + 1];
            if (length > 0)
            {
                value = Text(match).AsSpan(captures[last], length);
                return true;
            }
        }

        value = default;
        return false;
    }

    private static bool Probe()
    {
        try
        {
            // Every engine records captures through the same Match methods (RegexRunner.Capture -> Match.AddMatch), so
            // the interpreter stands for all: building a compiled regex here cost every start ~15 ms of Reflection.Emit
            // and JIT, a linear-time one ~30 ms of automaton construction and JIT on the first matched line.
            // LogParsePipelineEquivalenceTests pins the compiled and linear engines against Match.Groups.
            var match = new Regex(@"^(?:x(?<a>\w)(?<b>\d)?)+(?<c>-)?(?<d>z*)$").Match("xaxbxc1");
            if (!match.Success)
            {
                return false;
            }

            for (var i = 1; i < match.Groups.Count; i++)
            {
                var group = match.Groups[i];
                var expected = group.Success && group.Length > 0 ? group.Value : null;
                var actual = TryGet(match, i, out var span) ? span.ToString() : null;
                if (expected != actual)
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception e) when (e is MissingFieldException or MissingMethodException)
        {
            return false;
        }
    }
}
