using System.Globalization;
using System.Numerics;
using FactorioIsr.Discord.Interactions;

namespace FactorioIsr.Commands;

/// <summary>Who invoked an interaction: id, display name, guild roles and channel permissions (a bit set).</summary>
internal sealed record CommandUser(string Id, string Name, IReadOnlyList<string> RoleIds, BigInteger Permissions)
{
    /// <summary>Discord's ADMINISTRATOR permission bit (0x8).</summary>
    public static readonly BigInteger Administrator = 0x8;

    public bool IsAdministrator => (Permissions & Administrator) == Administrator;

    public static CommandUser From(JsonInteraction interaction)
    {
        var user = interaction.Member?.User ?? interaction.User;
        var name = interaction.Member?.Nick ?? user?.GlobalName ?? user?.Username ?? user?.Id ?? "unknown";
        var permissions = BigInteger.TryParse(interaction.Member?.Permissions, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) ? bits : BigInteger.Zero;
        return new CommandUser(user?.Id ?? "", name, interaction.Member?.Roles ?? [], permissions);
    }
}
