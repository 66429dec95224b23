using System.Collections.Concurrent;
using System.Globalization;
using FactorioIsr.Configuration;
using FactorioIsr.Discord.Messages;

namespace FactorioIsr.Commands;

/// <summary>
/// Who may run what. Query commands: everyone. Admin-tier commands: members with a moderator or admin role
/// (<c>discord.moderator_role_ids</c>/<c>_names</c>, <c>discord.admin_role_ids</c>/<c>_names</c>). Danger level (ban,
/// unban, promote, demote, rcon, speed, <c>research all</c>): admin roles only. Discord's Administrator permission may run
/// everything. Role names are matched case-insensitively against the guild's roles, read once per 5 minutes.
/// </summary>
internal sealed class CommandPermissions(
    DiscordSettings settings,
    Func<string, CancellationToken, Task<IReadOnlyList<DiscordRole>>>? guildRoles,
    TimeProvider time)
{
    private static readonly TimeSpan RoleCacheTime = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, IReadOnlyList<DiscordRole> Roles)> _roles = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="user"/> may run a command needing <paramref name="level"/>.</summary>
    public async ValueTask<bool> AllowsAsync(CommandUser user, CommandTier level, string? guildId, CancellationToken cancellationToken)
    {
        if (level is CommandTier.None or CommandTier.Query || user.IsAdministrator)
        {
            return true;
        }

        var admin = await HasRoleAsync(user, settings.AdminRoleIds, settings.AdminRoleNames, guildId, cancellationToken).ConfigureAwait(false);
        if (admin)
        {
            return true;
        }

        return level == CommandTier.Admin
            && await HasRoleAsync(user, settings.ModeratorRoleIds, settings.ModeratorRoleNames, guildId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The denial text: what the member lacks and what to configure.</summary>
    public static string Denied(CommandTier level) => level == CommandTier.Danger
        ? "This command needs an admin role (discord.admin_role_ids or admin_role_names) or the Administrator permission."
        : "This command needs a moderator or admin role (discord.moderator_role_ids/_names, admin_role_ids/_names) or the Administrator permission.";

    private async ValueTask<bool> HasRoleAsync(CommandUser user, IReadOnlyList<ulong> ids, IReadOnlyList<string> names, string? guildId, CancellationToken cancellationToken)
    {
        foreach (var role in user.RoleIds)
        {
            if (ulong.TryParse(role, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && ids.Contains(id))
            {
                return true;
            }
        }

        if (names.Count == 0 || user.RoleIds.Count == 0 || guildId is null || guildRoles is null)
        {
            return false;
        }

        var roles = await RolesAsync(guildId, cancellationToken).ConfigureAwait(false);
        return roles.Any(r => user.RoleIds.Contains(r.Id, StringComparer.Ordinal) && names.Contains(r.Name, StringComparer.OrdinalIgnoreCase));
    }

    private async ValueTask<IReadOnlyList<DiscordRole>> RolesAsync(string guildId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_roles.TryGetValue(guildId, out var cached) && now - cached.At < RoleCacheTime)
        {
            return cached.Roles;
        }

        try
        {
            var roles = await guildRoles!(guildId, cancellationToken).ConfigureAwait(false);
            _roles[guildId] = (now, roles);
            return roles;
        }
        catch (Exception e) when (e is Discord.Rest.DiscordRestException or Discord.Rest.DiscordTransportException)
        {
            // Unknown roles deny (fail closed); the last good list is kept if there is one.
            return cached.Roles ?? [];
        }
    }
}
