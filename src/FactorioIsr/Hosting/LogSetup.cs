using FactorioIsr.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace FactorioIsr.Hosting;

/// <summary>
/// How the host logs: <c>log.format</c> (<c>LOG_FORMAT</c>) <c>json</c> is one JSON object per line (timestamp, level,
/// category, message, event id, exception), <c>console</c> the human single-line format; <c>log.level</c>
/// (<c>LOG_LEVEL</c>) the minimum level. Everything goes to stderr.
/// </summary>
internal static class LogSetup
{
    public static void Configure(ILoggingBuilder logging, LogSettings log)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(Level(log.Level));
        // ASP.NET Core's own information messages (each request, hosting) are noise for a relay.
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (log.Format == IsrLogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = false;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
            });
        }

        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    public static LogLevel Level(IsrLogLevel level) => level switch
    {
        IsrLogLevel.Debug => LogLevel.Debug,
        IsrLogLevel.Warning => LogLevel.Warning,
        IsrLogLevel.Error => LogLevel.Error,
        IsrLogLevel.Critical => LogLevel.Critical,
        _ => LogLevel.Information,
    };
}
