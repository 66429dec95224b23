namespace FactorioIsr.Configuration;

/// <summary>
/// A Discord webhook URL: <c>.../webhooks/ID/TOKEN</c> with a numeric id. One parser for <c>isr check</c> and the
/// webhook output, so a URL that check accepts is one the relay can post to.
/// </summary>
internal static class WebhookUrl
{
    public static bool TryParse(string url, out string webhookId, out string token)
    {
        webhookId = "";
        token = "";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return false;
        }

        var segments = uri.AbsolutePath.Trim('/').Split('/');
        var at = Array.IndexOf(segments, "webhooks");
        if (at < 0 || segments.Length < at + 3)
        {
            return false;
        }

        webhookId = segments[at + 1];
        token = segments[at + 2];
        return webhookId.Length > 0 && webhookId.All(char.IsAsciiDigit) && token.Length > 0;
    }
}
