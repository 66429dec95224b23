using FactorioIsr.Delivery.DiscordOutputs.Mentions;
using FactorioIsr.Discord.Rest;

namespace FactorioIsr.Delivery.DiscordOutputs;

/// <summary>Keeps a <see cref="MentionResolver"/> fed with the guild's roles (for alias-by-role-name), refreshed every 10 minutes.</summary>
internal sealed class GuildRoleDirectory(DiscordRestClient client, string guildId, MentionResolver resolver, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(10);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;
    private volatile bool _invalidated;

    public MentionResolver Resolver { get; } = resolver;

    public void Dispose() => _gate.Dispose();

    /// <summary>The roles are fetched again at the next refresh (mentions.yml was reloaded).</summary>
    public void Invalidate() => _invalidated = true;

    /// <summary>Refreshes when stale. A failure keeps the last roles: mentions degrade to plain text, delivery goes on.</summary>
    public async ValueTask<Exception?> RefreshIfStaleAsync(CancellationToken cancellationToken)
    {
        if (!Resolver.NeedsRoles || (!_invalidated && time.GetUtcNow() - _loadedAt < RefreshEvery))
        {
            return null;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_invalidated && time.GetUtcNow() - _loadedAt < RefreshEvery)
            {
                return null;
            }

            // Try again after a full period even when this attempt fails, so a missing permission is no request storm.
            _loadedAt = time.GetUtcNow();
            _invalidated = false;
            Resolver.UpdateRoles(await client.GetGuildRolesAsync(guildId, cancellationToken).ConfigureAwait(false));
            return null;
        }
        catch (Exception ex) when (ex is DiscordRestException or DiscordTransportException)
        {
            return ex;
        }
        finally
        {
            _gate.Release();
        }
    }
}
