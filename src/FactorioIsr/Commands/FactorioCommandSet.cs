using FactorioIsr.Commands.Factorio;

namespace FactorioIsr.Commands;

/// <summary>The subcommands ISR registers: the reference's 25, then ours (<c>pattern test</c>, <c>security</c>).</summary>
internal static class FactorioCommandSet
{
    public static CommandRegistry Create() => new(
    [
        new ServersCommand(), new ConnectCommand(), new StatusCommand(), new PlayersCommand(), new VersionCommand(),
        new SeedCommand(), new EvolutionCommand(), new AdminsCommand(), new HealthCommand(), new KickCommand(),
        new BanCommand(), new UnbanCommand(), new MuteCommand(), new UnmuteCommand(), new PromoteCommand(),
        new DemoteCommand(), new SaveCommand(), new BroadcastCommand(), new WhisperCommand(), new WhitelistCommand(),
        new ClockCommand(), new SpeedCommand(), new ResearchCommand(), new RawRconCommand(), new HelpCommand(),
        new PatternTestCommand(), new SecurityCommand(),
    ]);
}
