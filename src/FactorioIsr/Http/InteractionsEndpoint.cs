using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FactorioIsr.Commands;
using FactorioIsr.Discord.Interactions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Http;

/// <summary>
/// <c>POST /interactions</c>: Discord's HTTP delivery of interactions (discord.md §2.4), for deployments behind a load
/// balancer. Mapped only when <c>discord.public_key</c> is set. A request is refused with 401 unless
/// <c>X-Signature-Ed25519</c> is the application key's signature of <c>X-Signature-Timestamp</c> followed by the raw
/// body and then the timestamp is within <see cref="MaxClockSkew"/> of now; a body over <see cref="MaxBodyBytes"/> is 413.
/// PING is answered <c>{"type":1}</c>. Everything else goes to the same <see cref="InteractionRouter"/> as the
/// gateway's INTERACTION_CREATE: its first answer is the response body (<see cref="HttpInteractionAnswer"/>), what it
/// sends afterwards goes through the webhook endpoints as usual.
/// </summary>
internal sealed partial class InteractionsEndpoint
{
    /// <summary>The largest body read (a component interaction carries its whole message: embeds, components).</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>A timestamp further from now than this, either way, is refused (a replayed or delayed request).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Without a first answer from the router this long after receipt, the endpoint defers itself, so the interaction
    /// does not fail at Discord's 3 s; the router's answer then goes out as an edit of <c>@original</c>.
    /// </summary>
    public static readonly TimeSpan FallbackAfter = TimeSpan.FromMilliseconds(2500);

    /// <summary>The longest timestamp header read (Unix seconds; Discord sends 10 digits).</summary>
    private const int MaxTimestampChars = 20;

    private static readonly byte[] Pong = """{"type":1}"""u8.ToArray();

    private readonly InteractionSignature _signature;
    private readonly InteractionRouter _router;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly long[] _counts = new long[Enum.GetValues<Outcome>().Length];

    /// <param name="meters">The host's meter factory (<c>isr_http_interactions_total{outcome}</c>); null: not exported.</param>
    /// <param name="stopping">The host's stopping token: the router's work outlives the request, not the host.</param>
    public InteractionsEndpoint(InteractionSignature signature, InteractionRouter router, TimeProvider time, ILogger<InteractionsEndpoint> logger,
        IMeterFactory? meters = null, CancellationToken stopping = default)
    {
        _signature = signature;
        _router = router;
        _time = time;
        _logger = logger;
        _stopping = stopping;
        meters?.Create(Hosting.IsrMeters.Discord).CreateObservableCounter("isr_http_interactions", Observe, "{request}",
            "Requests to POST /interactions, by outcome: pong, answered, deferred (the endpoint deferred for a slow router), replay, unsigned (signature headers missing or malformed), bad_signature, stale, too_large, unreadable.");
    }

    /// <summary>What became of requests so far, by outcome (tests, /metrics).</summary>
    public long Count(Outcome outcome) => Interlocked.Read(ref _counts[(int)outcome]);

