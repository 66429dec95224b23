namespace FactorioIsr.Commands;

/// <summary>What every command can reach: the servers, the registry (for help), the user contexts and the clock.</summary>
internal sealed record CommandEnvironment(ICommandServers Servers, CommandRegistry Registry, UserContexts Contexts, TimeProvider Time)
{
    /// <summary>The security monitor (secmon.yml): checks text from Discord before it enters the game, and serves <c>security</c>; null in tests without one.</summary>
    public Security.SecurityMonitor? Security { get; init; }

    /// <summary>The relay's health line of a status card (outbox, ingest queue, last commit), as the status board shows it; null: none.</summary>
    public Func<string?>? RelayLine { get; init; }

    /// <summary>Why text from Discord may not enter the game (the security monitor's content rules), or null when it may.</summary>
    public string? Refusal(string text) => Security?.CheckOutgoing(text) is { Allowed: false } verdict
        ? $"Not sent: the security monitor's rule `{verdict.Rule}` matched ({verdict.Why})."
        : null;
}
