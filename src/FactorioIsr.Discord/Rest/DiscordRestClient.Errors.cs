using System.Net;
using System.Text.Json;
using FactorioIsr.Discord.JsonModels;
using FactorioIsr.Discord.Rest.RateLimits;

namespace FactorioIsr.Discord.Rest;

/// <summary>Error classification: the 401 stop, the invalid-request circuit, 429 scopes, Discord's error body.</summary>
internal sealed partial class DiscordRestClient
{
    private void ThrowIfBlocked(DiscordRoute route)
    {
        if (route.Authenticated && _unauthorizedReason is { } reason)
        {
            throw new DiscordRestException(HttpStatusCode.Unauthorized, 0, reason + " (not retried: the token was rejected earlier)", null, []);
        }

        var circuit = InvalidRequests.Check(Time.GetUtcNow());
        if (!circuit.CanProceed)
        {
            Log.InvalidRequestCircuitOpen(_logger, InvalidRequests.Threshold, circuit.Wait);
            throw new DiscordRateLimitedException(
                $"{InvalidRequests.Threshold} invalid requests in 10 minutes: refusing to send before Discord bans this IP",
                circuit.Wait,
                "invalid",
                isCloudflare: false);
        }
    }

    /// <summary>Classifies a 429 and returns how long this request alone must wait (sublimits), else zero.</summary>
    private TimeSpan HandleRateLimited(DiscordRoute route, RouteBucket bucket, RateLimitHeaders headers, JsonError? error)
    {
        var now = Time.GetUtcNow();
        if (error is null)
        {
            // No JSON body: Cloudflare's HTML ban page. Stop everything for a long while and surface it.
            RateLimiter.Global.BlockUntil(now + _options.CloudflareBackoff);
            InvalidRequests.Record(now);
            _metrics?.RateLimited("cloudflare");
            Log.CloudflareBan(_logger, route.RouteKey, _options.CloudflareBackoff);
            throw new DiscordRateLimitedException("Cloudflare 429 (non-JSON body): backing off", _options.CloudflareBackoff, headers.Scope, isCloudflare: true);
        }

        var retryAfter = error.RetryAfter is { } seconds && seconds >= 0 ? TimeSpan.FromSeconds(seconds) : headers.RetryAfter ?? TimeSpan.FromSeconds(1);
        var verdict = RateLimiter.OnRateLimited(bucket, headers, retryAfter, error.Global == true);
        _metrics?.RateLimited(DiscordRestMetrics.ScopeOf(verdict));
        if (verdict != RateLimitVerdict.Shared)
        {
            InvalidRequests.Record(now);
        }

        Log.RateLimited(_logger, route.RouteKey, verdict, retryAfter);
        if (retryAfter > _options.MaxInlineRateLimitWait)
        {
            throw new DiscordRateLimitedException($"{route.RouteKey}: rate limited ({verdict}) for {retryAfter}", retryAfter, headers.Scope, isCloudflare: false);
        }

        return verdict == RateLimitVerdict.Sublimit ? retryAfter : TimeSpan.Zero;
    }

    private void OnClientError(DiscordRoute route, HttpStatusCode status, DiscordRestException exception)
    {
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            InvalidRequests.Record(Time.GetUtcNow());
        }

        if (status == HttpStatusCode.Unauthorized && route.Authenticated && _unauthorizedReason is null)
        {
            _unauthorizedReason = exception.Message;
            Log.TokenRejected(_logger, exception.Message);
        }
    }

    private static JsonError? TryParseError(HttpResponseMessage response, string text)
    {
        if (response.Content.Headers.ContentType?.MediaType is not "application/json" || text.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(text, DiscordJsonContext.Default.JsonError);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static DiscordRestException CreateException(HttpStatusCode status, JsonError? error, string text)
    {
        if (error is null)
        {
            var snippet = text.Length > 200 ? text[..200] : text;
            return new DiscordRestException(status, 0, snippet.Length == 0 ? status.ToString() : snippet, null, []);
        }

        var errorsJson = error.Errors is { ValueKind: JsonValueKind.Object } errors ? errors.GetRawText() : null;
        return new DiscordRestException(status, error.Code, error.Message ?? status.ToString(), errorsJson, DiscordErrorFormat.Flatten(error.Errors));
    }

    /// <summary>Could the server have processed the request? Not if the connection was never made.</summary>
    private static bool IsAmbiguous(HttpRequestException exception) => exception.HttpRequestError switch
    {
        HttpRequestError.ConnectionError => false,
        HttpRequestError.NameResolutionError => false,
        HttpRequestError.SecureConnectionError => false,
        HttpRequestError.ProxyTunnelError => false,
        _ => true,
    };
}
