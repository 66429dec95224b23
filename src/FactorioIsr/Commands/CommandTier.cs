namespace FactorioIsr.Commands;

/// <summary>
/// The reference's cooldown tiers (reference-system.md §1.3), which are also the permission tiers: query commands are
/// open to everyone, admin and danger commands need a configured role or Discord's Administrator permission.
/// </summary>
internal enum CommandTier
{
    /// <summary>No cooldown, open to everyone (servers, connect, help).</summary>
    None,

    /// <summary>5 uses per 30 s, open to everyone.</summary>
    Query,

    /// <summary>3 uses per 60 s; moderator or admin roles.</summary>
    Admin,

    /// <summary>1 use per 120 s; admin roles only.</summary>
    Danger,
}
