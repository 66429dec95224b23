using FactorioIsr.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FactorioIsr.Hosting;

/// <summary>
/// Builds and runs the host of <c>isr run</c>: the relay and Kestrel for /health, /ready and /metrics. Logs go to
/// stderr (stdout carries --console output).
/// </summary>
internal static class RelayHost
{
    public static async Task<int> RunAsync(RelaySettings settings, TextWriter stdout, CancellationToken cancellationToken)
    {
        await using var app = Build(settings, stdout);
        // Built before the host starts, so a failure (the state store cannot be opened) is the caller's one line, not
        // the host's logged stack trace.
        _ = app.Services.GetRequiredService<RelayPipeline>();
        await app.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    /// <summary>The host, not started: what <see cref="RunAsync"/> runs and what in-process tests start on a port of their own.</summary>
    public static WebApplication Build(RelaySettings settings, TextWriter stdout)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "isr" });
        LogSetup.Configure(builder.Logging, settings.Configuration.Settings.Log);
        var shutdown = TimeSpan.FromSeconds(settings.Configuration.Settings.ShutdownTimeoutSeconds);
        builder.Services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = shutdown;
            // Kestrel listens while the servers start: /health answers at once, /ready says 503 until start-up finished.
            o.ServicesStartConcurrently = true;
        });
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddIsrRelay(settings, stdout);
        if (!settings.Http)
        {
            return builder.Build();
        }

        builder.Services.AddIsrHttp(builder.WebHost, settings.Configuration.Settings.Health);
        var app = builder.Build();
        // The exporter listens from now on, so /metrics counts what happened before its first scrape.
        _ = app.Services.GetRequiredService<PrometheusExporter>();
        app.MapIsrEndpoints();
        return app;
    }
}
