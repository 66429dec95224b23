using System.Text;

namespace FactorioIsr.Discord.Messages;

/// <summary>Splits message content over the 2000 code-point limit at line boundaries; a single longer line is cut safely.</summary>
internal static class ContentSplitter
{
    public static IReadOnlyList<string> Split(string content, int max = DiscordLimits.Content)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 16);
        if (CodePoints.Length(content) <= max)
        {
            return [content];
        }

        var chunks = new List<string>();
        var current = new StringBuilder();
        var currentLength = 0;
        var started = false;
        foreach (var line in content.Split('\n'))
        {
            var length = CodePoints.Length(line);
            if (length > max)
            {
                Flush();
                var start = 0;
                while (start < line.Length)
                {
                    var cut = TextBreaks.FindBreak(line, start, max);
                    var piece = line[start..cut];
                    start = cut;
                    if (start < line.Length)
                    {
                        chunks.Add(piece);
                    }
                    else
                    {
                        // The tail may share a message with the next lines.
                        current.Append(piece);
                        currentLength = CodePoints.Length(piece);
                        started = true;
                    }
                }

                continue;
            }

            if (started && currentLength + 1 + length > max)
            {
                Flush();
            }

            if (started)
            {
                current.Append('\n');
                currentLength++;
            }

            current.Append(line);
            currentLength += length;
            started = true;
        }

        Flush();
        return chunks;

        void Flush()
        {
            // Discord rejects an empty message; a chunk of blank lines carries nothing worth sending.
            if (started && !string.IsNullOrWhiteSpace(current.ToString()))
            {
                chunks.Add(current.ToString());
            }

            current.Clear();
            currentLength = 0;
            started = false;
        }
    }
}
