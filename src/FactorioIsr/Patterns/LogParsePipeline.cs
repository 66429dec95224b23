using System.Buffers;
using System.Text;
using System.Text.Unicode;
using System.Threading.Channels;
using FactorioIsr.Events;
using FactorioIsr.Tailing;
using System.Runtime.CompilerServices;

namespace FactorioIsr.Patterns;

/// <summary>
/// Parses a whole log into JSON lines (<c>isr parse</c>): one reader cuts the input into blocks at line ends,
/// every core parses blocks, and one writer emits them in input order. Memory is bounded by the blocks in flight.
/// Invalid UTF-8 is replaced, NUL bytes kept, CRLF handled, over-long lines cut; all of it counted, none of it fatal.
/// </summary>
internal sealed class LogParsePipeline(PatternSet patterns, LogSourceKind source, string server, bool includeUnmatched)
{
    /// <summary>Lines longer than this are cut (the tailer's default limit, <see cref="TailOptions.MaxLineBytes"/>).</summary>
    public static readonly int MaxLineBytes = new TailOptions().MaxLineBytes;

    private const int BlockBytes = 1024 * 1024;

    [ThreadStatic]
    private static CharBuffer? t_text;


    /// <summary>Each pattern's constant JSON (in <see cref="PatternSet.For"/> order), encoded once.</summary>
    private readonly PatternJson[] _json = [.. patterns.For(source).Select(PatternJson.Of)];

