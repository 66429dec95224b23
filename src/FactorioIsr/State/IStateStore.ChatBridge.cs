namespace FactorioIsr.State;

/// <summary>One chat line the bridge relayed into a server's game: the hash of the exact line, and when.</summary>
internal sealed record RelayedChatLine(string Server, string Hash, DateTimeOffset RelayedAt);

/// <summary>
/// The chat bridge's loop guard: the lines it recently relayed into each game, so their echo in console.log
/// (<c>[CHAT] &lt;server&gt;: [Discord] Name: text</c>) is not posted back to Discord, even when it is read after a restart.
/// </summary>
internal partial interface IStateStore
{
    /// <summary>
    /// Records a relayed line, and in the same transaction forgets every line relayed before
    /// <paramref name="expireBefore"/> and all but the newest <paramref name="keepPerServer"/> of its server.
    /// </summary>
    ValueTask SaveRelayedChatAsync(RelayedChatLine line, DateTimeOffset expireBefore, int keepPerServer, CancellationToken cancellationToken);

    /// <summary>The lines relayed at or after <paramref name="since"/>, every server, oldest first.</summary>
    ValueTask<IReadOnlyList<RelayedChatLine>> LoadRelayedChatAsync(DateTimeOffset since, CancellationToken cancellationToken);
}
