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
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(sp => new RelayService(
            settings,
            stdout,
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RelayService>());
        using var host = builder.Build();
        var relay = host.Services.GetRequiredService<RelayService>();
        await host.RunAsync(cancellationToken).ConfigureAwait(false); // disposes the host (and the relay) when stopped
        return relay.ExitCode;
    }
}
