using System.Text.Json;

namespace FactorioIsr.Simulator.Logs;

/// <summary>
/// Writes <see cref="ModEvent"/>s as JSON lines: <c>{"tick":123,"type":"death","player":"Alice","cause":"small-biter"}</c>.
/// PROVISIONAL format (see <see cref="IModEventSink"/>).
/// </summary>
internal sealed class JsonLinesModEventWriter(LogFile file) : IModEventSink
{
    public LogFile File { get; } = file;

    public void Write(ModEvent modEvent)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("tick", modEvent.Tick);
            json.WriteString("type", modEvent.Type);
            if (modEvent.Player is null)
            {
                json.WriteNull("player");
            }
            else
            {
                json.WriteString("player", modEvent.Player);
            }

            foreach (var (key, value) in modEvent.Fields ?? new Dictionary<string, string>())
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        File.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
