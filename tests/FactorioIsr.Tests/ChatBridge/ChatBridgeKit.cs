using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FactorioIsr.Discord.Gateway;

namespace FactorioIsr.Tests.ChatBridge;

/// <summary>MESSAGE_CREATE payloads as Discord sends them, and waiting on files and fakes.</summary>
internal static class ChatBridgeKit
{
    private static long _ids = 900_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A guild message by a person (or, with <paramref name="bot"/>/<paramref name="webhook"/>, by a bot or webhook).</summary>
    public static JsonObject Message(
        ulong channel,
        string content,
        string username = "mason",
        string? globalName = "Mason",
        string? nick = null,
        bool bot = false,
        bool webhook = false,
        int type = 0)
    {
        var message = new JsonObject
        {
            ["id"] = Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture),
            ["channel_id"] = channel.ToString(CultureInfo.InvariantCulture),
            ["guild_id"] = "1",
            ["type"] = type,
            ["content"] = content,
            ["author"] = new JsonObject { ["id"] = "111", ["username"] = username, ["global_name"] = globalName, ["discriminator"] = "0", ["bot"] = bot },
            ["member"] = new JsonObject { ["nick"] = nick, ["roles"] = new JsonArray() },
            ["mentions"] = new JsonArray(),
            ["mention_roles"] = new JsonArray(),
            ["attachments"] = new JsonArray(),
            ["embeds"] = new JsonArray(),
            ["timestamp"] = "2026-12-01T23:00:00.000000+00:00",
            ["tts"] = false,
            ["mention_everyone"] = false,
            ["pinned"] = false,
        };
        if (webhook)
        {
            message["webhook_id"] = "777";
        }

        return message;
    }

    public static GatewayDispatch Dispatch(JsonObject message, long sequence = 1) =>
        new("MESSAGE_CREATE", sequence, JsonSerializer.SerializeToElement(message));

    public static async Task WaitForAsync(Func<bool> condition, string what, int seconds = 30)
    {
        var until = Environment.TickCount64 + seconds * 1000L;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < until, "timed out waiting for " + what);
            await Task.Delay(25, Ct);
        }
    }

    /// <summary>The <c>[CHAT]</c> bodies of a console.log, without the timestamp.</summary>
    public static IReadOnlyList<string> ChatLines(string consoleLog)
    {
        if (!File.Exists(consoleLog))
        {
            return [];
        }

        using var stream = new FileStream(consoleLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n')
            .Select(l => l.IndexOf("[CHAT] ", StringComparison.Ordinal) is var at and >= 0 ? l[(at + 7)..].TrimEnd('\r') : null)
            .OfType<string>()];
    }
}
