using System.Buffers;
using System.Text.Json;
using FactorioIsr.Events;

namespace FactorioIsr.Delivery;

/// <summary>
/// Appends one JSON object per event to a file. Exactly once in the file: before its first write after opening, it
/// cuts a torn last line (a crash mid-write) and reads the ids at the file's end; entries of the batch already there
/// (a crash after writing, before the outbox was told) are skipped. Each batch is flushed, and fsynced by default.
/// </summary>
internal sealed class JsonlOutput(string path, bool fsync = true) : IDeliveryOutput, IDisposable
{
    public const string Key = "jsonl";
    private const int MaxBatchBytes = 8 * 1024 * 1024;
    private const int TailScanBytes = 32 * 1024 * 1024;

    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private FileStream? _stream;
    private HashSet<string>? _alreadyWritten;
    private Utf8JsonWriter? _json;

    public string Destination => Key;

    /// <summary>False: after a restart it recognises the events it already wrote by their ids, whatever the packing.</summary>
    public bool NeedsStableBatches => false;

    public string FilePath => path;

    public int Pack(IReadOnlyList<OutboxEntry> pending)
    {
        long bytes = 0;
        for (var i = 0; i < pending.Count; i++)
        {
            var e = pending[i].Event;
            bytes += 256 + (3 * (e.Raw.Length + e.Text.Length + (e.Message?.Length ?? 0)));
            if (bytes > MaxBatchBytes && i > 0)
            {
                return i;
            }
        }

        return pending.Count;
    }

    public ValueTask<DeliveryOutcome> DeliverAsync(DeliveryBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            _stream ??= OpenAndRecover();
            _buffer.ResetWrittenCount();
            var fresh = false;
            foreach (var entry in batch.Entries)
            {
                if (!fresh && _alreadyWritten is { } written && written.Contains(entry.Event.Id))
                {
                    continue;
                }

                fresh = true;
                _json ??= new Utf8JsonWriter(_buffer, WriterOptions);
                EventJson.Write(_json, _buffer, entry.Event);
            }

            // What was written before a crash is a run at the head of what is undelivered: once an event is not in the
            // file, none after it is. Until then (a batch packed smaller than before the crash) keep checking.
            if (fresh)
            {
                _alreadyWritten = null;
            }

            _stream.Write(_buffer.WrittenSpan);
            _stream.Flush(flushToDisk: fsync);
            return ValueTask.FromResult(DeliveryOutcome.Delivered);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Part of the batch may be in the file: reopen and re-check its end before the retry.
            _stream?.Dispose();
            _stream = null;
            return ValueTask.FromResult(DeliveryOutcome.Transient(e.Message));
        }
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _json?.Dispose();
    }

    /// <summary>One event as this output writes it (a line, newline included): <see cref="EventJson"/>.</summary>
    public static void Write(IBufferWriter<byte> buffer, FactorioEvent e) => EventJson.Write(buffer, e);

    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private FileStream OpenAndRecover()
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var length = stream.Length;
        var window = (int)Math.Min(length, TailScanBytes);
        var tail = new byte[window];
        stream.Position = length - window;
        stream.ReadExactly(tail);
        var end = tail.AsSpan().LastIndexOf((byte)'\n') + 1;
        if (end < window && (end > 0 || window == length))
        {
            stream.SetLength(length - window + end); // a torn last line from a crash mid-write
        }

        _alreadyWritten = ReadIds(tail.AsSpan(0, end));
        stream.Seek(0, SeekOrigin.End);
        return stream;
    }

    private static HashSet<string> ReadIds(ReadOnlySpan<byte> lines)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var range in lines.Split((byte)'\n'))
        {
            var line = lines[range];
            if (line.IsEmpty)
            {
                continue;
            }

            try
            {
                var reader = new Utf8JsonReader(line);
                if (reader.Read() && reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("id"u8) && reader.Read())
                {
                    ids.Add(reader.GetString()!);
                }
            }
            catch (JsonException)
            {
                // the first line of the window may be cut; it is older than any batch in flight
            }
        }

        return ids;
    }
}
