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
    DateTimeOffset At)
{
    public int EmbedCount => Embeds is { ValueKind: JsonValueKind.Array } e ? e.GetArrayLength() : 0;
}

/// <summary>Every request the fake saw, with its outcome.</summary>
/// <param name="Scripted">The status came from a scripted fault (not from the fake's own limits).</param>
public sealed record FakeRequest(string Method, string Route, string Path, string Major, int Status, string? Scope, bool Scripted, DateTimeOffset At, string? Body);

/// <summary>A body that failed OpenAPI validation.</summary>
public sealed record FakeValidationFailure(string Method, string Route, string Body, IReadOnlyList<string> Errors)
{
    public override string ToString() => $"{Method} {Route}: {string.Join("; ", Errors.Take(5))} body={Body}";
}
