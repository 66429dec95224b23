using System.Collections.Concurrent;
using FactorioIsr.State;

namespace FactorioIsr.Commands;

/// <summary>
/// Each Discord user's current server (<c>/factorio connect</c>), kept in the state store so it survives restarts,
/// with an in-memory copy. A user without one gets the first server of servers.yml.
/// </summary>
internal sealed class UserContexts(IStateStore store)
{
    private readonly ConcurrentDictionary<string, string?> _cache = new(StringComparer.Ordinal);

    public async ValueTask<string?> GetAsync(string userId, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(userId, out var cached))
        {
            return cached;
        }

        var stored = await store.LoadUserServerAsync(userId, cancellationToken).ConfigureAwait(false);
        _cache[userId] = stored;
        return stored;
    }

    public async ValueTask SetAsync(string userId, string tag, CancellationToken cancellationToken)
    {
        await store.SaveUserServerAsync(userId, tag, cancellationToken).ConfigureAwait(false);
        _cache[userId] = tag;
    }
}
