namespace FactorioIsr.Simulator.Rcon;

/// <summary>
/// What the RCON server does with one command: <see cref="Reply"/> null means silence (Factorio ignores empty
/// commands); <see cref="Delay"/> postpones the reply (long commands finish after later short ones);
/// <see cref="AfterReply"/> runs once the reply is sent (used by <c>/sim rcon-down</c> and <c>/sim restart</c>).
/// </summary>
internal sealed record CommandResult(string? Reply, TimeSpan Delay = default, Func<Task>? AfterReply = null)
{
    public static CommandResult Silence { get; } = new((string?)null);
}
