namespace FactorioIsr.State;

/// <summary>The commands' state: the hash of the registered command definitions per scope, and each user's server context.</summary>
internal partial interface IStateStore
{
    /// <summary>The hash of the definitions last registered in <paramref name="scope"/> (<c>global</c> or <c>guild:ID</c>); null when none.</summary>
    ValueTask<string?> LoadCommandHashAsync(string scope, CancellationToken cancellationToken);

    ValueTask SaveCommandHashAsync(string scope, string hash, CancellationToken cancellationToken);

    /// <summary>The server a Discord user chose with <c>/factorio connect</c>; null when none.</summary>
    ValueTask<string?> LoadUserServerAsync(string userId, CancellationToken cancellationToken);

    ValueTask SaveUserServerAsync(string userId, string server, CancellationToken cancellationToken);
}
