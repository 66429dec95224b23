using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FactorioIsr.FakeDiscord;

public sealed partial class FakeDiscordServer
{
    private FakeGateway? _gateway;

    /// <summary>The fake's gateway, served on the same port (<see cref="FakeGateway.Url"/>).</summary>
    public FakeGateway Gateway => LazyInitializer.EnsureInitialized(ref _gateway, () => new FakeGateway(this, f => Record(f)));

    /// <summary>Takes WebSocket requests to the gateway paths; false for everything else.</summary>
    private async Task<bool> TryServeGatewayAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        if (path is not (FakeGateway.Path or FakeGateway.ResumePath))
        {
            return false;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return true;
        }

        await Gateway.ServeAsync(context);
        return true;
    }

    /// <summary>The body of <c>GET /gateway/bot</c>: the fake's gateway URL and the scripted session start limit.</summary>
    private FakeResult GatewayBot()
    {
        var limit = Gateway.SessionStartLimit;
        return new FakeResult(200, new JsonObject
        {
            ["url"] = Gateway.Url.ToString().TrimEnd('/'),
            ["shards"] = 1,
            ["session_start_limit"] = new JsonObject
            {
                ["total"] = limit.Total,
                ["remaining"] = limit.Remaining,
                ["reset_after"] = (long)limit.ResetAfter.TotalMilliseconds,
                ["max_concurrency"] = limit.MaxConcurrency,
            },
        }.ToJsonString());
    }
}
