using System.Globalization;
using FactorioIsr.Discord.Messages;
using FactorioIsr.Security;

namespace FactorioIsr.Commands;

/// <summary>The reference's reply looks (reference-system.md §1.2, §1.4): titles, colours and footers.</summary>
internal static class CommandEmbeds
{
    public const int Blue = 0x3498DB;
    public const int Green = 0x00FF00;
    public const int Orange = 0xFFA500;
    public const int Red = 0xFF0000;
    public const int Crimson = 0xDC143C;
    public const string Footer = "Factorio ISR";
    public const string ActionFooter = "Action performed via Discord";

    public static DiscordEmbed Make(string title, int color, string? description = null, IReadOnlyList<DiscordEmbedField>? fields = null, string footer = Footer) => new()
    {
        Title = title,
        Color = color,
        Description = description,
        Fields = fields ?? [],
        Footer = footer,
    };

    /// <summary><c>❌ Error</c>, red, ephemeral.</summary>
    public static DiscordEmbed Error(string message) => Make("❌ Error", Red, message);

    /// <summary>The cooldown notice, sent once (the reference sent it twice).</summary>
    public static DiscordEmbed Cooldown(int seconds) => Make(
        "⏱️ Slow Down!", Orange, string.Create(CultureInfo.InvariantCulture, $"You're using commands too quickly.\nTry again in {seconds} seconds."));

    /// <summary>Game text (player names, RCON replies) made safe for Discord markdown and mentions.</summary>
    public static string Safe(string? text) => GameTextEscaper.Escape(text ?? "");

    /// <summary>An RCON reply as a code block, cut to fit an embed field or description.</summary>
    public static string Block(string? reply, int max = 1000)
    {
        var text = (reply ?? "").Trim().Replace("```", "`\u200b``", StringComparison.Ordinal);
        if (text.Length == 0)
        {
            return "*(no output)*";
        }

        if (text.Length > max)
        {
            text = text[..(max - 3)] + "...";
        }

        return "```\n" + text + "\n```";
    }

    public static DiscordEmbedField Field(string name, string value, bool inline = true) => new(name, value.Length == 0 ? "\u200b" : value, inline);
}
