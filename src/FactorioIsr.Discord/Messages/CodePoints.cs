using System.Globalization;
using System.Text;

namespace FactorioIsr.Discord.Messages;

/// <summary>Code-point aware text helpers.</summary>
internal static class CodePoints
{
    private const string Ellipsis = "…";

    /// <summary>The length as Discord counts it: Unicode code points (a lone surrogate counts as one).</summary>
    public static int Length(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }

            count++;
        }

        return count;
    }

    /// <summary>Cuts to at most <paramref name="max"/> code points, ending with "…" when cut, never inside a surrogate pair.</summary>
    public static string Truncate(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Length(text) <= max)
        {
            return text;
        }

        var keep = TextBreaks.FindBreak(text, 0, max - 1);
        return text[..keep].TrimEnd() + Ellipsis;
    }
}

/// <summary>Where text may be cut without breaking it: not inside a surrogate pair, a markdown escape, a ZWJ sequence or before a combining mark.</summary>
internal static class TextBreaks
{
    private const char ZeroWidthJoiner = '\u200D';
    private const char ZeroWidthSpace = '\u200B';

    /// <summary>
    /// The UTF-16 index after at most <paramref name="maxCodePoints"/> code points from <paramref name="start"/>,
    /// moved back to the nearest safe break (and to a space in the last quarter, if there is one).
    /// </summary>
    public static int FindBreak(string text, int start, int maxCodePoints)
    {
        ArgumentNullException.ThrowIfNull(text);
        var end = start;
        var count = 0;
        while (end < text.Length && count < maxCodePoints)
        {
            end += char.IsHighSurrogate(text[end]) && end + 1 < text.Length && char.IsLowSurrogate(text[end + 1]) ? 2 : 1;
            count++;
        }

        if (end >= text.Length)
        {
            return text.Length;
        }

        // Prefer a word boundary close to the limit.
        var floor = start + ((end - start) * 3 / 4);
        for (var i = end; i > floor; i--)
        {
            if (text[i - 1] == ' ' && IsSafe(text, i))
            {
                return i;
            }
        }

        for (var i = end; i > start; i--)
        {
            if (IsSafe(text, i))
            {
                return i;
            }
        }

        return end;
    }

    /// <summary>May the text be cut between index <paramref name="at"/> - 1 and <paramref name="at"/>?</summary>
    public static bool IsSafe(string text, int at)
    {
        if (at <= 0 || at >= text.Length)
        {
            return true;
        }

        var before = text[at - 1];
        var after = text[at];
        if (char.IsHighSurrogate(before) && char.IsLowSurrogate(after))
        {
            return false;
        }

        if (before == ZeroWidthJoiner || after == ZeroWidthJoiner || (before == '@' && after == ZeroWidthSpace) || after is '\uFE0F' or '\uFE0E')
        {
            return false;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(text, at);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark)
        {
            return false;
        }

        // An odd run of backslashes before the cut escapes the next character: keep the pair together.
        var backslashes = 0;
        for (var i = at - 1; i >= 0 && text[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 0;
    }

    public static string Normalize(string text) => text.Normalize(NormalizationForm.FormC);
}
