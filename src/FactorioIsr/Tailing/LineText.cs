using System.Text;
using System.Text.Unicode;

namespace FactorioIsr.Tailing;

/// <summary>From a line's bytes to its text: what is trimmed, where a long line is cut, how invalid UTF-8 is counted.</summary>
internal static class LineText
{
    /// <summary>The bytes of a line that make its text: without a trailing CR, a BOM at the file's start, or leading NULs.</summary>
    public static ReadOnlySpan<byte> TextBytes(ReadOnlySpan<byte> line, long start)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (start == 0 && line.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }

        // A copytruncate race leaves a run of NULs where the writer's old offset was; they are not text.
        return line.TrimStart((byte)0);
    }

    /// <summary>
    /// The one framing rule of a line, for the tailer and <c>isr parse</c> alike: a line longer than
    /// <paramref name="maxLineBytes"/> is cut at a UTF-8 boundary (<see cref="Utf8Cut"/>), then trimmed as
    /// <see cref="TextBytes"/> says. <paramref name="line"/> is the line without its newline; <paramref name="start"/> its
    /// offset in the file (a BOM is only stripped at offset 0).
    /// </summary>
    public static ReadOnlySpan<byte> Frame(ReadOnlySpan<byte> line, long start, int maxLineBytes, out bool truncated)
    {
        truncated = line.Length > maxLineBytes;
        return TextBytes(truncated ? line[..Utf8Cut(line, maxLineBytes)] : line, start);
    }

    /// <summary>The longest prefix of at most <paramref name="max"/> bytes that does not end inside a UTF-8 sequence.</summary>
    public static int Utf8Cut(ReadOnlySpan<byte> bytes, int max)
    {
        var cut = max;
        while (cut > 0 && cut < bytes.Length && (bytes[cut] & 0xC0) == 0x80 && max - cut < 4)
        {
            cut--;
        }

        return cut;
    }

    /// <summary>The text of a line: trimmed, validated (flag and count of invalid sequences), decoded with U+FFFD for them.</summary>
    public static string Decode(ReadOnlySpan<byte> line, long start, ref TailedLineFlags flags, ref long invalidUtf8)
    {
        var bytes = TextBytes(line, start);
        if (!Utf8.IsValid(bytes))
        {
            flags |= TailedLineFlags.InvalidUtf8;
            invalidUtf8 += CountInvalid(bytes);
        }

        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>How many replacement characters decoding puts in.</summary>
    public static int CountInvalid(ReadOnlySpan<byte> bytes)
    {
        var count = 0;
        while (!bytes.IsEmpty)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes, out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                count++;
            }

            bytes = bytes[consumed..];
        }

        return count;
    }
}