    public async Task<ParseStats> RunAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        var inFlight = Channel.CreateBounded<Task<Block>>(new BoundedChannelOptions(Environment.ProcessorCount * 2)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        var reader = ReadBlocksAsync(input, inFlight.Writer, cancellationToken);
        var stats = ParseStats.Zero;
        try
        {
            await foreach (var pending in inFlight.Reader.ReadAllAsync(cancellationToken))
            {
                var block = await pending.ConfigureAwait(false);
                using (block.Output)
                {
                    await output.WriteAsync(block.Output.WrittenMemory, cancellationToken).ConfigureAwait(false);
                }

                stats = stats.Add(block.Stats);
            }
        }
        finally
        {
            await reader.ConfigureAwait(false);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return stats;
    }

    private async Task ReadBlocksAsync(Stream input, ChannelWriter<Task<Block>> blocks, CancellationToken cancellationToken)
    {
        try
        {
            var buffer = ArrayPool<byte>.Shared.Rent(BlockBytes);
            var filled = 0;
            long nextLine = 1;
            var skippingLongLine = false;
            while (true)
            {
                var read = await input.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                filled += read;
                var eof = read == 0;
                var data = buffer.AsSpan(0, filled);

                if (skippingLongLine)
                {
                    // Drop the rest of a line already cut: up to its newline.
                    var newline = data.IndexOf((byte)'\n');
                    if (newline < 0 && !eof)
                    {
                        filled = 0;
                        continue;
                    }

                    skippingLongLine = false;
                    var keep = newline < 0 ? 0 : filled - newline - 1;
                    data.Slice(filled - keep).CopyTo(buffer);
                    filled = keep;
                    data = buffer.AsSpan(0, filled);
                    if (eof && filled == 0)
                    {
                        break;
                    }
                }

                var last = data.LastIndexOf((byte)'\n');
                int blockLength;
                if (last >= 0 && !eof)
                {
                    blockLength = last + 1;
                }
                else if (eof)
                {
                    blockLength = filled;
                }
                else if (filled < buffer.Length)
                {
                    continue; // Need more data for a whole line.
                }
                else
                {
                    // One line fills the buffer: keep its head (cut where the tailer cuts), drop the rest up to its newline.
                    blockLength = LineText.Utf8Cut(data, MaxLineBytes);
                    skippingLongLine = true;
                }

                if (blockLength > 0)
                {
                    var next = ArrayPool<byte>.Shared.Rent(BlockBytes);
                    var remainder = filled - blockLength;
                    buffer.AsSpan(blockLength, remainder).CopyTo(next);
                    var block = buffer;
                    var firstLine = nextLine;
                    var length = blockLength;
                    var truncatedTail = skippingLongLine;
                    nextLine += block.AsSpan(0, length).Count((byte)'\n') + (truncatedTail || (eof && length > 0 && block[length - 1] != '\n') ? 1 : 0);
                    await blocks.WriteAsync(Task.Run(() => Parse(block, length, firstLine, truncatedTail), cancellationToken), cancellationToken).ConfigureAwait(false);
                    buffer = next;
                    filled = skippingLongLine ? 0 : remainder;
                }

                if (eof && !skippingLongLine)
                {
                    break;
                }
            }

            ArrayPool<byte>.Shared.Return(buffer);
        }
        finally
        {
            blocks.Complete();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Block Parse(byte[] buffer, int length, long firstLine, bool lastLineTruncated)
    {
        var output = new PooledBufferWriter(length + (length / 2));
        var json = new JsonLineWriter(output);
        long lines = 0, matched = 0, invalid = 0, truncated = 0, nul = 0;
        var data = buffer.AsSpan(0, length);
        var lineNumber = firstLine;
        while (data.Length > 0)
        {
            var newline = data.IndexOf((byte)'\n');
            var raw = newline >= 0 ? data[..newline] : data;
            data = newline >= 0 ? data[(newline + 1)..] : default;

            // The tailer's framing (CR, a BOM at the file's start, leading NULs, the cut at a UTF-8 boundary), so
            // isr parse shows what isr run relays.
            var line = LineText.Frame(raw, lineNumber == 1 ? 0 : 1, MaxLineBytes, out var cut);
            cut |= lastLineTruncated && data.Length == 0;

            lines++;
            truncated += cut ? 1 : 0;
            nul += raw.Contains((byte)0) ? 1 : 0;
            var valid = Utf8.IsValid(line);
            invalid += valid ? 0 : 1;

            // Lines no pattern's literal fits (most unmatched lines) are never decoded.
            string? text = null;
            PatternMatch? match = null;
            var first = patterns.FirstCandidate(source, line);
            if (first >= 0)
            {
                text = Encoding.UTF8.GetString(line);
                match = patterns.MatchFrom(source, text, first);
            }

            if (match is not null)
            {
                matched++;
                WriteMatch(json, lineNumber, match, text!);
            }
            else if (includeUnmatched)
            {
                json.Raw("{\"line\":"u8);
                json.Number(lineNumber);
                json.Raw(",\"type\":null,\"raw\":"u8);
                if (valid)
                {
                    json.Utf8String(line);
                }
                else
                {
                    json.String(text ?? Encoding.UTF8.GetString(line));
                }

                json.Raw("}\n"u8);
            }

            lineNumber++;
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return new Block(output, new ParseStats(lines, matched, invalid, truncated, nul));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteMatch(JsonLineWriter json, long lineNumber, PatternMatch match, string text)
    {
        var pattern = match.Pattern;
        var constant = match.Index >= 0 ? _json[match.Index] : PatternJson.Of(pattern);
        json.Raw("{\"line\":"u8);
        json.Number(lineNumber);
        json.Raw(constant.TypeToPlayer);
        WriteGroup(json, match, pattern.PlayerGroup);
        json.Raw(",\"message\":"u8);
        WriteGroup(json, match, pattern.MessageGroup);
        json.Raw(constant.PatternToText);
        var rendered = t_text ??= new CharBuffer(256);
        rendered.Clear();
        EventRenderer.RenderTo(rendered, match, server, text);
        json.String(rendered.Span);
        foreach (var (prefix, number) in constant.Groups)
        {
            json.Raw(prefix);
            WriteGroup(json, match, number);
        }

        json.Raw("}\n"u8);
    }

    /// <summary>Writes a group's text straight from the line (no substring), or null when it did not take part.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteGroup(JsonLineWriter json, PatternMatch match, int number)
    {
        if (match.TryGroup(number, out var value))
        {
            json.String(value);
        }
        else
        {
            json.Null();
        }
    }

    /// <summary>
    /// A pattern's constant JSON: <c>,"type":T,"player":</c>, <c>,"pattern":N,"text":</c>, and the property prefix of
    /// each named group other than the fields every line has.
    /// </summary>
    private sealed record PatternJson(byte[] TypeToPlayer, byte[] PatternToText, (byte[] Prefix, int Number)[] Groups)
    {
        public static PatternJson Of(CompiledPattern p) => new(
            [.. ",\"type\":"u8, .. JsonLineWriter.StringValue(p.Type), .. ",\"player\":"u8],
            [.. ",\"pattern\":"u8, .. JsonLineWriter.StringValue(p.Name), .. ",\"text\":"u8],
            [.. p.NamedGroups.Where(g => !EventJson.Reserved.Contains(g.Name)).Select(g => (JsonLineWriter.PropertyPrefix(g.Name), g.Number))]);
    }

    private sealed record Block(PooledBufferWriter Output, ParseStats Stats);
}
