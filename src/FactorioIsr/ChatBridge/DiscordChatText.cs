using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.ChatBridge;

/// <summary>
/// The one encoder of Discord text for the game (the chat bridge, <c>/factorio broadcast</c>, <c>whisper</c>):
/// Discord's markup becomes readable plain text, then <see cref="CommandText.ChatText"/> makes it safe for the chat.
/// <list type="bullet">
/// <item>custom emoji <c>&lt;:name:id&gt;</c> and <c>&lt;a:name:id&gt;</c> → <c>:name:</c>;</item>
/// <item><c>&lt;@id&gt;</c>/<c>&lt;@!id&gt;</c> → <c>@display name</c>, <c>&lt;@&amp;id&gt;</c> → <c>@role name</c>,
/// <c>&lt;#id&gt;</c> → <c>#channel</c> (names from <see cref="DiscordMentionNames"/>; <c>@user</c>, <c>@role</c>,
/// <c>#channel</c> when unknown); <c>&lt;/name:id&gt;</c> → <c>/name</c>; <c>&lt;t:unix:style&gt;</c> → a UTC time;</item>
/// <item>markdown kept readable: <c>**bold**</c>, <c>__underline__</c>, <c>~~strike~~</c> lose their markers, code
/// fences their backticks and language, headings, quotes and subtext their line prefix; <c>[text](url)</c> →
/// <c>text (url)</c>, <c>&lt;url&gt;</c> → <c>url</c>, <c>\*</c> → <c>*</c>; a spoiler <c>||x||</c> → <c>(spoiler)</c>,
/// so the game does not show what Discord hides;</item>
/// <item>attachments → <c>(image: a.png)</c>, <c>(video: ...)</c>, <c>(audio: ...)</c>, <c>(file: ...)</c>;
/// stickers → <c>(sticker: name)</c>;</item>
/// <item>then <see cref="CommandText.ChatText"/>: one line, no control or invisible characters, no rich-text tag
/// (<c>[</c> <c>]</c> become <c>(</c> <c>)</c>), at most <see cref="CommandText.MaxChatLength"/> code points.</item>
/// </list>
/// The result is text, never a command: <see cref="FactorioCommands.Broadcast"/>, <see cref="FactorioCommands.Whisper"/>
/// and <see cref="FactorioCommands.RelayedChat"/> put it into one (and keep a leading <c>/</c> from running).
/// </summary>
internal static partial class DiscordChatText
{
    /// <summary>Discord text longer than this (Nitro allows 4000) is cut before it is parsed.</summary>
    private const int MaxInput = 4096;

    /// <summary>Encodes the text of a slash-command option (no attachments), with the mention names the caller has.</summary>
    public static string Encode(string? content, DiscordMentionNames? names = null, int maxCodePoints = CommandText.MaxChatLength) =>
        Encode(content, names ?? DiscordMentionNames.None, [], [], maxCodePoints);

    /// <summary>Encodes a whole message: its content, then its attachments and stickers as readable notes.</summary>
    public static string Encode(
        string? content,
        DiscordMentionNames names,
        IReadOnlyList<DiscordAttachmentInfo> attachments,
        IReadOnlyList<string> stickers,
        int maxCodePoints = CommandText.MaxChatLength)
    {
        var text = new StringBuilder(Readable(content, names));
        foreach (var attachment in attachments)
        {
            Append(text, $"({KindOf(attachment.ContentType)}: {Piece(attachment.FileName, "file")})");
        }

        foreach (var sticker in stickers)
        {
            Append(text, $"(sticker: {Piece(sticker, "sticker")})");
        }

        return CommandText.ChatText(text.ToString(), maxCodePoints);
    }

