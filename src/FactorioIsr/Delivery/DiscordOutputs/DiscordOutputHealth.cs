using Microsoft.Extensions.Logging;

namespace FactorioIsr.Delivery.DiscordOutputs;

/// <summary>
/// What the bot and webhook outputs share around a delivery: the progress through a multi-message batch, the reason
/// an output was disabled, the role refresh before rendering mentions, and how a failed request becomes an outcome
/// (metric, log line, disable or dead-letter).
/// </summary>
internal sealed class DiscordOutputHealth(string destination, bool webhook, ILogger logger, DiscordMetrics? metrics)
{
    private string? _disabledReason;

    public BatchProgress Progress { get; } = new();

    /// <summary>Why the output stopped (401, deleted webhook), for /ready; null while it works.</summary>
    public string? DisabledReason => Volatile.Read(ref _disabledReason);

    /// <summary>Refreshes the guild's roles when mentions of roles are allowed; a failure leaves mentions as plain text.</summary>
    public async ValueTask RefreshRolesAsync(bool allowRoleMentions, GuildRoleDirectory? roles, CancellationToken cancellationToken)
    {
        if (allowRoleMentions && roles is not null && await roles.RefreshIfStaleAsync(cancellationToken).ConfigureAwait(false) is { } roleError)
        {
            Log.RolesUnavailable(logger, destination, roleError.Message);
        }
    }

    /// <summary>The outcome of a failed request for the batch <paramref name="key"/>, counted and logged.</summary>
    public DeliveryOutcome Failed(Exception exception, string key)
    {
        var outcome = DiscordOutcomes.FromException(exception, destination, webhook);
        metrics?.Failures.Add(1, new KeyValuePair<string, object?>("destination", destination),
            new KeyValuePair<string, object?>("outcome", outcome.Status.ToString()));
        switch (outcome.Status)
        {
            case DeliveryStatus.OutputDisabled:
                Volatile.Write(ref _disabledReason, outcome.Reason);
                Log.Disabled(logger, destination, outcome.Reason!);
                break;
            case DeliveryStatus.Permanent:
                Progress.Complete(key);
                Log.Permanent(logger, destination, key, outcome.Reason!);
                break;
            default:
                Log.Transient(logger, destination, key, outcome.Reason!);
                break;
        }

        return outcome;
    }
}
