using FactorioIsr.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Hosting;

/// <summary>Builds and runs the Generic Host of <c>isr run</c>. Logs go to stderr (stdout carries --console output).</summary>
internal static class RelayHost
{
    public static async Task<int> RunAsync(RelaySettings settings, TextWriter stdout, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var log = settings.Configuration.Settings.Log;
        builder.Logging.SetMinimumLevel(log.Level switch
        {
            IsrLogLevel.Debug => LogLevel.Debug,
            IsrLogLevel.Warning => LogLevel.Warning,
            IsrLogLevel.Error => LogLevel.Error,
            IsrLogLevel.Critical => LogLevel.Critical,
            _ => LogLevel.Information,
        });
        if (log.Format == IsrLogFormat.Json)
        {
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = false);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
            });
        }

        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddIsrRelay(settings, stdout);
        using var host = builder.Build();
        // Built before the host starts, so a failure (the state store cannot be opened) is the caller's one line, not
        // the host's logged stack trace.
        _ = host.Services.GetRequiredService<RelayPipeline>();
        await host.RunAsync(cancellationToken).ConfigureAwait(false); // disposes the host (the pipeline, outputs, store) when stopped
        return 0;
    }
}
