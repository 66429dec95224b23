using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands;

/// <summary>
/// What one subcommand is: its name and description (registered with Discord and listed by help), its tier, its options
/// and whether it acts on a server over RCON (such a command defers at once and edits its reply when RCON answered).
/// </summary>
internal sealed record CommandSpec(string Name, string Description, CommandTier Tier, IReadOnlyList<CommandOptionSpec> Options)
{
    /// <summary>A subcommand group (<c>pattern</c> for <c>/factorio pattern test</c>); null for a plain subcommand.</summary>
    public string? Group { get; init; }

    /// <summary>Acts on one server (takes the <c>server</c> option and the user's context).</summary>
    public bool TargetsServer { get; init; } = true;

    /// <summary>Sends RCON: checked for a live session first, deferred, then the reply is edited.</summary>
    public bool UsesRcon { get; init; } = true;

    /// <summary>Runs while RCON is down (its reply says so: <c>status</c> shows the offline card) instead of being refused.</summary>
    public bool AnswersWhileRconDown { get; init; }

    /// <summary>The Lua feature it needs; refused on an <c>achievement_safe</c> server with the reason.</summary>
    public FactorioFeature? Feature { get; init; }

    /// <summary>An example for help and docs, such as <c>kick player: Alice reason: spamming</c>.</summary>
    public string Example { get; init; } = "";

    /// <summary>The top-level command it is registered under (Discord sets <c>default_member_permissions</c> per top-level command).</summary>
    public string TopLevel => Tier is CommandTier.Admin or CommandTier.Danger ? CommandRegistry.AdminCommand : CommandRegistry.PublicCommand;

    /// <summary>How users type it: <c>/factorio players</c>, <c>/factorio-admin kick</c>, <c>/factorio pattern test</c>.</summary>
    public string Path => "/" + TopLevel + (Group is null ? "" : " " + Group) + " " + Name;
}
