namespace FactorioIsr.Doctor;

/// <summary>
/// A member's permissions in a guild channel, computed as Discord documents it (Topics/Permissions, "Permission
/// Overwrites"): the <c>@everyone</c> role's permissions ORed with the member's roles'; Administrator grants all;
/// then the channel's <c>@everyone</c> overwrite, the member's roles' overwrites together, and the member's own
/// overwrite, each removing its deny and adding its allow. Pure.
/// </summary>
internal static class ChannelPermissions
{
    public const ulong Administrator = 1UL << 3;
    public const ulong ViewChannel = 1UL << 10;
    public const ulong SendMessages = 1UL << 11;
    public const ulong EmbedLinks = 1UL << 14;
    public const ulong AttachFiles = 1UL << 15;

    /// <summary>What isr needs in a channel it posts to, with the names the Discord client shows.</summary>
    public static IReadOnlyList<(ulong Bit, string Name)> Needed { get; } =
    [
        (ViewChannel, "View Channel"),
        (SendMessages, "Send Messages"),
        (EmbedLinks, "Embed Links"),
        (AttachFiles, "Attach Files"),
    ];

    /// <param name="guildId">The guild's id, which is also its <c>@everyone</c> role's id.</param>
    /// <param name="rolePermissions">Every role of the guild: id and permissions.</param>
    /// <param name="memberId">The member's user id.</param>
    /// <param name="memberRoles">The member's role ids.</param>
    /// <param name="overwrites">The channel's overwrites: id, type (0 role, 1 member), allow, deny.</param>
    public static ulong Compute(
        string guildId,
        IReadOnlyDictionary<string, ulong> rolePermissions,
        string memberId,
        IReadOnlyCollection<string> memberRoles,
        IReadOnlyList<(string Id, int Type, ulong Allow, ulong Deny)> overwrites)
    {
        var permissions = rolePermissions.GetValueOrDefault(guildId);
        foreach (var role in memberRoles)
        {
            permissions |= rolePermissions.GetValueOrDefault(role);
        }

        if ((permissions & Administrator) != 0)
        {
            return ulong.MaxValue;
        }

        foreach (var o in overwrites.Where(o => o.Type == 0 && o.Id == guildId))
        {
            permissions = (permissions & ~o.Deny) | o.Allow;
        }

        ulong allow = 0, deny = 0;
        foreach (var o in overwrites.Where(o => o.Type == 0 && o.Id != guildId && memberRoles.Contains(o.Id)))
        {
            allow |= o.Allow;
            deny |= o.Deny;
        }

        permissions = (permissions & ~deny) | allow;
        foreach (var o in overwrites.Where(o => o.Type == 1 && o.Id == memberId))
        {
            permissions = (permissions & ~o.Deny) | o.Allow;
        }

        return permissions;
    }

    /// <summary>The needed permissions <paramref name="permissions"/> lacks, by name.</summary>
    public static IReadOnlyList<string> Missing(ulong permissions) =>
        [.. Needed.Where(n => (permissions & n.Bit) == 0).Select(n => n.Name)];
}
