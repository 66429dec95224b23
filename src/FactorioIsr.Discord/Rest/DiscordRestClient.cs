using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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
    private readonly DiscordRestMetrics? _metrics;
    private volatile string? _unauthorizedReason;
    private long _requests;

    /// <param name="metrics">Where 429s are counted by scope; null: not measured.</param>
    public DiscordRestClient(HttpMessageHandler handler, DiscordRestOptions options, TimeProvider time, ILogger<DiscordRestClient> logger, DiscordRestMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _metrics = metrics;
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
    internal Task<TResponse?> SendAsync<TRequest, TResponse>(
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
        return SendContentAsync(route, payload is null ? null : () => JsonContent(payload), responseInfo, retryAmbiguous, cancellationToken);
    }

    /// <summary>
    /// <see cref="SendAsync{TRequest, TResponse}"/> with any body: <paramref name="content"/> makes a fresh
    /// <see cref="HttpContent"/> for each attempt (multipart uploads: <c>DiscordRestClient.Attachments.cs</c>).
    /// </summary>
    internal async Task<TResponse?> SendContentAsync<TResponse>(
        DiscordRoute route,
        Func<HttpContent>? content,
        JsonTypeInfo<TResponse>? responseInfo,
        bool retryAmbiguous,
        CancellationToken cancellationToken)
        where TResponse : class
    {
        if (Interlocked.Increment(ref _requests) % 4096 == 0)
        {
            // Buckets of channels and webhooks no longer used would otherwise accumulate in a long-running process.
            RateLimiter.Sweep(TimeSpan.FromHours(1));
        }

        using var backoff = _options.ServerErrorBackoff.Delays().GetEnumerator();
        while (true)
        {
            ThrowIfBlocked(route);
            var bucket = await RateLimiter.AcquireAsync(route, _options.MaxInlineRateLimitWait, cancellationToken).ConfigureAwait(false);
            var released = false;
            HttpResponseMessage? response = null;
            try
            {
                Exception? transportError = null;
                var ambiguous = false;
                try
                {
                    response = await SendOnceAsync(route, content, cancellationToken).ConfigureAwait(false);
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
                        try
                        {
                            return await JsonSerializer.DeserializeAsync(stream, responseInfo, cancellationToken).ConfigureAwait(false);
                        }
                        catch (JsonException ex)
                        {
                            // A 2xx we cannot read (a proxy's page?): the request may well have taken effect.
                            throw new DiscordTransportException($"{route.RouteKey}: unreadable {(int)response.StatusCode} response", isAmbiguous: true, ex);
                        }
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

    private static ByteArrayContent JsonContent(byte[] payload)
    {
        var content = new ByteArrayContent(payload);
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    private async Task<HttpResponseMessage> SendOnceAsync(DiscordRoute route, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(route.Method, new Uri(_baseUrl, route.Path.TrimStart('/')));
        request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        if (route.Authenticated)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bot " + _options.Token);
        }

        if (content is not null)
        {
            request.Content = content();
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
}
