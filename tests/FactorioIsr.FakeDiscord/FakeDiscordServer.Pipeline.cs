using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FactorioIsr.FakeDiscord.OpenApi;
using Microsoft.AspNetCore.Http;

namespace FactorioIsr.FakeDiscord;

public sealed partial class FakeDiscordServer
{
    private async Task HandleAsync(HttpContext context)
    {
        if (await TryServeGatewayAsync(context))
        {
            return;
        }

        var request = context.Request;
        var now = Options.Time.GetUtcNow();
        var path = request.Path.Value ?? "";
        const string Prefix = "/api/v10";
        var match = path.StartsWith(Prefix + "/", StringComparison.Ordinal) ? FakeRouteTable.Match(request.Method, path[Prefix.Length..]) : null;
        if (match is null)
        {
            Record(new FakeRequest(request.Method, "?", path, "", 404, null, false, now, null));
            await WriteAsync(context, 404, Error(0, "404: Not Found"));
            return;
        }

        string? bodyText = null;
        JsonNode? body = null;
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            bodyText = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var result = Process(context, match, bodyText, ref body, now, out var scope, out var scripted, out var fault);
        Record(new FakeRequest(match.Method, match.LimitKey, path, match.Major, result.Status, scope, scripted, now, bodyText));
        if (fault?.Kind == FakeFaultKind.Hang)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up, as it should.
            }

            return;
        }

        if (fault?.Kind == FakeFaultKind.AcceptThenDrop)
        {
            context.Abort();
            return;
        }

        if (result.Html)
        {
            context.Response.StatusCode = result.Status;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><head><title>Error 1015</title></head><body>You are being rate limited</body></html>", context.RequestAborted);
            return;
        }

        await WriteAsync(context, result.Status, result.Json);
    }

    private FakeResult Process(HttpContext context, FakeRouteMatch match, string? bodyText, ref JsonNode? body, DateTimeOffset now,
        out string? scope, out bool scripted, out FakeFault? fault)
    {
        scope = null;
        scripted = false;
        fault = null;
        var request = context.Request;
        var response = context.Response;
        if (bodyText is not null)
        {
            if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
            {
                return new FakeResult(400, Error(50035, "Invalid Form Body"));
            }

            try
            {
                body = JsonNode.Parse(bodyText);
            }
            catch (JsonException)
            {
                return new FakeResult(400, Error(50109, "The request body contains invalid JSON."));
            }

            if (Options.ValidateOpenApi)
            {
                var errors = OpenApiBodyValidator.Default.Validate(match.Template, match.Method, body);
                if (errors.Count > 0)
                {
                    Record(new FakeValidationFailure(match.Method, match.Template, bodyText, errors));
                }
            }
        }

        if (!request.Headers.UserAgent.ToString().StartsWith("DiscordBot (", StringComparison.Ordinal))
        {
            return new FakeResult(403, Error(40333, "internal network error"));
        }

        if (match.Bot && request.Headers.Authorization.ToString() != "Bot " + Options.Token)
        {
            return new FakeResult(401, Error(0, "401: Unauthorized"));
        }

        var limit = _limits.Find(match.LimitKey);
        var blockKey = (limit?.Bucket ?? match.LimitKey) + "|" + match.Major;
        fault = TakeFault(match.LimitKey, now);
        if (fault is not null)
        {
            scripted = true;
            switch (fault.Kind)
            {
                case FakeFaultKind.ServerError:
                    return new FakeResult(fault.Status, Error(0, fault.Message));
                case FakeFaultKind.Hang:
                    return new FakeResult(0, "");
                case FakeFaultKind.CloudflareHtml:
                    return new FakeResult(429, "", Html: true);
                case FakeFaultKind.Error:
                    return new FakeResult(fault.Status, Error(fault.Code, fault.Message));
                case FakeFaultKind.RateLimit or FakeFaultKind.Sublimit:
                    scope = fault.Kind == FakeFaultKind.Sublimit ? "user" : fault.Scope;
                    if (fault.Kind == FakeFaultKind.RateLimit)
                    {
                        _limits.Block(scope == "global" ? "*global*" : blockKey, now + fault.RetryAfter);
                    }

                    return RateLimited(response, limit, fault.RetryAfter, scope, sublimit: fault.Kind == FakeFaultKind.Sublimit);
                default:
                    scripted = false;
                    break;
            }
        }

        if (match.GlobalLimited)
        {
            var (allowed, retry) = _limits.TakeGlobal(Options.GlobalPerSecond, now);
            if (!allowed)
            {
                scope = "global";
                return RateLimited(response, null, retry, scope, sublimit: false);
            }
        }

        if (_limits.BlockedFor(blockKey, now) is { } blocked)
        {
            // A retry before the scripted 429's retry_after passed.
            scope = "user";
            return RateLimited(response, limit, blocked, scope, sublimit: false);
        }

        if (limit is not null)
        {
            var (allowed, max, remaining, resetAfter) = _limits.Take(limit, match.Major, now);
            SetBucketHeaders(response, limit.Bucket, max, remaining, resetAfter, now);
            if (!allowed)
            {
                scope = "user";
                return RateLimited(response, limit, resetAfter, scope, sublimit: false);
            }
        }

        return Dispatch(match, body, request.Query, now);
    }

    private FakeResult RateLimited(HttpResponse response, FakeRouteLimit? limit, TimeSpan retryAfter, string scope, bool sublimit)
    {
        var now = Options.Time.GetUtcNow();
        if (limit is not null)
        {
            SetBucketHeaders(response, limit.Bucket, limit.Limit, sublimit ? Math.Max(1, limit.Limit - 1) : 0, retryAfter, now);
        }

        var seconds = Math.Ceiling(retryAfter.TotalMilliseconds) / 1000;
        response.Headers["Retry-After"] = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Scope"] = scope;
        response.Headers["Via"] = "1.1 google";
        if (scope == "global")
        {
            response.Headers["X-RateLimit-Global"] = "true";
        }

        var message = scope == "shared" ? "The resource is being rate limited." : "You are being rate limited.";
        var json = new JsonObject { ["message"] = message, ["retry_after"] = seconds, ["global"] = scope == "global" };
        return new FakeResult(429, json.ToJsonString());
    }

    private static void SetBucketHeaders(HttpResponse response, string bucket, int limit, int remaining, TimeSpan resetAfter, DateTimeOffset now)
    {
        response.Headers["X-RateLimit-Bucket"] = bucket;
        response.Headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        // Rounded up to the millisecond: a value rounded down would invite a request a fraction of a millisecond early.
        response.Headers["X-RateLimit-Reset-After"] = (Math.Ceiling(resetAfter.TotalMilliseconds) / 1000).ToString("0.000", CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Reset"] = ((now + resetAfter).ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
    }

    private static string Error(int code, string message, JsonObject? errors = null)
    {
        var json = new JsonObject { ["message"] = message, ["code"] = code };
        if (errors is not null)
        {
            json["errors"] = errors;
        }

        return json.ToJsonString();
    }

    private static async Task WriteAsync(HttpContext context, int status, string? json)
    {
        context.Response.StatusCode = status;
        if (json is not null && status != 204)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(json, context.RequestAborted);
        }
    }

    private readonly record struct FakeResult(int Status, string? Json, bool Html = false);
}