    /// <summary>Discord's markup of <paramref name="content"/> as readable text (not yet made safe for the chat).</summary>
    private static string Readable(string? content, DiscordMentionNames names)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return string.Empty;
        }

        var text = content.Length > MaxInput ? content[..MaxInput] : content;
        try
        {
            text = CodeFence().Replace(text, "$1");
            text = Spoiler().Replace(text, "(spoiler)");
            text = Mention().Replace(text, m => MentionText(m, names));
            text = MaskedLink().Replace(text, "$1 ($2)");
            text = AngleLink().Replace(text, "$1");
            text = LinePrefix().Replace(text, "");
            text = Bold().Replace(text, "$1");
            text = Underline().Replace(text, "$1");
            text = Strike().Replace(text, "$1");
            return Escaped().Replace(text, "$1");
        }
        catch (RegexMatchTimeoutException)
        {
            return text; // still made safe by ChatText; only the markup stays as typed
        }
    }

    private static string MentionText(Match match, DiscordMentionNames names)
    {
        if (match.Groups["emoji"].Success)
        {
            return ":" + match.Groups["emoji"].Value + ":";
        }

        if (match.Groups["command"].Success)
        {
            return "/" + match.Groups["command"].Value;
        }

        if (match.Groups["time"].Success)
        {
            return long.TryParse(match.Groups["time"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var unix)
                && unix is >= -62135596800 and <= 253402300799
                ? DateTimeOffset.FromUnixTimeSeconds(unix).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
                : "(time)";
        }

        _ = ulong.TryParse(match.Groups["id"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id);
        return match.Groups["kind"].Value switch
        {
            "@&" => "@" + Piece(names.Roles.GetValueOrDefault(id), "role"),
            "#" => "#" + Piece(names.Channels.GetValueOrDefault(id), "channel"),
            _ => "@" + Piece(names.Users.GetValueOrDefault(id), "user"),
        };
    }

    /// <summary>A name from Discord, made one plain piece (a name cannot bring its own markup or newlines).</summary>
    private static string Piece(string? value, string fallback)
    {
        var text = CommandText.ChatText(value, 100);
        return text.Length == 0 ? fallback : text;
    }

    private static string KindOf(string? contentType) => contentType switch
    {
        not null when contentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) => "image",
        not null when contentType.StartsWith("video/", StringComparison.OrdinalIgnoreCase) => "video",
        not null when contentType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) => "audio",
        _ => "file",
    };

    private static void Append(StringBuilder text, string note)
    {
        if (text.Length > 0)
        {
            text.Append(' ');
        }

        text.Append(note);
    }

    // ```lang\n code ``` → code (the language word only when a newline follows it).
    [GeneratedRegex(@"```(?:[A-Za-z0-9_+#.-]{1,20}\n)?([\s\S]*?)```", RegexOptions.CultureInvariant, 200)]
    private static partial Regex CodeFence();

    [GeneratedRegex(@"\|\|[\s\S]+?\|\|", RegexOptions.CultureInvariant, 200)]
    private static partial Regex Spoiler();

    [GeneratedRegex(
        @"<(?:a?:(?<emoji>[A-Za-z0-9_~]{1,32}):\d{1,20}|/(?<command>[\w -]{1,100}):\d{1,20}|t:(?<time>-?\d{1,15})(?::[tTdDfFRsS])?|(?<kind>@!|@&|@|#)(?<id>\d{1,20}))>",
        RegexOptions.CultureInvariant, 200)]
    private static partial Regex Mention();

    [GeneratedRegex(@"\[([^\[\]\n]{1,256})\]\(<?(https?://[^\s()<>]{1,2048})>?\)", RegexOptions.CultureInvariant, 200)]
    private static partial Regex MaskedLink();

    [GeneratedRegex(@"<(https?://[^\s<>]{1,2048})>", RegexOptions.CultureInvariant, 200)]
    private static partial Regex AngleLink();

    // Headings (#, ##, ###), subtext (-#) and quotes (>, >>>) at the start of a line.
    [GeneratedRegex(@"^[ \t]*(?:#{1,3}|-#|>>>|>)[ \t]+", RegexOptions.CultureInvariant | RegexOptions.Multiline, 200)]
    private static partial Regex LinePrefix();

    [GeneratedRegex(@"\*\*(?=\S)([\s\S]+?)\*\*", RegexOptions.CultureInvariant, 200)]
    private static partial Regex Bold();

    [GeneratedRegex(@"__(?=\S)([\s\S]+?)__", RegexOptions.CultureInvariant, 200)]
    private static partial Regex Underline();

    [GeneratedRegex(@"~~(?=\S)([\s\S]+?)~~", RegexOptions.CultureInvariant, 200)]
    private static partial Regex Strike();

    [GeneratedRegex(@"\\([\\*_~`|>#\[\]()<:/-])", RegexOptions.CultureInvariant, 200)]
    private static partial Regex Escaped();
}
