namespace FactorioIsr.ChatBridge;

/// <summary>
/// The names that <c>&lt;@id&gt;</c>, <c>&lt;@&amp;id&gt;</c> and <c>&lt;#id&gt;</c> in a Discord text stand for, as far as
/// the caller knows them: a message's <c>mentions</c> (users, with their member nick), an interaction's
/// <c>data.resolved</c> (users, members, roles, channels). A mention whose id is not here reads <c>@user</c>,
/// <c>@role</c> or <c>#channel</c>.
/// </summary>
internal sealed record DiscordMentionNames(
    IReadOnlyDictionary<ulong, string> Users,
    IReadOnlyDictionary<ulong, string> Roles,
    IReadOnlyDictionary<ulong, string> Channels)
{
    public static DiscordMentionNames None { get; } = new(
        new Dictionary<ulong, string>(), new Dictionary<ulong, string>(), new Dictionary<ulong, string>());
}
