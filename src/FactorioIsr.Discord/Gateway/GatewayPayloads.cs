using System.Buffers;
using System.Text.Json;

namespace FactorioIsr.Discord.Gateway;

/// <summary>
/// The payloads the client sends (discord.md §1.2-1.6), written with a <see cref="Utf8JsonWriter"/>: the envelope
/// <c>{"op":N,"d":...}</c> without <c>s</c>/<c>t</c>, which only dispatches carry.
/// </summary>
internal static class GatewayPayloads
{
    public const int Heartbeat = 1;
    public const int Identify = 2;
    public const int PresenceUpdate = 3;
    public const int Resume = 6;

    public static byte[] WriteHeartbeat(long? sequence) => Write(Heartbeat, w =>
    {
        if (sequence is { } s)
        {
            w.WriteNumberValue(s);
        }
        else
        {
            w.WriteNullValue();
        }
    });

    public static byte[] WriteIdentify(string token, GatewayIntents intents, string clientName, GatewayPresence? presence) => Write(Identify, w =>
    {
        w.WriteStartObject();
        w.WriteString("token", token);
        w.WriteNumber("intents", (int)intents);
        w.WriteStartObject("properties");
        w.WriteString("os", OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "linux");
        w.WriteString("browser", clientName);
        w.WriteString("device", clientName);
        w.WriteEndObject();
        w.WriteBoolean("compress", false);
        w.WriteNumber("large_threshold", 50);
        if (presence is not null)
        {
            w.WritePropertyName("presence");
            WritePresenceObject(w, presence);
        }

        w.WriteEndObject();
    });

    public static byte[] WriteResume(string token, string sessionId, long? sequence) => Write(Resume, w =>
    {
        w.WriteStartObject();
        w.WriteString("token", token);
        w.WriteString("session_id", sessionId);
        if (sequence is { } s)
        {
            w.WriteNumber("seq", s);
        }
        else
        {
            w.WriteNull("seq");
        }

        w.WriteEndObject();
    });

    public static byte[] WritePresence(GatewayPresence presence) => Write(PresenceUpdate, w => WritePresenceObject(w, presence));

    private static void WritePresenceObject(Utf8JsonWriter w, GatewayPresence presence)
    {
        w.WriteStartObject();
        w.WriteNull("since");
        w.WriteStartArray("activities");
        if (!string.IsNullOrEmpty(presence.ActivityName))
        {
            w.WriteStartObject();
            if (presence.ActivityType == 4)
            {
                // A custom status shows its state; Discord wants the name "Custom Status".
                w.WriteString("name", "Custom Status");
                w.WriteNumber("type", 4);
                w.WriteString("state", presence.ActivityName);
            }
            else
            {
                w.WriteString("name", presence.ActivityName);
                w.WriteNumber("type", presence.ActivityType);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("status", presence.Status);
        w.WriteBoolean("afk", false);
        w.WriteEndObject();
    }

    private static byte[] Write(int op, Action<Utf8JsonWriter> data)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("op", op);
            w.WritePropertyName("d");
            data(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
