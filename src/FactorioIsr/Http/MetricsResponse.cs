using System.Diagnostics;
using System.Text;
using FactorioIsr.Health;
using FactorioIsr.Hosting;

namespace FactorioIsr.Http;

/// <summary>
/// The body of <c>/metrics</c>: the service's meters, the gauges read from the same <see cref="HealthSnapshot"/> as
/// <c>/ready</c> (ready, per-tailer lag, per-destination state, RCON), and the process's own metrics.
/// </summary>
internal sealed class MetricsResponse(PrometheusExporter exporter, RelayHealth health, ConfigStatus config)
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly string[] DispatcherStates = ["idle", "delivering", "retrying", "disabled", "stopped"];

    public string Write()
    {
        var snapshot = health.Capture();
        var text = new StringBuilder(8192);
        exporter.WriteTo(text);
        WriteSnapshot(text, snapshot);
        WriteProcess(text);
        return text.ToString();
    }

    private void WriteSnapshot(StringBuilder text, HealthSnapshot snapshot)
    {
        Gauge(text, "isr_ready", "1 when /ready answers 200.", HealthResponses.Reasons(snapshot).Count == 0 ? 1 : 0);
        Gauge(text, "isr_started", "1 once start-up has finished.", snapshot.Started ? 1 : 0);
        Gauge(text, "isr_config_error", "1 while the last reload of the configuration failed.", config.Error is null ? 0 : 1);
        Gauge(text, "isr_config_reloads", "Successful reloads of the configuration since start.", config.Reloads);
        Gauge(text, "isr_state_error", "1 while the state store refuses commits.", snapshot.State.Error is null ? 0 : 1);
        Gauge(text, "isr_ingest_queued", "Items waiting in the ingest queue for the writer.", snapshot.Ingest.Queued);
        Gauge(text, "isr_ingest_seconds_since_commit", "Seconds since the ingest writer last committed (-1 before the first commit).",
            snapshot.Ingest.SinceLastCommit?.TotalSeconds ?? -1);

        PrometheusExporter.Header(text, "isr_tail_lag_bytes", "gauge", "Bytes of a followed file not read yet (relay lag).");
        foreach (var t in snapshot.Servers.SelectMany(s => s.Tailers))
        {
            var file = new FileInfo(t.Path);
            var lag = !t.Missing && file.Exists ? Math.Max(0, file.Length - t.Offset) : 0;
            PrometheusExporter.Sample(text, "isr_tail_lag_bytes", Labels(("server", t.Server), ("source", t.Source)), lag);
        }

        PrometheusExporter.Header(text, "isr_tail_file_missing", "gauge", "1 while a followed file does not exist or cannot be read.");
        foreach (var t in snapshot.Servers.SelectMany(s => s.Tailers))
        {
            PrometheusExporter.Sample(text, "isr_tail_file_missing", Labels(("server", t.Server), ("source", t.Source)), t.Missing || t.Unreadable ? 1 : 0);
        }

        PrometheusExporter.Header(text, "isr_delivery_state", "gauge", "1 for the state each destination's dispatcher is in.");
        foreach (var d in snapshot.Destinations)
        {
            var state = d.State.ToString().ToLowerInvariant();
            foreach (var s in DispatcherStates)
            {
                PrometheusExporter.Sample(text, "isr_delivery_state", Labels(("destination", d.Destination), ("state", s)), s == state ? 1 : 0);
            }
        }

        Gauge(text, "isr_discord_token_rejected", "1 while Discord rejects the bot token (401).", snapshot.Discord is { TokenError: not null } ? 1 : 0);
        PrometheusExporter.Header(text, "isr_rcon_connected", "gauge", "1 while a server's RCON session is connected (servers with an RCON session only).");
        foreach (var s in snapshot.Servers.Where(s => s.Rcon is not null))
        {
            PrometheusExporter.Sample(text, "isr_rcon_connected", Labels(("server", s.Tag)), s.Rcon!.Connected ? 1 : 0);
        }
    }

    private static void WriteProcess(StringBuilder text)
    {
        using var process = Process.GetCurrentProcess();
        Counter(text, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", process.TotalProcessorTime.TotalSeconds);
        Gauge(text, "process_resident_memory_bytes", "Resident memory size in bytes.", process.WorkingSet64);
        Gauge(text, "process_virtual_memory_bytes", "Virtual memory size in bytes.", process.VirtualMemorySize64);
        Gauge(text, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
            new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0);
        if (OperatingSystem.IsLinux() && Directory.Exists("/proc/self/fd"))
        {
            Gauge(text, "process_open_fds", "Number of open file descriptors.", Directory.GetFileSystemEntries("/proc/self/fd").Length);
        }

        Gauge(text, "process_threads", "Threads of the process.", process.Threads.Count);
        Gauge(text, "dotnet_gc_heap_bytes", "Bytes of the managed heap in use.", GC.GetTotalMemory(false));
        PrometheusExporter.Header(text, "dotnet_gc_collections_total", "counter", "Garbage collections, per generation.");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            PrometheusExporter.Sample(text, "dotnet_gc_collections_total", Labels(("generation", generation.ToString(System.Globalization.CultureInfo.InvariantCulture))), GC.CollectionCount(generation));
        }
    }

    private static void Gauge(StringBuilder text, string name, string help, double value)
    {
        PrometheusExporter.Header(text, name, "gauge", help);
        PrometheusExporter.Sample(text, name, "", value);
    }

    private static void Counter(StringBuilder text, string name, string help, double value)
    {
        PrometheusExporter.Header(text, name, "counter", help);
        PrometheusExporter.Sample(text, name, "", value);
    }

    private static string Labels(params (string Key, string Value)[] labels) =>
        PrometheusExporter.Labels(labels.Select(l => new KeyValuePair<string, string>(l.Key, l.Value)));
}
