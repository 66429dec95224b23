using Microsoft.Extensions.Logging;

namespace FactorioIsr.Delivery;

/// <summary>Delivery and ingest log messages (event ids 3150-3199).</summary>
internal static partial class DeliveryLog
{
    [LoggerMessage(3150, LogLevel.Error, "cannot commit to the state store ({Reason}); reading is paused and nothing is lost: the lines will be committed when it works again (isr_state_errors)")]
    public static partial void CommitFailed(ILogger logger, string reason);

    [LoggerMessage(3151, LogLevel.Information, "state store writable again after {Failures} failed commits; reading resumes")]
    public static partial void CommitRecovered(ILogger logger, int failures);

    [LoggerMessage(3152, LogLevel.Warning, "parsing a line of {File} at offset {Offset} failed: {Reason}")]
    public static partial void ParseFailed(ILogger logger, string file, long offset, string reason);

    [LoggerMessage(3153, LogLevel.Warning, "{Destination}: delivery failed ({Reason}); retrying the same batch in {Delay} (attempt {Attempt})")]
    public static partial void Transient(ILogger logger, string destination, string reason, TimeSpan delay, int attempt);

    [LoggerMessage(3154, LogLevel.Error, "{Destination}: {Count} event(s) dead-lettered: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string destination, int count, string reason);

    [LoggerMessage(3155, LogLevel.Critical, "{Destination}: output disabled ({Reason}); its events stay in the outbox until it is fixed and isr restarted")]
    public static partial void Disabled(ILogger logger, string destination, string reason);

    [LoggerMessage(3156, LogLevel.Error, "{Destination}: the state store failed ({Reason}); retrying")]
    public static partial void StoreFailed(ILogger logger, string destination, string reason);

    [LoggerMessage(3158, LogLevel.Critical, "the state store is unusable ({Reason}); intake is stopped so nothing is written into nothing: fix the state (see docs/tailing.md, 'Lost state') and restart isr")]
    public static partial void StoreUnusable(ILogger logger, string reason);

    [LoggerMessage(3157, LogLevel.Information, "{Destination}: delivered again after {Attempts} failed attempt(s)")]
    public static partial void Recovered(ILogger logger, string destination, int attempts);
}
