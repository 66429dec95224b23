using FactorioIsr.Discord.Rest.RateLimits;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Discord.Rest;

internal sealed partial class DiscordRestClient
{
    /// <summary>Event ids 4100-4199: Discord REST.</summary>
    private static partial class Log
    {
        [LoggerMessage(4100, LogLevel.Warning, "Discord {Route}: transport failure ({Reason}); ambiguous: {Ambiguous}")]
        public static partial void TransportFailed(ILogger logger, string route, string reason, bool ambiguous);

        [LoggerMessage(4101, LogLevel.Warning, "Discord {Route}: server error {Status}")]
        public static partial void ServerError(ILogger logger, string route, int status);

        [LoggerMessage(4102, LogLevel.Information, "Discord {Route}: rate limited ({Verdict}), retry after {RetryAfter}")]
        public static partial void RateLimited(ILogger logger, string route, RateLimitVerdict verdict, TimeSpan retryAfter);

        [LoggerMessage(4103, LogLevel.Error, "Discord {Route}: Cloudflare 429 (HTML, an IP ban); every route pauses for {Backoff}")]
        public static partial void CloudflareBan(ILogger logger, string route, TimeSpan backoff);

        [LoggerMessage(4104, LogLevel.Error, "Discord rejected the bot token; bot routes stop until it is replaced: {Reason}")]
        public static partial void TokenRejected(ILogger logger, string reason);

        [LoggerMessage(4105, LogLevel.Error, "Discord: {Threshold} invalid requests in 10 minutes; refusing to send for {Wait} to avoid a Cloudflare ban")]
        public static partial void InvalidRequestCircuitOpen(ILogger logger, int threshold, TimeSpan wait);
    }
}