    public async Task HandleAsync(HttpContext context)
    {
        var receivedAt = _time.GetTimestamp();
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsPost(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "POST";
            return;
        }

        var signature = request.Headers["X-Signature-Ed25519"].ToString();
        var timestamp = request.Headers["X-Signature-Timestamp"].ToString();
        if (signature.Length == 0 || timestamp.Length is 0 or > MaxTimestampChars
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            Refuse(context, Outcome.Unsigned, StatusCodes.Status401Unauthorized);
            return;
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            Refuse(context, Outcome.TooLarge, StatusCodes.Status413PayloadTooLarge);
            return;
        }

        // One pooled buffer holds the signed message: the timestamp's ASCII digits, then the raw body.
        JsonInteraction? interaction;
        using (var message = new SignedMessage(timestamp.Length + (int)Math.Min(request.ContentLength ?? 4096, MaxBodyBytes)))
        {
            var prefix = Encoding.ASCII.GetBytes(timestamp, message.Array);
            message.Length = prefix;
            if (!await message.ReadAsync(request.Body, prefix + MaxBodyBytes, context.RequestAborted).ConfigureAwait(false))
            {
                Refuse(context, Outcome.TooLarge, StatusCodes.Status413PayloadTooLarge);
                return;
            }

            if (!_signature.Verify(signature, message.Span))
            {
                BadSignature(_logger);
                Refuse(context, Outcome.BadSignature, StatusCodes.Status401Unauthorized);
                return;
            }

            // After the signature, so only Discord's own requests can log this warning (a skewed clock, or a replay).
            if (!Fresh(seconds))
            {
                Stale(_logger, timestamp, _time.GetUtcNow().ToUnixTimeSeconds());
                Refuse(context, Outcome.Stale, StatusCodes.Status401Unauthorized);
                return;
            }

            interaction = Read(message.Span[prefix..]);
        }

        if (interaction is null)
        {
            Refuse(context, Outcome.Unreadable, StatusCodes.Status400BadRequest);
            return;
        }

        if (interaction.Type == InteractionType.Ping)
        {
            Interlocked.Increment(ref _counts[(int)Outcome.Pong]);
            await WriteAsync(response, Pong, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await AnswerAsync(context, interaction, receivedAt).ConfigureAwait(false);
    }

    /// <summary>Hands the interaction to the router and writes its first answer, or the endpoint's own deferral in time.</summary>
    private async Task AnswerAsync(HttpContext context, JsonInteraction interaction, long receivedAt)
    {
        var answer = new HttpInteractionAnswer(_router.Replies);
        var exchange = new InteractionExchange(interaction, receivedAt, answer.SendAsync);
        answer.Exchange = exchange;
        var work = _router.Start(exchange, _stopping);
        if (work is null)
        {
            // Seen already (delivered twice, or by the gateway too): its first delivery answers it. 202 says "no body".
            Interlocked.Increment(ref _counts[(int)Outcome.Replay]);
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        var wait = FallbackAfter - _time.GetElapsedTime(receivedAt);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var fallback = wait > TimeSpan.Zero ? Task.Delay(wait, _time, timer.Token) : Task.CompletedTask;
        await Task.WhenAny(answer.Reply, work, fallback).ConfigureAwait(false);
        await timer.CancelAsync().ConfigureAwait(false);

        JsonInteractionReply reply;
        if (answer.Reply.IsCompletedSuccessfully)
        {
            reply = answer.Reply.Result;
            Interlocked.Increment(ref _counts[(int)Outcome.Answered]);
        }
        else if (answer.TryDefer(out var deferral))
        {
            // The router finished without answering (an unknown button) or is slow (a role lookup waiting on a rate limit).
            reply = deferral;
            Interlocked.Increment(ref _counts[(int)Outcome.Deferred]);
            Deferred(_logger, interaction.Id, (long)_time.GetElapsedTime(receivedAt).TotalMilliseconds);
        }
        else
        {
            reply = await answer.Reply.ConfigureAwait(false); // it came just now
            Interlocked.Increment(ref _counts[(int)Outcome.Answered]);
        }

        var written = false;
        try
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(reply, InteractionJsonContext.Default.JsonInteractionReply);
            await WriteAsync(context.Response, body, context.RequestAborted).ConfigureAwait(false);
            await context.Response.CompleteAsync().ConfigureAwait(false);
            written = true;
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            WriteFailed(_logger, interaction.Id, e.Message);
        }
        finally
        {
            answer.Written(written);
        }
    }

    private bool Fresh(long unixSeconds)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        return Math.Abs(now - unixSeconds) <= (long)MaxClockSkew.TotalSeconds;
    }

    private JsonInteraction? Read(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, InteractionJsonContext.Default.JsonInteraction) is { Id.Length: > 0, Token.Length: > 0 } interaction ? interaction : null;
        }
        catch (JsonException e)
        {
            Unreadable(_logger, e.Message);
            return null;
        }
    }

    private void Refuse(HttpContext context, Outcome outcome, int status)
    {
        Interlocked.Increment(ref _counts[(int)outcome]);
        context.Response.StatusCode = status;
    }

    private static Task WriteAsync(HttpResponse response, byte[] body, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, cancellationToken).AsTask();
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        foreach (var outcome in Enum.GetValues<Outcome>())
        {
            yield return new Measurement<long>(Count(outcome), new KeyValuePair<string, object?>("outcome", Name(outcome)));
        }
    }

    private static string Name(Outcome outcome) => outcome switch
    {
        Outcome.Pong => "pong",
        Outcome.Answered => "answered",
        Outcome.Deferred => "deferred",
        Outcome.Replay => "replay",
        Outcome.Unsigned => "unsigned",
        Outcome.BadSignature => "bad_signature",
        Outcome.Stale => "stale",
        Outcome.TooLarge => "too_large",
        _ => "unreadable",
    };

    /// <summary>What became of one request.</summary>
    internal enum Outcome
    {
        Pong,
        Answered,
        Deferred,
        Replay,
        Unsigned,
        BadSignature,
        Stale,
        TooLarge,
        Unreadable,
    }

    // Debug: Discord's own endpoint validation sends bad signatures on purpose.
    [LoggerMessage(EventId = 7030, Level = LogLevel.Debug, Message = "POST /interactions: the signature does not verify (401)")]
    private static partial void BadSignature(ILogger logger);

    [LoggerMessage(EventId = 7031, Level = LogLevel.Warning, Message = "POST /interactions: timestamp {Timestamp} is more than 5 minutes from this machine's clock ({Now}); refused (401). Check the clock (NTP) if every interaction is refused")]
    private static partial void Stale(ILogger logger, string timestamp, long now);

    [LoggerMessage(EventId = 7032, Level = LogLevel.Warning, Message = "POST /interactions: the body is not an interaction: {Reason}")]
    private static partial void Unreadable(ILogger logger, string reason);

    [LoggerMessage(EventId = 7033, Level = LogLevel.Warning, Message = "Interaction {Id}: no answer {ElapsedMs} ms after receipt; deferred by the endpoint, the answer will edit the reply")]
    private static partial void Deferred(ILogger logger, string id, long elapsedMs);

    [LoggerMessage(EventId = 7034, Level = LogLevel.Warning, Message = "Interaction {Id}: the HTTP response could not be written: {Reason}")]
    private static partial void WriteFailed(ILogger logger, string id, string reason);
}
