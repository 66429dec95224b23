using System.Globalization;
using System.Net.Http.Headers;

namespace FactorioIsr.Discord.Rest.RateLimits;

/// <summary>The rate-limit headers of one response, parsed with the invariant culture (values like <c>0.500</c>).</summary>
internal sealed record RateLimitHeaders(
    string? Bucket,
    int? Limit,
    int? Remaining,
    TimeSpan? ResetAfter,
    TimeSpan? RetryAfter,
    bool Global,
    string? Scope,
    bool HasVia)
{
    public static RateLimitHeaders Empty { get; } = new(null, null, null, null, null, false, null, false);

    public static RateLimitHeaders Parse(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return new RateLimitHeaders(
            Get(headers, "X-RateLimit-Bucket"),
            ParseInt(Get(headers, "X-RateLimit-Limit")),
            ParseInt(Get(headers, "X-RateLimit-Remaining")),
            ParseSeconds(Get(headers, "X-RateLimit-Reset-After")),
            ParseSeconds(Get(headers, "Retry-After")),
            string.Equals(Get(headers, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase),
            Get(headers, "X-RateLimit-Scope"),
            headers.Contains("Via"));
    }

    private static string? Get(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static int? ParseInt(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) ? result : null;

    internal static TimeSpan? ParseSeconds(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds < 1e7
            ? TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond))
            : null;
}
