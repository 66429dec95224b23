using Microsoft.Extensions.Logging;

namespace FactorioIsr.Delivery.DiscordOutputs;

/// <summary>Event ids 4200-4299: Discord outputs.</summary>
internal static partial class Log
{
    [LoggerMessage(4200, LogLevel.Error, "{Destination}: output disabled: {Reason}")]
    public static partial void Disabled(ILogger logger, string destination, string reason);

    [LoggerMessage(4201, LogLevel.Error, "{Destination}: batch {Batch} cannot be delivered (dead-lettered): {Reason}")]
    public static partial void Permanent(ILogger logger, string destination, string batch, string reason);

    [LoggerMessage(4202, LogLevel.Warning, "{Destination}: batch {Batch} not delivered yet: {Reason}")]
    public static partial void Transient(ILogger logger, string destination, string batch, string reason);

    [LoggerMessage(4203, LogLevel.Warning, "{Destination}: batch {Batch} re-sent after an ambiguous failure; it may appear twice")]
    public static partial void PossibleDuplicate(ILogger logger, string destination, string batch);

    [LoggerMessage(4204, LogLevel.Warning, "{Destination}: guild roles unavailable, mentions stay plain text: {Reason}")]
    public static partial void RolesUnavailable(ILogger logger, string destination, string reason);
}
