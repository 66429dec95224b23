using FactorioIsr.Discord.Messages;
using FactorioIsr.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Delivery.DiscordOutputs;

/// <summary>
/// Delivers batches to a channel through the bot (<c>POST /channels/{id}/messages</c>). Each message carries a
/// nonce derived from the batch's idempotency key and part index, with <c>enforce_nonce</c>: a retry after an
/// ambiguous failure returns the original message instead of posting twice (exactly once in bot mode).
/// </summary>
internal sealed class DiscordChannelOutput(
    DiscordRestClient client,
    DiscordChannelSettings settings,
    DiscordEventRenderer renderer,
    GuildRoleDirectory? roles,
    ILogger<DiscordChannelOutput> logger,
    DiscordMetrics? metrics = null) : IDeliveryOutput
{
    /// <summary>More lines than this never fit in one 2000-character message.</summary>
    private const int PackWindow = 1000;

    /// <summary>
    /// After 10003 (unknown channel) or 50013 (missing permissions) the channel is not tried again for this long:
    /// its batches are dead-lettered at once, because every further 403/404 counts towards Discord's invalid-request
    /// ban (10,000 per 10 minutes) that would stop every other destination too.
    /// </summary>
    public static readonly TimeSpan BrokenChannelPause = TimeSpan.FromMinutes(10);
    private readonly DiscordOutputHealth _health = new(settings.Destination, webhook: false, logger, metrics);
    private (string Reason, DateTimeOffset Until)? _broken;

    public string Destination => settings.Destination;

    /// <summary>Why this output stopped (401, deleted webhook), for /ready; null while it works.</summary>
    public string? DisabledReason => _health.DisabledReason;

    public int Pack(IReadOnlyList<OutboxEntry> pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var items = pending.Take(PackWindow).Select(Render).ToList();
        return Math.Max(1, MessagePacker.CountFitting(items));
    }

    public async ValueTask<DeliveryOutcome> DeliverAsync(DeliveryBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_health.DisabledReason is { } disabled)
        {
            return DeliveryOutcome.Disabled(disabled);
        }

        if (_broken is { } broken && client.Time.GetUtcNow() < broken.Until)
        {
            return DeliveryOutcome.Permanent($"{broken.Reason} (not retried before {broken.Until:HH:mm:ss} UTC)");
        }

        await _health.RefreshRolesAsync(settings.AllowRoleMentions, roles, cancellationToken).ConfigureAwait(false);
        var messages = MessagePacker.Build(batch.Entries.Select(Render).ToList());
        var key = batch.IdempotencyKey;
        try
        {
            for (var part = _health.Progress.Done(key); part < messages.Count; part++)
            {
                await client.CreateMessageAsync(settings.ChannelId, messages[part], DiscordNonce.For(key, part), cancellationToken).ConfigureAwait(false);
                _health.Progress.Advance(key, part + 1);
                metrics?.MessagesSent.Add(1, new KeyValuePair<string, object?>("destination", Destination));
            }

            _health.Progress.Complete(key);
            _broken = null;
            return DeliveryOutcome.Delivered;
        }
        catch (Exception ex) when (ex is DiscordRestException or DiscordTransportException)
        {
            var outcome = _health.Failed(ex, key);
            if (outcome.Status == DeliveryStatus.Permanent && ex is DiscordRestException { Code: 10003 or 50013 })
            {
                _broken = (outcome.Reason!, client.Time.GetUtcNow() + BrokenChannelPause);
            }

            return outcome;
        }
    }

    private MessageItem Render(OutboxEntry entry) => renderer.Render(entry.Event, settings.AllowRoleMentions);
}
