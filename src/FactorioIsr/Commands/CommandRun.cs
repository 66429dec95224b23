using FactorioIsr.Configuration;
using FactorioIsr.Monitoring;
using FactorioIsr.Rcon.Factorio;

namespace FactorioIsr.Commands;

/// <summary>One invocation: who, with what, against which server, and what the commands can reach.</summary>
internal sealed record CommandRun(CommandUser User, CommandArgs Args, ServerConfig? Server, CommandEnvironment Environment)
{
    /// <summary>The target server; only for commands whose spec targets one.</summary>
    public ServerConfig Target => Server ?? throw new InvalidOperationException("This command has no target server.");

    /// <summary>The target's RCON session (checked before a command that uses RCON runs).</summary>
    public ServerMonitor Monitor => Environment.Servers.Monitor(Target.Tag) ?? throw new InvalidOperationException("The server has no RCON session.");

    public FactorioRcon Rcon => Monitor.Rcon;

    /// <summary>Runs one built command on the target and returns its reply.</summary>
    public Task<string> ExecuteAsync(RconCommand command, CancellationToken cancellationToken) => Rcon.ExecuteAsync(command, cancellationToken);

    /// <summary>The builders for the target's version (handshakes if needed).</summary>
    public Task<FactorioCommands> CommandsAsync(CancellationToken cancellationToken) => Rcon.GetCommandsAsync(cancellationToken);
}
