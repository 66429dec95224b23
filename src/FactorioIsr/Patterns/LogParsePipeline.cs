using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using System.Threading.Channels;
using FactorioIsr.Events;

namespace FactorioIsr.Patterns;

/// <summary>
/// Parses a whole log into JSON lines (<c>isr parse</c>): one reader cuts the input into blocks at line ends,
/// every core parses blocks, and one writer emits them in input order. Memory is bounded by the blocks in flight.
/// Invalid UTF-8 is replaced, NUL bytes kept, CRLF handled, over-long lines cut; all of it counted, none of it fatal.
/// </summary>
internal sealed class LogParsePipeline(PatternSet patterns, LogSourceKind source, string server, bool includeUnmatched)
{
    /// <summary>Lines longer than this are cut (the tailer's default limit).</summary>
    public const int MaxLineBytes = 64 * 1024;

    private const int BlockBytes = 1024 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = MinimalJsonEncoder.Instance,
        SkipValidation = true,
    };

    [ThreadStatic]
    private static StringBuilder? t_text;

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "line", "type", "player", "message", "pattern", "text", "raw" };

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
                await output.WriteAsync(block.Output.WrittenMemory, cancellationToken).ConfigureAwait(false);
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
                    // One line fills the buffer: keep its first MaxLineBytes, drop the rest up to its newline.
                    blockLength = MaxLineBytes;
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

    private Block Parse(byte[] buffer, int length, long firstLine, bool lastLineTruncated)
    {
        var output = new ArrayBufferWriter<byte>(length);
        using var json = new Utf8JsonWriter(output, WriterOptions);
        long lines = 0, matched = 0, invalid = 0, truncated = 0, nul = 0;
        var data = buffer.AsSpan(0, length);
        var lineNumber = firstLine;
        while (data.Length > 0)
        {
            var newline = data.IndexOf((byte)'\n');
            var line = newline >= 0 ? data[..newline] : data;
            data = newline >= 0 ? data[(newline + 1)..] : default;
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }

            var cut = line.Length > MaxLineBytes || (lastLineTruncated && data.Length == 0);
            if (line.Length > MaxLineBytes)
            {
                line = line[..MaxLineBytes];
            }

            lines++;
            truncated += cut ? 1 : 0;
            nul += line.Contains((byte)0) ? 1 : 0;
            if (!Utf8.IsValid(line))
            {
                invalid++;
            }

            var text = Encoding.UTF8.GetString(line);
            var match = patterns.Match(source, text);
            if (match is not null)
            {
                matched++;
                WriteMatch(json, lineNumber, match, text);
            }
            else if (includeUnmatched)
            {
                WriteUnmatched(json, lineNumber, text);
            }

            if (match is not null || includeUnmatched)
            {
                json.Flush();
                output.Write("\n"u8);
                json.Reset();
            }

            lineNumber++;
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return new Block(output, new ParseStats(lines, matched, invalid, truncated, nul));
    }

    private void WriteMatch(Utf8JsonWriter json, long lineNumber, PatternMatch match, string text)
    {
        var pattern = match.Pattern;
        json.WriteStartObject();
        json.WriteNumber("line"u8, lineNumber);
        json.WriteString("type"u8, pattern.Type);
        WriteNullable(json, "player"u8, match.Player);
        WriteNullable(json, "message"u8, match.Message);
        json.WriteString("pattern"u8, pattern.Name);
        var rendered = t_text ??= new StringBuilder(256);
        rendered.Clear();
        EventRenderer.RenderTo(rendered, match, server, text);
        WriteBuilder(json, "text"u8, rendered);
        foreach (var (name, number) in pattern.NamedGroups)
        {
            if (!Reserved.Contains(name))
            {
                var group = match.Match.Groups[number];
                if (group.Success && group.Length > 0)
                {
                    json.WriteString(name, group.ValueSpan);
                }
                else
                {
                    json.WriteNull(name);
                }
            }
        }

        json.WriteEndObject();
    }

    private static void WriteBuilder(Utf8JsonWriter json, ReadOnlySpan<byte> name, StringBuilder builder)
    {
        foreach (var chunk in builder.GetChunks())
        {
            if (chunk.Length == builder.Length)
            {
                json.WriteString(name, chunk.Span);
                return;
            }

            break;
        }

        json.WriteString(name, builder.ToString());
    }

    private static void WriteUnmatched(Utf8JsonWriter json, long lineNumber, string text)
    {
        json.WriteStartObject();
        json.WriteNumber("line"u8, lineNumber);
        json.WriteNull("type"u8);
        json.WriteString("raw"u8, text);
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private sealed record Block(ArrayBufferWriter<byte> Output, ParseStats Stats);
}
