using System.Text;
using FactorioIsr.Tailing;

namespace FactorioIsr.Tests.Tailing;

public sealed class TailCursorTests
{
    private static TailCursor Open(string path, long offset = 0, int maxLineBytes = 64 * 1024)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new TailCursor(handle, new TailedFile("srv", "console", path, FileIdentity.Of(handle), 1), offset, maxLineBytes);
    }

    private static List<TailedLine> ReadAll(TailCursor cursor)
    {
        var lines = new List<TailedLine>();
        long invalid = 0;
        cursor.Read(lines, long.MaxValue, ref invalid);
        return lines;
    }

    [Fact]
    public void Read_EveryLine_CheckpointIsTheOneACursorStartedAtItsEndHas()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");

        // Short lines at the start (marker and fingerprint shorter than their maximum), CRLF, a BOM, and enough
        // lines to span several read chunks; then lines appended one by one (one chunk per line).
        var text = new StringBuilder("\uFEFFa\nbb\r\n\n");
        for (var i = 0; i < 3000; i++)
        {
            text.Append(Chat(i)).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
        using var cursor = Open(path);
        var lines = ReadAll(cursor);
        for (var i = 0; i < 5; i++)
        {
            TailerHarness.Append(path, $"appended {i}\n");
            lines.AddRange(ReadAll(cursor));
        }

        Assert.Equal(3 + 3000 + 5, lines.Count);
        Assert.Equal(["a", "bb", string.Empty], lines.Take(3).Select(l => l.Text));
        Assert.Equal("appended 4", lines[^1].Text);
        var size = new FileInfo(path).Length;
        foreach (var line in lines.Where((_, i) => i < 40 || i % 97 == 0 || i > lines.Count - 8))
        {
            using var resumed = Open(path, line.End);
            Assert.Equal(resumed.Checkpoint, line.Checkpoint);
            Assert.True(TailCursor.Matches(resumed.Handle, size, line.End, line.Checkpoint));
        }

        Assert.Equal(lines[^1].Checkpoint, cursor.Checkpoint);
    }

    private static string Chat(int i) => $"2026-11-26 12:00:00 [CHAT] player{i % 7}: line {i} {new string('x', i % 50)}";

    [Fact] // G12 for a long line that fits in one read: cut like one that arrives in pieces
    public void Read_LineOverLimitArrivingWhole_CutAndFlagged()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllText(path, "before\n" + new string('é', 150) + "\nafter\n");
        using var cursor = Open(path, maxLineBytes: 101);
        var lines = ReadAll(cursor);
        Assert.Equal(["before", new string('é', 50), "after"], lines.Select(l => l.Text));
        Assert.Equal([TailedLineFlags.None, TailedLineFlags.Truncated, TailedLineFlags.None], lines.Select(l => l.Flags));
        Assert.Equal(7 + 300 + 1, lines[1].End);
    }

    [Fact]
    public void Read_InvalidUtf8_FlaggedAndCountedWhenReadTextDecodedOnUse()
    {
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllBytes(path, [.. "ok\n"u8, .. "bad "u8, 0xC3, 0x28, 0xFF, .. "\n"u8]);
        using var cursor = Open(path);
        var lines = new List<TailedLine>();
        long invalid = 0;
        cursor.Read(lines, long.MaxValue, ref invalid);
        Assert.Equal(2, invalid);
        Assert.Equal([TailedLineFlags.None, TailedLineFlags.InvalidUtf8], lines.Select(l => l.Flags));
        Assert.Equal("bad \uFFFD(\uFFFD", lines[1].Text);
        Assert.Equal([.. "bad "u8, 0xC3, 0x28, 0xFF], lines[1].Utf8.ToArray());
        var other = lines[1] with { Text = "other" };
        Assert.Equal("other", other.Text);
        Assert.Equal("other"u8.ToArray(), other.Utf8.ToArray());
        Assert.Equal(lines[1].Checkpoint, other.Checkpoint);
    }

    [Theory] // model check: random bytes appended in random pieces, read after each piece, against a plain splitter
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Read_RandomContentInRandomPieces_SameLinesAsAPlainSplitter(int seed)
    {
        var random = new Random(seed);
        byte[][] atoms = ["a"u8.ToArray(), "bc"u8.ToArray(), "\n"u8.ToArray(), "\r\n"u8.ToArray(), "é"u8.ToArray(), "🚀"u8.ToArray(), [0], [0xFF], [0xE2, 0x82], "\uFEFF"u8.ToArray()];
        var content = new List<byte>();
        while (content.Count < 20_000)
        {
            var atom = atoms[random.Next(atoms.Length)];
            for (var n = random.Next(1, random.Next(2) == 0 ? 4 : 40); n > 0; n--)
            {
                content.AddRange(atom);
            }
        }

        var maxLine = random.Next(8, 200);
        using var dir = new TempDirectory();
        var path = dir.File("console.log");
        File.WriteAllBytes(path, []);
        using var cursor = Open(path, maxLineBytes: maxLine);
        var lines = new List<TailedLine>();
        long invalid = 0;
        for (var at = 0; at < content.Count;)
        {
            var piece = Math.Min(content.Count - at, random.Next(1, 3000));
            TailerHarness.AppendBytes(path, [.. content.GetRange(at, piece)]);
            at += piece;
            cursor.Read(lines, long.MaxValue, ref invalid);
        }

        var bytes = content.ToArray();
        var expected = new List<(long Start, long End, string Text, TailedLineFlags Flags)>();
        for (var start = 0; ;)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n', start);
            if (newline < 0)
            {
                break;
            }

            var line = bytes.AsSpan(start, newline - start);
            var flags = TailedLineFlags.None;
            if (line.Length > maxLine)
            {
                var cut = maxLine;
                while (cut > 0 && (line[cut] & 0xC0) == 0x80 && maxLine - cut < 4)
                {
                    cut--;
                }

                line = line[..cut];
                flags |= TailedLineFlags.Truncated;
            }

            var text = LineText.TextBytes(line, start);
            if (!System.Text.Unicode.Utf8.IsValid(text))
            {
                flags |= TailedLineFlags.InvalidUtf8;
            }

            expected.Add((start, newline + 1, Encoding.UTF8.GetString(text), flags));
            start = newline + 1;
        }

        Assert.Equal(expected, lines.Select(l => (l.Start, l.End, l.Text, l.Flags)));
        Assert.True(invalid > 0 == expected.Any(e => e.Flags.HasFlag(TailedLineFlags.InvalidUtf8)));
        // Also lines read by a cursor resumed inside the first KiB (their fingerprint is shorter than the maximum).
        using var fromInside = Open(path, lines.Last(l => l.End < 1024).End, maxLine);
        var later = ReadAll(fromInside);
        Assert.Equal(lines.SkipWhile(l => l.End < 1024).Select(l => (l.Start, l.Text, l.Flags)), later.Select(l => (l.Start, l.Text, l.Flags)));
        var size = bytes.Length;
        foreach (var line in lines.Where((_, i) => i % 17 == 0).Concat(later.Take(30)))
        {
            using var resumed = Open(path, line.End, maxLine);
            Assert.Equal(resumed.Checkpoint, line.Checkpoint);
            Assert.True(TailCursor.Matches(resumed.Handle, size, line.End, line.Checkpoint));
        }
    }
}
