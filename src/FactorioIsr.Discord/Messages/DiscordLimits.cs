namespace FactorioIsr.Discord.Messages;

/// <summary>Discord's message limits, in Unicode code points (Discord counts code points, not UTF-16 units).</summary>
internal static class DiscordLimits
{
    public const int Content = 2000;
    public const int EmbedsPerMessage = 10;
    public const int EmbedTitle = 256;
    public const int EmbedDescription = 4096;
    public const int EmbedFields = 25;
    public const int EmbedFieldName = 256;
    public const int EmbedFieldValue = 1024;
    public const int EmbedFooter = 2048;
    public const int EmbedAuthor = 256;

    /// <summary>Title + description + field names/values + footer + author over all embeds of one message.</summary>
    public const int EmbedTotal = 6000;

    public const int WebhookUsername = 80;
    public const int Nonce = 25;
}
