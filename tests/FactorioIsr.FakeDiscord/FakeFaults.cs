namespace FactorioIsr.FakeDiscord;

/// <summary>What a scripted fault does to a matching request.</summary>
public enum FakeFaultKind
{
    /// <summary>Answer with <see cref="FakeFault.Status"/> (5xx) and a JSON error body.</summary>
    ServerError,

    /// <summary>Never answer; the request hangs until the client gives up.</summary>
    Hang,

    /// <summary>Process the request (record the message), then abort the connection without a response.</summary>
    AcceptThenDrop,

    /// <summary>A JSON 429 of <see cref="FakeFault.Scope"/> (<c>user</c>, <c>global</c>, <c>shared</c>) with <see cref="FakeFault.RetryAfter"/>.</summary>
    RateLimit,

    /// <summary>A 429 with <c>X-RateLimit-Remaining</c> &gt; 0: a sublimit.</summary>
    Sublimit,

    /// <summary>Cloudflare's HTML 429 (no JSON, no Via header).</summary>
    CloudflareHtml,

    /// <summary>A Discord JSON error: <see cref="FakeFault.Status"/>, <see cref="FakeFault.Code"/>, <see cref="FakeFault.Message"/>.</summary>
    Error,
}

/// <summary>
/// A scripted fault for requests whose route key (<c>POST /channels/{channel_id}/messages</c>) matches
/// <see cref="Route"/> (null = every route): for the next <c>count</c> matching requests, or until <see cref="Until"/>.
/// </summary>
public sealed class FakeFault
{
    private int _remaining;

    public FakeFault(FakeFaultKind kind, string? route = null, int count = 1, DateTimeOffset? until = null)
    {
        Kind = kind;
        Route = route;
        _remaining = until is null ? count : int.MaxValue;
        Until = until;
    }

    public FakeFaultKind Kind { get; }

    public string? Route { get; }

    public DateTimeOffset? Until { get; }

    public int Status { get; init; } = 500;

    public int Code { get; init; }

    public string Message { get; init; } = "Internal Server Error";

    public string Scope { get; init; } = "user";

    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests this fault has hit.</summary>
    public int Hits { get; private set; }

    internal bool TryConsume(string route, DateTimeOffset now)
    {
        if (Route is not null && Route != route)
        {
            return false;
        }

        if (Until is { } until)
        {
            if (now >= until)
            {
                return false;
            }
        }
        else if (Interlocked.Decrement(ref _remaining) < 0)
        {
            return false;
        }

        Hits++;
        return true;
    }
}
