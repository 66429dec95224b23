using System.Security.Cryptography;
using System.Text;
using FactorioIsr.Discord.Messages;
using FactorioIsr.Discord.Rest;
using FactorioIsr.Events;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Delivery.DiscordOutputs;

/// <summary>
/// Delivers batches through a webhook (<c>?wait=true</c>). Chat shows the player as the author (username = player,
/// avatar from the template or an identicon), so only consecutive events of the same author are coalesced.
/// Webhooks have no nonce: a re-send after an ambiguous failure is counted in
/// <see cref="DiscordMetrics.PossibleDuplicates"/>.
/// </summary>
internal sealed partial class DiscordWebhookOutput(
    DiscordRestClient client,
    DiscordWebhookSettings settings,
    DiscordEventRenderer renderer,
    GuildRoleDirectory? roles,
    ILogger<DiscordWebhookOutput> logger,
    DiscordMetrics? metrics = null) : IDeliveryOutput
{
    private const int PackWindow = 1000;
    private readonly DiscordOutputHealth _health = new(settings.Destination, webhook: true, logger, metrics);

    public string Destination => settings.Destination;

    /// <summary>Why this output stopped (401, deleted webhook), for /ready; null while it works.</summary>
    public string? DisabledReason => _health.DisabledReason;

    public int Pack(IReadOnlyList<OutboxEntry> pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        if (pending.Count == 0)
        {
            return 0;
        }

        var author = Author(pending[0].Event);
        var sameAuthor = pending.Take(PackWindow).TakeWhile(e => Author(e.Event) == author).ToList();
        return Math.Max(1, MessagePacker.CountFitting(sameAuthor.Select(Render).ToList()));
    }

    public async ValueTask<DeliveryOutcome> DeliverAsync(DeliveryBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_health.DisabledReason is { } disabled)
        {
            return DeliveryOutcome.Disabled(disabled);
        }

        await _health.RefreshRolesAsync(settings.AllowRoleMentions, roles, cancellationToken).ConfigureAwait(false);
        var key = batch.IdempotencyKey;
        var author = Author(batch.Entries[0].Event);
        var messages = MessagePacker.Build(batch.Entries.Select(Render).ToList());
        var part = _health.Progress.Done(key);
        try
        {
            for (; part < messages.Count; part++)
            {
                await client.ExecuteWebhookAsync(settings.WebhookId, settings.Token, messages[part], author.Username, author.AvatarUrl, cancellationToken)
                    .ConfigureAwait(false);
                _health.Progress.Advance(key, part + 1);
                var tag = new KeyValuePair<string, object?>("destination", Destination);
                metrics?.MessagesSent.Add(1, tag);
                if (_health.Progress.TakeAmbiguous(key, part))
                {
                    // The earlier attempt of this very message may have been posted too.
                    metrics?.PossibleDuplicates.Add(1, tag);
                    Log.PossibleDuplicate(logger, Destination, key);
                }
            }

            _health.Progress.Complete(key);
            return DeliveryOutcome.Delivered;
        }
        catch (Exception ex) when (ex is DiscordRestException or DiscordTransportException)
        {
            if (ex is DiscordTransportException { IsAmbiguous: true })
            {
                _health.Progress.MarkAmbiguous(key, part);
            }

            return _health.Failed(ex, key);
        }
    }

    private MessageItem Render(OutboxEntry entry)
    {
        var e = entry.Event;
        // With the player as the author, the content is just the message.
        var text = IsChat(e) && e.Message is not null ? Security.GameTextEscaper.Escape(e.Message, DiscordLimits.Content, DiscordLimits.Content) : null;
        return renderer.Render(e, settings.AllowRoleMentions, text);
    }

    private static bool IsChat(FactorioEvent e) => e.Type == "chat" && !string.IsNullOrWhiteSpace(e.Player);

    private (string? Username, string? AvatarUrl) Author(FactorioEvent e) =>
        IsChat(e) ? (WebhookUsername(e.Player!), Avatar(e.Player!)) : (settings.Username is null ? null : WebhookUsername(settings.Username), null);

    private string Avatar(string player)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(player.Trim().ToLowerInvariant())));
        return (settings.AvatarTemplate ?? DiscordWebhookSettings.IdenticonTemplate)
            .Replace("{player}", Uri.EscapeDataString(player), StringComparison.Ordinal)
            .Replace("{hash}", hash, StringComparison.Ordinal);
    }

    /// <summary>
    /// A username Discord accepts: 1-80 code points, without "discord" or "clyde" (rejected by Discord), no
    /// control characters.
    /// </summary>
    internal static string WebhookUsername(string name)
    {
        var clean = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        clean = ReplaceIgnoreCase(ReplaceIgnoreCase(clean, "discord", "disc0rd"), "clyde", "clyd3");
        if (clean.Length == 0)
        {
            clean = "player";
        }

        return CodePoints.Length(clean) <= DiscordLimits.WebhookUsername ? clean : CodePoints.Truncate(clean, DiscordLimits.WebhookUsername);
    }

    private static string ReplaceIgnoreCase(string text, string word, string with) => text.Replace(word, with, StringComparison.OrdinalIgnoreCase);
}
