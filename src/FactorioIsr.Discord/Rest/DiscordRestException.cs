using System.Net;

namespace FactorioIsr.Discord.Rest;

/// <summary>
/// Discord answered with an error. Carries the HTTP status, Discord's JSON error code (e.g. 50035, 10003,
/// 50013), its message, and the raw <c>errors</c> object flattened into readable field paths.
/// </summary>
public class DiscordRestException : Exception
{
    internal DiscordRestException(HttpStatusCode statusCode, int code, string message, string? errorsJson, IReadOnlyList<string> fieldErrors)
        : base(Describe(statusCode, code, message, fieldErrors))
    {
        StatusCode = statusCode;
        Code = code;
        DiscordMessage = message;
        ErrorsJson = errorsJson;
        FieldErrors = fieldErrors;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>Discord's JSON error code; 0 when the body had none.</summary>
    public int Code { get; }

    public string DiscordMessage { get; }

    /// <summary>The raw <c>errors</c> object of a 50035, if any.</summary>
    public string? ErrorsJson { get; }

    /// <summary>Lines like <c>embeds[0].fields[6].value[BASE_TYPE_MAX_LENGTH]: Must be 1024 or fewer in length.</c></summary>
    public IReadOnlyList<string> FieldErrors { get; }

    /// <summary>Worth retrying later: 429 and 5xx. A 4xx is a fact about the request, not the moment.</summary>
    public virtual bool IsTransient => StatusCode == HttpStatusCode.TooManyRequests || (int)StatusCode >= 500;

    /// <summary>The token is invalid (401): nothing on this client will work until it is replaced.</summary>
    public bool IsUnauthorized => StatusCode == HttpStatusCode.Unauthorized;

    private static string Describe(HttpStatusCode status, int code, string message, IReadOnlyList<string> fieldErrors)
    {
        var head = $"Discord {(int)status} {status}" + (code != 0 ? $" (code {code})" : "") + ": " + message;
        return fieldErrors.Count == 0 ? head : head + " [" + string.Join("; ", fieldErrors) + "]";
    }
}

/// <summary>A 429 we chose not to wait out inline (too long, or a Cloudflare ban), or the invalid-request circuit.</summary>
public sealed class DiscordRateLimitedException : DiscordRestException
{
    internal DiscordRateLimitedException(string message, TimeSpan retryAfter, string? scope, bool isCloudflare)
        : base(HttpStatusCode.TooManyRequests, 0, message, null, [])
    {
        RetryAfter = retryAfter;
        Scope = scope;
        IsCloudflare = isCloudflare;
    }

    public TimeSpan RetryAfter { get; }

    public string? Scope { get; }

    /// <summary>An HTML 429 from Cloudflare (an IP ban): back off hard.</summary>
    public bool IsCloudflare { get; }

    public override bool IsTransient => true;
}

/// <summary>
/// No HTTP answer: refused connection, timeout, or a connection dropped mid-request. <see cref="IsAmbiguous"/>
/// tells whether Discord may have processed the request anyway (a timeout or a dropped connection after sending).
/// </summary>
public sealed class DiscordTransportException : Exception
{
    internal DiscordTransportException(string message, bool isAmbiguous, Exception? inner)
        : base(message, inner)
    {
        IsAmbiguous = isAmbiguous;
    }

    public bool IsAmbiguous { get; }

    /// <summary>Always worth retrying later (the retry may duplicate when <see cref="IsAmbiguous"/>).</summary>
    public bool IsTransient { get; } = true;
}
