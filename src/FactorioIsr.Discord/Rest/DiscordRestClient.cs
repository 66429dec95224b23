using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FactorioIsr.Discord.JsonModels;
using FactorioIsr.Discord.Rest.RateLimits;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Discord.Rest;

/// <summary>
/// Discord's REST API over one <see cref="HttpClient"/>: auth and User-Agent, per-bucket and global rate limits,
/// 429 scopes, Cloudflare bans, the invalid-request circuit, and retries of 5xx/timeouts with a backoff policy.
/// Endpoints live in the partial files (<c>DiscordRestClient.Messages.cs</c>, ...).
/// </summary>
internal sealed partial class DiscordRestClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");
    private readonly HttpClient _http;
    private readonly DiscordRestOptions _options;
    private readonly ILogger<DiscordRestClient> _logger;
    private readonly Uri _baseUrl;
    private readonly string _userAgent;
    private volatile string? _unauthorizedReason;

    public DiscordRestClient(HttpMessageHandler handler, DiscordRestOptions options, TimeProvider time, ILogger<DiscordRestClient> logger)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _http = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        var baseText = options.BaseUrl.ToString();
        _baseUrl = new Uri(baseText.EndsWith('/') ? baseText : baseText + "/");
        _userAgent = $"DiscordBot ({options.UserAgentUrl}, {options.Version})";
        Time = time;
        RateLimiter = new RateLimiter(time, options.GlobalRequestsPerSecond);
        InvalidRequests = new InvalidRequestWindow(options.InvalidRequestThreshold);
    }

    public TimeProvider Time { get; }

    public RateLimiter RateLimiter { get; }

    public InvalidRequestWindow InvalidRequests { get; }

    /// <summary>Set after a 401 on a bot route: the token is invalid and bot routes are no longer attempted.</summary>
    public string? UnauthorizedReason => _unauthorizedReason;

    /// <summary>Creates a handler with sane pooling for a long-running process.</summary>
    public static SocketsHttpHandler CreateDefaultHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AutomaticDecompression = DecompressionMethods.All,
    };

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// Sends one logical request, waiting on rate limits and retrying what is safe to retry. With
    /// <paramref name="retryAmbiguous"/> false, a timeout or a dropped connection is not retried (no nonce, no idempotency).
    /// </summary>
    internal async Task<TResponse?> SendAsync<TRequest, TResponse>(
        DiscordRoute route,
        TRequest? body,
        JsonTypeInfo<TRequest>? requestInfo,
        JsonTypeInfo<TResponse>? responseInfo,
        bool retryAmbiguous,
        CancellationToken cancellationToken)
        where TRequest : class
        where TResponse : class
    {
        var payload = body is null || requestInfo is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, requestInfo);
        using var backoff = _options.ServerErrorBackoff.Delays().GetEnumerator();
        while (true)
        {
            ThrowIfBlocked(route);
            var bucket = await RateLimiter.AcquireAsync(route, cancellationToken).ConfigureAwait(false);
            var released = false;
            HttpResponseMessage? response = null;
            try
            {
                Exception? transportError = null;
                var ambiguous = false;
                try
                {
                    response = await SendOnceAsync(route, payload, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    transportError = ex;
                    ambiguous = true;
                }
                catch (HttpRequestException ex)
                {
                    transportError = ex;
                    ambiguous = IsAmbiguous(ex);
                }

                if (response is null)
                {
                    RateLimiter.Release(route, bucket, RateLimitHeaders.Empty);
                    released = true;
                    var reason = transportError is OperationCanceledException ? "timed out" : transportError!.Message;
                    Log.TransportFailed(_logger, route.RouteKey, reason, ambiguous);
                    if ((ambiguous && !retryAmbiguous) || !backoff.MoveNext())
                    {
                        throw new DiscordTransportException($"{route.RouteKey}: {reason}", ambiguous, transportError);
                    }

                    await Task.Delay(backoff.Current, Time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var headers = RateLimitHeaders.Parse(response.Headers);
                if (response.IsSuccessStatusCode)
                {
                    RateLimiter.Release(route, bucket, headers);
                    released = true;
                    if (responseInfo is null || response.StatusCode == HttpStatusCode.NoContent)
                    {
                        return null;
                    }

                    var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    await using (stream.ConfigureAwait(false))
                    {
                        return await JsonSerializer.DeserializeAsync(stream, responseInfo, cancellationToken).ConfigureAwait(false);
                    }
                }

                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                var error = TryParseError(response, text);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var wait = HandleRateLimited(route, bucket, headers, error);
                    RateLimiter.Release(route, bucket, headers);
                    released = true;
                    if (wait > TimeSpan.Zero)
                    {
                        // A sublimit: only this request waits; the bucket itself stays open.
                        await Task.Delay(wait, Time, cancellationToken).ConfigureAwait(false);
                    }

                    continue;
                }

                RateLimiter.Release(route, bucket, headers);
                released = true;
                var exception = CreateException(response.StatusCode, error, text);
                if ((int)response.StatusCode >= 500)
                {
                    Log.ServerError(_logger, route.RouteKey, (int)response.StatusCode);
                    if (backoff.MoveNext())
                    {
                        await Task.Delay(backoff.Current, Time, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    throw exception;
                }

                OnClientError(route, response.StatusCode, exception);
                throw exception;
            }
            finally
            {
                if (!released)
                {
                    RateLimiter.Release(route, bucket, RateLimitHeaders.Empty);
                }

                response?.Dispose();
            }
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(DiscordRoute route, byte[]? payload, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(route.Method, new Uri(_baseUrl, route.Path.TrimStart('/')));
        request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        if (route.Authenticated)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bot " + _options.Token);
        }

        if (payload is not null)
        {
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = JsonMediaType;
        }

        using var timeout = new CancellationTokenSource(_options.RequestTimeout, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
        try
        {
            // Buffer the body under the same timeout, so a server that hangs mid-body is a timeout too.
            await response.Content.LoadIntoBufferAsync(linked.Token).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

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
            Log.CloudflareBan(_logger, route.RouteKey, _options.CloudflareBackoff);
            throw new DiscordRateLimitedException("Cloudflare 429 (non-JSON body): backing off", _options.CloudflareBackoff, headers.Scope, isCloudflare: true);
        }

        var retryAfter = error.RetryAfter is { } seconds && seconds >= 0 ? TimeSpan.FromSeconds(seconds) : headers.RetryAfter ?? TimeSpan.FromSeconds(1);
        var verdict = RateLimiter.OnRateLimited(bucket, headers, retryAfter, error.Global == true);
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
