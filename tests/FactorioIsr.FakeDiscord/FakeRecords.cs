using System.Text.Json;

namespace FactorioIsr.FakeDiscord;

/// <summary>A message the fake accepted (channel create or webhook execute).</summary>
public sealed record FakeMessage(
    string Id,
    string ChannelId,
    string? WebhookId,
    string? Content,
    JsonElement? Embeds,
    JsonElement? AllowedMentions,
    string? Username,
    string? AvatarUrl,
    string? Nonce,
    DateTimeOffset At,
    IReadOnlyList<FakeAttachment>? Attachments = null,
    int Edits = 0)
{
    public int EmbedCount => Embeds is { ValueKind: JsonValueKind.Array } e ? e.GetArrayLength() : 0;
}

/// <summary>A file uploaded with a message (multipart <c>files[N]</c>), as the fake keeps it.</summary>
/// <param name="Id">The attachment's id (a snowflake the fake made).</param>
/// <param name="FileName">The part's file name.</param>
/// <param name="ContentType">The part's content type.</param>
/// <param name="Content">The bytes.</param>
public sealed record FakeAttachment(string Id, string FileName, string ContentType, byte[] Content)
{
    /// <summary>Where the fake says it serves the file (its <c>url</c>, and what <c>attachment://</c> embeds become).</summary>
    public string Url(string channelId) => $"https://cdn.discordapp.test/attachments/{channelId}/{Id}/{FileName}";
}

/// <summary>Every request the fake saw, with its outcome.</summary>
/// <param name="Scripted">The status came from a scripted fault (not from the fake's own limits).</param>
public sealed record FakeRequest(string Method, string Route, string Path, string Major, int Status, string? Scope, bool Scripted, DateTimeOffset At, string? Body);

/// <summary>A body that failed OpenAPI validation.</summary>
public sealed record FakeValidationFailure(string Method, string Route, string Body, IReadOnlyList<string> Errors)
{
    public override string ToString() => $"{Method} {Route}: {string.Join("; ", Errors.Take(5))} body={Body}";
}
