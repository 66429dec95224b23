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

    /// <summary>LOG_FORMAT (or ISR_LOG_FORMAT) asks for JSON: read before servers.yml, whose problems are then JSON lines too.</summary>
    public static bool JsonRequested(Func<string, string?> environment) =>
        string.Equals((environment("ISR_LOG_FORMAT") ?? environment("LOG_FORMAT"))?.Trim(), "json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Diagnostics as JSON log lines (the shape of the JSON console logger); returns whether any was an error.</summary>
    public static bool ReportJson(IEnumerable<Diagnostic> diagnostics, TextWriter stderr, SecretRedactor? secrets)
    {
        var failed = false;
        foreach (var diagnostic in diagnostics)
        {
            var error = diagnostic.Severity == DiagnosticSeverity.Error;
            var text = diagnostic.ToString();
            stderr.WriteLine(JsonLine(error ? "Error" : "Warning", "FactorioIsr.Configuration", secrets?.Redact(text) ?? text));
            failed |= error;
        }

        return failed;
    }

    public static string JsonLine(string level, string category, string message)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("Timestamp", TimeProvider.System.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteNumber("EventId", 0);
            w.WriteString("LogLevel", level);
            w.WriteString("Category", category);
            w.WriteString("Message", message);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
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
