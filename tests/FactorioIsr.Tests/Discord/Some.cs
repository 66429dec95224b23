using FactorioIsr.Delivery;
using FactorioIsr.Delivery.DiscordOutputs;
using FactorioIsr.Delivery.DiscordOutputs.Mentions;
using FactorioIsr.Discord.Rest;
using FactorioIsr.Events;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Discord;

/// <summary>Test data for the Discord outputs.</summary>
internal static class Some
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static FactorioEvent Event(string type, string text, string? player = null, string? message = null, IReadOnlyDictionary<string, string>? fields = null, long offset = 0) =>
        new($"s1:console:1:{offset}", "s1", LogSourceKind.Console, type, player, message,
            fields ?? new Dictionary<string, string>(), type, "events", Epoch.AddSeconds(offset), text, text);

    public static FactorioEvent Chat(string player, string message, long offset = 0) =>
        Event("chat", $"💬 **{FactorioIsr.Security.GameTextEscaper.Escape(player)}**: {FactorioIsr.Security.GameTextEscaper.Escape(message)}", player, message, offset: offset);

    public static List<OutboxEntry> Entries(string destination, IEnumerable<FactorioEvent> events) =>
        events.Select((e, i) => new OutboxEntry(i + 1, destination, e, 0)).ToList();

    public static DiscordEventRenderer Renderer(MentionsConfig? mentions = null) => new(DiscordLooks.Default, new MentionResolver(mentions ?? MentionsConfig.Empty));

    public static DiscordChannelOutput ChannelOutput(DiscordRestClient client, string channelId, bool allowRoleMentions = false, MentionsConfig? mentions = null, string? guildId = null)
    {
        var renderer = Renderer(mentions);
        var roles = guildId is null ? null : new GuildRoleDirectory(client, guildId, renderer.Mentions, client.Time);
        return new DiscordChannelOutput(client, new DiscordChannelSettings(channelId, allowRoleMentions), renderer, roles, NullLogger<DiscordChannelOutput>.Instance);
    }

    public static DiscordWebhookOutput WebhookOutput(DiscordRestClient client, string name, string id, string token, string? avatarTemplate = null, DiscordMetrics? metrics = null) =>
        new(client, new DiscordWebhookSettings(name, id, token, AvatarTemplate: avatarTemplate, Username: "Factorio ISR"), Renderer(), null,
            NullLogger<DiscordWebhookOutput>.Instance, metrics);

    /// <summary>
    /// What the outbox dispatcher does (another feature): Pack, persist, deliver the same batch until it is not
    /// transient. Returns the outcome of each batch in order.
    /// </summary>
    public static async Task<List<DeliveryOutcome>> DrainAsync(IDeliveryOutput output, List<OutboxEntry> pending, Func<int, Task>? onTransient = null, int maxAttemptsPerBatch = 100)
    {
        var outcomes = new List<DeliveryOutcome>();
        var offset = 0;
        while (offset < pending.Count)
        {
            var rest = pending.Skip(offset).ToList();
            var count = Math.Clamp(output.Pack(rest), 1, rest.Count);
            var batch = new DeliveryBatch(output.Destination, rest.Take(count).ToList());
            for (var attempt = 1; ; attempt++)
            {
                var outcome = await output.DeliverAsync(batch, TestContext.Current.CancellationToken);
                if (outcome.Status != DeliveryStatus.Transient || attempt >= maxAttemptsPerBatch)
                {
                    outcomes.Add(outcome);
                    break;
                }

                if (onTransient is not null)
                {
                    await onTransient(attempt);
                }
            }

            if (outcomes[^1].Status == DeliveryStatus.OutputDisabled)
            {
                break;
            }

            offset += count;
        }

        return outcomes;
    }
}
