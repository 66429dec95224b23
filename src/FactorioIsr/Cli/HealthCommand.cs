using System.CommandLine;
using System.Globalization;
using FactorioIsr.Configuration;

namespace FactorioIsr.Cli;

/// <summary>
/// <c>isr health</c>: GETs <c>/health</c> of a running relay and exits 0 on 200, 1 otherwise, with one line of output.
/// It is the image's HEALTHCHECK (slim images have no curl).
/// </summary>
internal static class HealthCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var host = new Option<string?>("--host")
        {
            Description = $"Host of the relay's HTTP endpoint. Default: HEALTH_CHECK_HOST, or 127.0.0.1 when that is {ConfigDefaults.HealthHost} or unset.",
        };
        var port = new Option<int?>("--port") { Description = $"Its port. Default: HEALTH_CHECK_PORT or {ConfigDefaults.HealthPort}." };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds to wait for the answer (default 5).",
            DefaultValueFactory = _ => 5,
        };
        var command = new Command("health", """
            Ask a running relay whether it is alive: GET /health on its HTTP port. Exit 0 when it answers 200, 1 otherwise
            (not listening, 503, timeout). Prints one line. Used by the container's HEALTHCHECK.

            Example:
              isr health --port 8080
            """)
        {
            host,
            port,
            timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = Target(parse.GetValue(host), parse.GetValue(port), Environment.GetEnvironmentVariable);
            if (target is null)
            {
                await stderr.WriteLineAsync("isr health: HEALTH_CHECK_PORT must be a port number (1-65535)").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            return await CheckAsync(target, TimeSpan.FromSeconds(Math.Max(0.1, parse.GetValue(timeout))), stdout, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>The URL of /health: flags first, then HEALTH_CHECK_HOST/HEALTH_CHECK_PORT, then the defaults.</summary>
    public static Uri? Target(string? host, int? port, Func<string, string?> environment)
    {
        host ??= environment("HEALTH_CHECK_HOST") is { Length: > 0 } h ? h.Trim() : null;
        if (host is null or "0.0.0.0" or "*" or "+")
        {
            host = "127.0.0.1";
        }
        else if (host is "::" or "[::]")
        {
            host = "::1";
        }

        if (port is null && environment("HEALTH_CHECK_PORT") is { Length: > 0 } p)
        {
            if (!int.TryParse(p.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return null;
            }

            port = parsed;
        }

        port ??= ConfigDefaults.HealthPort;
        if (port is < 1 or > 65535)
        {
            return null;
        }

        var builder = new UriBuilder("http", host, port.Value, "/health");
        return builder.Uri;
    }

    private static async Task<int> CheckAsync(Uri target, TimeSpan timeout, TextWriter stdout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = timeout };
        try
        {
            using var response = await http.GetAsync(target, cancellationToken).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            if (code == 200)
            {
                await stdout.WriteLineAsync($"healthy: {target} answered 200").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync($"unhealthy: {target} answered {code}{Reason(body)}").ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
        }
        catch (HttpRequestException e)
        {
            await stdout.WriteLineAsync($"unhealthy: {target}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await stdout.WriteLineAsync($"unhealthy: {target} did not answer within {timeout.TotalSeconds:0.#} s").ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
        }
    }

    private static string Reason(string body)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("reason", out var reason) && reason.ValueKind == System.Text.Json.JsonValueKind.String
                ? ": " + reason.GetString()
                : "";
        }
        catch (System.Text.Json.JsonException)
        {
            return "";
        }
    }
}
