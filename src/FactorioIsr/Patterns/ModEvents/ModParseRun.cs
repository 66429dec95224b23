using FactorioIsr.Events;
using System.Text;
using FactorioIsr.Tailing;

namespace FactorioIsr.Patterns.ModEvents;

/// <summary>What <c>isr parse --source mod</c> saw; malformed lines are counted by reason, never fatal.</summary>
internal sealed record ModParseStats(long Lines, long Matched, long InvalidJson, long UnknownType, long MissingField, long Newer)
{
    public long Malformed => InvalidJson + UnknownType + MissingField;
}

/// <summary>
/// <c>isr parse --source mod</c>: reads the mod's JSON lines (one file, standard input, or a directory's numbered
/// files in order) with the same code as the relay and prints one JSON object per event, like the regex sources:
/// <c>line</c>, <c>type</c>, <c>player</c>, <c>message</c>, <c>pattern</c>, <c>text</c>, then the line's fields.
/// With <c>--all</c>, unmatched lines get <c>"type":null</c> and malformed ones a <c>malformed</c> reason too.
/// </summary>
internal sealed class ModParseRun(PatternSet patterns, string server, bool includeUnmatched)
{
    /// <summary>The event's own names (<see cref="EventJson.Reserved"/>) and the ones this projection writes itself.</summary>
    private static readonly HashSet<string> Reserved = new(EventJson.Reserved.Concat(["file", "malformed", "mod_type"]), StringComparer.Ordinal);

    private long _lines, _matched, _invalidJson, _unknownType, _missingField, _newer;

    public ModParseStats Stats => new(_lines, _matched, _invalidJson, _unknownType, _missingField, _newer);

    /// <summary>Parses <paramref name="input"/>; <paramref name="file"/> (a file name) is printed with each object when given.</summary>
    public async Task RunAsync(Stream input, Stream output, string? file, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(input, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        var buffer = new PooledBufferWriter(1 << 16);
        try
        {
            long number = 0;
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
            {
                number++;
                Parse(new JsonLineWriter(buffer), number, file, text);
                if (buffer.WrittenMemory.Length >= 1 << 16)
                {
                    await output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                    buffer.Dispose();
                    buffer = new PooledBufferWriter(1 << 16);
                }
            }

            await output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>Parses every numbered file of a directory (or file pattern), in the order the mod wrote them.</summary>
    public async Task RunFilesAsync(NumberedFiles files, Stream output, CancellationToken cancellationToken)
    {
        foreach (var path in files.List())
        {
            var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
            await using (input.ConfigureAwait(false))
            {
                await RunAsync(input, output, Path.GetFileName(path), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Parse(JsonLineWriter json, long number, string? file, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return; // blank lines are never events
        }

        _lines++;
        // As the tailer takes a line: without a BOM at the file's start or the NULs a copytruncate race leaves.
        var line = ModLine.ParseRecovering(LineText.TextBytes(Encoding.UTF8.GetBytes(text), number == 1 ? 0 : 1), out var problem);
        switch (problem)
        {
            case ModLineProblem.InvalidJson:
                _invalidJson++;
                break;
            case ModLineProblem.UnknownType:
                _unknownType++;
                break;
            case ModLineProblem.MissingField:
                _missingField++;
                break;
        }

        _newer += line?.Newer == true ? 1 : 0;
        if (line is not null && patterns.ModEvents.Match(line) is { } entry)
        {
            _matched++;
            Start(json, number, file);
            json.Raw(",\"type\":"u8);
            json.String(ModLineParser.EventTypeOf(entry.Definition.Type));
            json.Raw(",\"player\":"u8);
            if (line.Get("player") is { } player)
            {
                json.String(player);
            }
            else
            {
                json.Null();
            }

            json.Raw(",\"message\":null,\"pattern\":"u8);
            json.String(entry.Definition.Name);
            json.Raw(",\"text\":"u8);
            json.String(ModEventRenderer.Render(entry, line, server));
            json.Raw(",\"mod_type\":"u8);
            json.String(entry.Definition.Type);
            foreach (var (key, value) in line.Fields)
            {
                if (!Reserved.Contains(key))
                {
                    json.Raw(JsonLineWriter.PropertyPrefix(key));
                    json.String(value);
                }
            }

            json.Raw("}\n"u8);
        }
        else if (includeUnmatched)
        {
            Start(json, number, file);
            json.Raw(",\"type\":null"u8);
            if (problem != ModLineProblem.None && line is null)
            {
                json.Raw(",\"malformed\":"u8);
                json.String(ModEventMetrics.ReasonTag(problem));
            }

            json.Raw(",\"raw\":"u8);
            json.String(text);
            json.Raw("}\n"u8);
        }
    }

    private static void Start(JsonLineWriter json, long number, string? file)
    {
        json.Raw("{\"line\":"u8);
        json.Number(number);
        if (file is not null)
        {
            json.Raw(",\"file\":"u8);
            json.String(file);
        }
    }
}
