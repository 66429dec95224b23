using System.Net;
using FactorioIsr.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FactorioIsr.Http;

/// <summary>
/// The HTTP side of <c>isr run</c>: Kestrel on <c>health.host:health.port</c> (<c>HEALTH_CHECK_HOST</c>,
/// <c>HEALTH_CHECK_PORT</c>; default <c>0.0.0.0:8080</c>) serving <c>GET /health</c>, <c>/ready</c> and <c>/metrics</c>,
/// all read from one <see cref="Health.RelayHealth"/>. Nothing else listens.
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
                o.Listen(address, health.Port);
            }
        });
        services.AddRoutingCore();
        services.AddSingleton(sp => new HealthProbe(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<HealthResponses>();
        services.AddSingleton(sp => new PrometheusExporter(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<MetricsResponse>();
        return services;
    }

    /// <summary>Maps <c>GET /health</c>, <c>/ready</c> and <c>/metrics</c>.</summary>
    public static WebApplication MapIsrEndpoints(this WebApplication app)
    {
        app.UseRouting();
        app.MapGet("/health", (HttpContext context, HealthResponses responses) => SendAsync(context, responses.Health()));
        app.MapGet("/ready", async (HttpContext context, HealthResponses responses) =>
            await SendAsync(context, await responses.ReadyAsync(context.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false));
        app.MapGet("/metrics", (HttpContext context, MetricsResponse metrics) =>
        {
            context.Response.ContentType = MetricsResponse.ContentType;
            context.Response.Headers.CacheControl = "no-store";
            return context.Response.WriteAsync(metrics.Write(), context.RequestAborted);
        });
        return app;
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
}
