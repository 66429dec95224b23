using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FactorioIsr.Simulator.Logs;

/// <summary>
/// Writes the companion mod's files as the mod does (integrations/factorio-mod/control.lua, docs/mod.md):
/// <c>script-output/isr/events-&lt;n&gt;.jsonl</c>, one <c>{"v":1,"tick":N,"type":"...",...}</c> object per line, a
/// new number before a file would pass <see cref="MaxFileBytes"/> or after <see cref="MaxFileEvents"/> events (its
/// first line replaces an older file of that number), and the file <see cref="KeepFiles"/> numbers back deleted.
/// </summary>
internal sealed class ModEventFiles(string directory, long maxFileBytes, int maxFileEvents, int keepFiles) : IModEventSink, IDisposable
{
    public const int FormatVersion = 1;

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Lock _gate = new();
    private FileStream? _stream;
    private long _bytes;
    private int _events;

    /// <summary>The mod's directory (<c>script-output/isr</c>), what servers.yml's <c>mod_events_path</c> names.</summary>
    public string Directory { get; } = directory;

    public long MaxFileBytes { get; } = maxFileBytes;

    public int MaxFileEvents { get; } = maxFileEvents;

    /// <summary>0 keeps every file.</summary>
    public int KeepFiles { get; } = keepFiles;

    /// <summary>The number of the file being written.</summary>
    public int FileNumber { get; private set; } = 1;

    public string PathOf(int number) => Path.Combine(Directory, "events-" + number.ToString(CultureInfo.InvariantCulture) + ".jsonl");

    public void Write(ModEvent modEvent)
    {
        var line = Encode(modEvent);
        lock (_gate)
        {
            if (_bytes > 0 && (_bytes + line.Length > MaxFileBytes || _events >= MaxFileEvents))
            {
                _stream?.Dispose();
                _stream = null;
                FileNumber++;
                _bytes = 0;
                _events = 0;
                if (KeepFiles > 0 && FileNumber - KeepFiles >= 1)
                {
                    File.Delete(PathOf(FileNumber - KeepFiles));
                }
            }

            if (_stream is null)
            {
                System.IO.Directory.CreateDirectory(Directory);
                _stream = new FileStream(PathOf(FileNumber), FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            }

            _stream.Write(line);
            _stream.Flush();
            _bytes += line.Length;
            _events++;
        }
    }

    /// <summary>One line: <c>v</c>, <c>tick</c>, <c>type</c>, then the fields in order, and the newline.</summary>
    public static byte[] Encode(ModEvent modEvent)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteNumber("v", FormatVersion);
            json.WriteNumber("tick", modEvent.Tick);
            json.WriteString("type", modEvent.Type);
            foreach (var (key, value) in modEvent.Fields)
            {
                switch (value)
                {
                    case string s:
                        json.WriteString(key, s);
                        break;
                    case long l:
                        json.WriteNumber(key, l);
                        break;
                    case int i:
                        json.WriteNumber(key, i);
                        break;
                    case double d when double.IsFinite(d):
                        json.WriteNumber(key, d);
                        break;
                    case bool b:
                        json.WriteBoolean(key, b);
                        break;
                }
            }

            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stream?.Dispose();
            _stream = null;
        }
    }
}
