using FactorioIsr.Delivery.DiscordOutputs.Mentions;
using FactorioIsr.Discord.Messages;
using FactorioIsr.Events;

namespace FactorioIsr.Delivery.DiscordOutputs;

/// <summary>Event → message item (line or embed) with its allowed mentions. Pure apart from the mention snapshot.</summary>
internal sealed class DiscordEventRenderer(DiscordLooks looks, MentionResolver mentions)
{
    // The reference's EmbedBuilder colours.
    private const int Info = 0x3498DB;
    private const int Warning = 0xFFA500;
    private const int Error = 0xFF0000;
    private const int Factorio = 0xFF6B00;

    public MentionResolver Mentions { get; } = mentions;

    /// <summary>Renders one event. <paramref name="text"/> replaces the event's Text (webhook chat shows just the message).</summary>
    public MessageItem Render(FactorioEvent e, bool allowPings, string? text = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        var body = text ?? e.Text;
        if (looks.For(e) == DiscordLook.Embed)
        {
            return MessageItem.ForEmbed(ToEmbed(e, body));
        }

        var (line, allowed) = Mentions.Resolve(body, allowPings);
        return MessageItem.ForLine(line.Length == 0 ? "\u200B" : line, allowed);
    }

    private static DiscordEmbed ToEmbed(FactorioEvent e, string text)
    {
        var (title, color) = e.Type.ToLowerInvariant() switch
        {
            "stats" => ($"📊 {e.Server} stats", Info),
            "alert" => ($"⚠️ Alert: {e.Server}", Warning),
            "security" => ($"🛡️ Security: {e.Server}", Error),
            _ => ($"{e.Type}: {e.Server}", Factorio),
        };
        var fields = e.Fields
            .Where(f => f.Key is not ("player" or "message") && f.Value.Length > 0)
            .Take(DiscordLimits.EmbedFields)
            .Select(f => new DiscordEmbedField(
                Security.GameTextEscaper.Escape(f.Key, DiscordLimits.EmbedFieldName, DiscordLimits.EmbedFieldName),
                Security.GameTextEscaper.Escape(f.Value, DiscordLimits.EmbedFieldValue, DiscordLimits.EmbedFieldValue),
                Inline: true))
            .ToList();
        return new DiscordEmbed
        {
            Title = title,
            Description = text.Length == 0 ? null : text,
            Color = color,
            Timestamp = e.Timestamp,
            Footer = $"Factorio ISR · {e.Server}",
            Fields = fields,
        };
    }
}
