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
    /// <param name="alongside">Runs beside the relay once its host is built (the demo's slash command); stopped with it.</param>
    public static async Task<int> RunAsync(RelaySettings settings, TextWriter stdout, CancellationToken cancellationToken, Func<IServiceProvider, CancellationToken, Task>? alongside = null)
    {
        using var host = settings.Http ? Build(settings, stdout) : BuildWithoutHttp(settings, stdout);
        // Built before the host starts, so a failure (the state store cannot be opened) is the caller's one line, not
        // the host's logged stack trace.
        _ = host.Services.GetRequiredService<RelayPipeline>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var beside = alongside?.Invoke(host.Services, stop.Token) ?? Task.CompletedTask;
        try
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false); // disposes the host (the pipeline, outputs, store) when stopped
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await beside.ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>The host with Kestrel, not started: what <see cref="RunAsync"/> runs and what in-process tests start on a port of their own.</summary>
    public static WebApplication Build(RelaySettings settings, TextWriter stdout)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "isr" });
        Configure(builder.Services, builder.Logging, settings, stdout);
        builder.Services.AddIsrHttp(builder.WebHost, settings.Configuration.Settings.Health);
        var app = builder.Build();
        // The exporter listens from now on, so /metrics counts what happened before its first scrape.
        _ = app.Services.GetRequiredService<PrometheusExporter>();
        app.MapIsrEndpoints();
        return app;
    }

    /// <summary>The relay alone (<c>isr demo</c>): no port to bind.</summary>
    private static IHost BuildWithoutHttp(RelaySettings settings, TextWriter stdout)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        Configure(builder.Services, builder.Logging, settings, stdout);
        return builder.Build();
    }

    private static void Configure(IServiceCollection services, Microsoft.Extensions.Logging.ILoggingBuilder logging, RelaySettings settings, TextWriter stdout)
    {
        LogSetup.Configure(logging, settings.Configuration.Settings.Log);
        var shutdown = TimeSpan.FromSeconds(settings.Configuration.Settings.ShutdownTimeoutSeconds);
        services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = shutdown;
            // Kestrel listens while the servers start: /health answers at once, /ready says 503 until start-up finished.
            o.ServicesStartConcurrently = true;
        });
        services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        services.AddIsrRelay(settings, stdout);
    }
}
