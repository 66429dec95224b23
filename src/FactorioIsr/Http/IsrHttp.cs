using System.Net;
using FactorioIsr.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FactorioIsr.Http;

/// <summary>
/// The HTTP side of <c>isr run</c>: Kestrel on <c>health.host:health.port</c> (<c>HEALTH_CHECK_HOST</c>,
/// <c>HEALTH_CHECK_PORT</c>; default <c>0.0.0.0:8080</c>) serving <c>GET /health</c>, <c>/ready</c> and <c>/metrics</c>,
/// all read from one <see cref="Health.RelayHealth"/>, and <c>POST /interactions</c> when <c>discord.public_key</c> is set
/// (<see cref="InteractionsEndpoint"/>). Nothing else listens.
/// </summary>
internal static class IsrHttp
{
    /// <summary>Registers Kestrel (listening where <paramref name="health"/> says) and what the endpoints read.</summary>
    public static IServiceCollection AddIsrHttp(this IServiceCollection services, IWebHostBuilder web, HealthSettings health)
    {
        web.UseKestrelCore().ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            foreach (var address in Addresses(health.Host))
            {
                // HTTP/1.1 only: probes and Prometheus speak it, and HTTP/2's code is never loaded.
                o.Listen(address, health.Port, l => l.Protocols = HttpProtocols.Http1);
            }
        });
        services.AddSingleton(sp => new HealthProbe(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<HealthResponses>();
        services.AddSingleton(sp => new PrometheusExporter(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<MetricsResponse>();
        return services;
    }

    /// <summary>
    /// Serves <c>GET /health</c>, <c>/ready</c> and <c>/metrics</c> from one terminal middleware: three fixed paths need
    /// no routing (ASP.NET Core's endpoint routing, its matcher and its code cost several MB of idle memory). Paths
    /// match as routing matched them (case-insensitive, a trailing slash allowed); another path is 404, another
    /// method 405.
    /// </summary>
    public static WebApplication MapIsrEndpoints(this WebApplication app)
    {
        var responses = app.Services.GetRequiredService<HealthResponses>();
        var metrics = app.Services.GetRequiredService<MetricsResponse>();
        var interactions = app.Services.GetService<InteractionsEndpoint>(); // only with discord.public_key
        app.Run(context => interactions is not null && IsInteractions(context) ? interactions.HandleAsync(context) : HandleAsync(context, responses, metrics));
        return app;
    }

    private static bool IsInteractions(HttpContext context) =>
        (context.Request.Path.Value ?? "").TrimEnd('/').Equals("/interactions", StringComparison.OrdinalIgnoreCase);

    private static async Task HandleAsync(HttpContext context, HealthResponses responses, MetricsResponse metrics)
    {
        var path = (context.Request.Path.Value ?? "").TrimEnd('/');
        var endpoint = path.Equals("/health", StringComparison.OrdinalIgnoreCase) ? Endpoint.Health
            : path.Equals("/ready", StringComparison.OrdinalIgnoreCase) ? Endpoint.Ready
            : path.Equals("/metrics", StringComparison.OrdinalIgnoreCase) ? Endpoint.Metrics
            : Endpoint.None;
        if (endpoint == Endpoint.None)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET";
            return;
        }

        switch (endpoint)
        {
            case Endpoint.Health:
                await SendAsync(context, responses.Health()).ConfigureAwait(false);
                break;
            case Endpoint.Ready:
                await SendAsync(context, await responses.ReadyAsync(context.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);
                break;
            default:
                context.Response.ContentType = MetricsResponse.ContentType;
                context.Response.Headers.CacheControl = "no-store";
                await context.Response.WriteAsync(metrics.Write(), context.RequestAborted).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>The addresses a host setting means: <c>0.0.0.0</c>, <c>::</c>, <c>localhost</c>, an IP, or a name resolved now.</summary>
    public static IReadOnlyList<IPAddress> Addresses(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return [IPAddress.Loopback];
        }

        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
        {
            return [ip];
        }

        return [.. Dns.GetHostAddresses(host).Take(1)];
    }

    private static Task SendAsync(HttpContext context, HttpAnswer answer)
    {
        context.Response.StatusCode = answer.StatusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.Body.WriteAsync(answer.Body, context.RequestAborted).AsTask();
    }

    private enum Endpoint
    {
        None,
        Health,
        Ready,
        Metrics,
    }
}
