namespace FactorioIsr.Commands;

/// <summary>What every command can reach: the servers, the registry (for help), the user contexts and the clock.</summary>
internal sealed record CommandEnvironment(ICommandServers Servers, CommandRegistry Registry, UserContexts Contexts, TimeProvider Time);
