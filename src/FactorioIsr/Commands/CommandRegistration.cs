using System.Globalization;
using FactorioIsr.Configuration;
using FactorioIsr.Discord.Rest;
using FactorioIsr.State;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Commands;

/// <summary>
/// Registers the command definitions at start-up: one bulk overwrite per scope (each of <c>discord.guild_ids</c>, where
/// updates are instant, or global when none is set), and only when the definitions' hash differs from the one kept in
/// the state store for that scope. A restart with unchanged definitions sends nothing (the reference synced globally and
/// per guild on every READY).
/// </summary>
internal sealed partial class CommandRegistration(
    CommandRegistry registry,
    DiscordSettings settings,
    DiscordRestClient rest,
    IStateStore store,
    ILogger<CommandRegistration> logger)
{
    /// <summary>Scopes that were (re-)registered by the last run, and scopes found unchanged.</summary>
    public async Task<(int Registered, int Unchanged)> RunAsync(CancellationToken cancellationToken)
    {
        if (settings.Token is null || settings.Token.IsEmpty)
        {
            return (0, 0);
        }

        var hash = registry.Hash();
        List<string?> scopes = settings.GuildIds.Count > 0
            ? [.. settings.GuildIds.Select(g => g.ToString(CultureInfo.InvariantCulture))]
            : [null];
        string? application = settings.ApplicationId?.ToString(CultureInfo.InvariantCulture);
        var registered = 0;
        var unchanged = 0;
        foreach (var guild in scopes)
        {
            var scope = guild is null ? "global" : "guild:" + guild;
            try
            {
                if (await store.LoadCommandHashAsync(scope, cancellationToken).ConfigureAwait(false) == hash)
                {
                    unchanged++;
                    continue;
                }

                application ??= (await rest.GetCurrentApplicationAsync(cancellationToken).ConfigureAwait(false)).Id;
                await rest.BulkOverwriteCommandsAsync(application, guild, registry.ToJson(), cancellationToken).ConfigureAwait(false);
                await store.SaveCommandHashAsync(scope, hash, cancellationToken).ConfigureAwait(false);
                registered++;
                Registered(logger, scope, hash[..12]);
            }
            catch (Exception e) when (e is DiscordRestException or DiscordTransportException or StateStoreException)
            {
                Failed(logger, scope, e.Message);
            }
        }

        if (unchanged > 0)
        {
            Unchanged(logger, unchanged, hash[..12]);
        }

        return (registered, unchanged);
    }

    [LoggerMessage(EventId = 7020, Level = LogLevel.Information, Message = "Slash commands registered ({Scope}, definitions {Hash})")]
    private static partial void Registered(ILogger logger, string scope, string hash);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Debug, Message = "Slash commands unchanged in {Count} scope(s) (definitions {Hash}): not registered again")]
    private static partial void Unchanged(ILogger logger, int count, string hash);

    [LoggerMessage(EventId = 7022, Level = LogLevel.Error, Message = "Slash commands could not be registered ({Scope}): {Reason}; they are tried again at the next start")]
    private static partial void Failed(ILogger logger, string scope, string reason);
}
