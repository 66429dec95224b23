using System.Buffers;
using System.Text.Json;
using FactorioIsr.Configuration;
using FactorioIsr.Health;
using FactorioIsr.Hosting;
using FactorioIsr.State;

namespace FactorioIsr.Http;

/// <summary>An HTTP answer: a status code and a UTF-8 JSON body.</summary>
internal sealed record HttpAnswer(int StatusCode, byte[] Body);

/// <summary>
/// The bodies of <c>/health</c> and <c>/ready</c>, written from one <see cref="HealthSnapshot"/>. Every string that
/// comes from the configuration or an error goes through the <see cref="SecretRedactor"/>: no body carries a secret.
/// </summary>
internal sealed class HealthResponses(
    RelayHealth health,
    RelayPipeline pipeline,
    IStateStore store,
    HealthProbe probe,
    ConfigStatus config,
    TimeProvider time)
{
    private static readonly DateTimeOffset ProcessStart = new(System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime());
    private SecretRedactor Secrets => config.Current.Configuration.Secrets;

    /// <summary>Liveness: 200 <c>{"status":"healthy","service":"factorio-isr",...}</c>, 503 only when the process cannot make progress.</summary>
    public HttpAnswer Health()
    {
        var snapshot = health.Capture();
        var problem = probe.Check(snapshot);
        return new HttpAnswer(problem is null ? 200 : 503, Write(w =>
        {
            w.WriteString("status", problem is null ? "healthy" : "unhealthy");
            w.WriteString("service", "factorio-isr");
            w.WriteString("version", Cli.VersionCommand.InformationalVersion);
            w.WriteNumber("uptime_seconds", Math.Round(Math.Max(0, (time.GetUtcNow() - ProcessStart).TotalSeconds), 3));
            w.WriteBoolean("started", snapshot.Started);
            w.WriteBoolean("ready", Reasons(snapshot).Count == 0);
            WriteSeconds(w, "since_last_commit_seconds", snapshot.Ingest.SinceLastCommit);
            w.WriteNumber("ingest_queued", snapshot.Ingest.Queued);
            w.WriteNumber("outbox_rows", snapshot.Ingest.OutboxRows);
            Text(w, "reason", problem);
        }));
    }

    /// <summary>Readiness: 200 when started, the store commits, Discord is not disabled and some RCON session (if any) is up.</summary>
    public async Task<HttpAnswer> ReadyAsync(CancellationToken cancellationToken)
    {
        var snapshot = health.Capture();
        var oldest = await OldestAsync(snapshot, cancellationToken).ConfigureAwait(false);
        var reasons = Reasons(snapshot);
        return new HttpAnswer(reasons.Count == 0 ? 200 : 503, Write(w =>
        {
            w.WriteString("status", reasons.Count == 0 ? "ready" : "not_ready");
            w.WriteString("service", "factorio-isr");
            w.WriteBoolean("started", snapshot.Started);
            w.WriteStartArray("reasons");
            foreach (var reason in reasons)
            {
                w.WriteStringValue(Secrets.Redact(reason));
            }

            w.WriteEndArray();
            WriteConfig(w);
            w.WriteStartObject("state");
            Text(w, "location", snapshot.State.Location);
            Text(w, "error", snapshot.State.Error);
            w.WriteEndObject();
            w.WriteStartObject("ingest");
            w.WriteNumber("outbox_rows", snapshot.Ingest.OutboxRows);
            w.WriteNumber("outbox_bytes", snapshot.Ingest.OutboxBytes);
            w.WriteNumber("queued", snapshot.Ingest.Queued);
            WriteSeconds(w, "since_last_commit_seconds", snapshot.Ingest.SinceLastCommit);
            w.WriteEndObject();
            WriteServers(w, snapshot, oldest);
            w.WriteStartArray("destinations");
            foreach (var d in snapshot.Destinations)
            {
                WriteDestination(w, d, oldest, snapshot.At);
            }

            w.WriteEndArray();
            WriteDiscord(w, snapshot.Discord, snapshot.Gateway);
        }));
    }

    /// <summary>Why the relay is not ready; empty when it is.</summary>
    public static List<string> Reasons(HealthSnapshot snapshot)
    {
        var reasons = new List<string>();
        if (!snapshot.Started)
        {
            reasons.Add("start-up has not finished");
        }

        if (snapshot.State.Error is { } state)
        {
            reasons.Add("the state store refuses commits: " + state);
        }

        if (snapshot.Discord is { TokenError: { } token })
        {
            reasons.Add("Discord rejected the bot token: " + token);
        }

        if (snapshot.Gateway is { FatalError: { } gateway })
        {
            reasons.Add(gateway);
        }

        foreach (var d in snapshot.Destinations.Where(d => d.State == Delivery.DispatcherState.Disabled))
        {
            reasons.Add($"delivery to {d.Destination} is disabled: {d.LastError}");
        }

        if (snapshot.RconAllDown)
        {
            reasons.Add("none of the servers with RCON configured is connected");
        }

        return reasons;
    }

    private void WriteConfig(Utf8JsonWriter w)
    {
        var error = config.Error;
        w.WriteStartObject("config");
        Text(w, "path", config.Current.Configuration.SourcePath);
        w.WriteNumber("reloads", config.Reloads);
        if (config.LastReload is { } at)
        {
            w.WriteString("last_reload", at);
        }
        else
        {
            w.WriteNull("last_reload");
        }

        w.WriteEndObject();
        if (error is null)
        {
            w.WriteNull("config_error");
            return;
        }

        w.WriteStartArray("config_error");
        foreach (var line in error)
        {
            w.WriteStringValue(Secrets.Redact(line));
        }

        w.WriteEndArray();
    }

    private void WriteServers(Utf8JsonWriter w, HealthSnapshot snapshot, Dictionary<string, DateTimeOffset> oldest)
    {
        var running = pipeline.Servers.Servers;
        var destinations = snapshot.Destinations.ToDictionary(d => d.Destination, StringComparer.Ordinal);
        w.WriteStartArray("servers");
        foreach (var server in snapshot.Servers)
        {
            w.WriteStartObject();
            Text(w, "tag", server.Tag);
            w.WriteStartArray("tailers");
            foreach (var t in server.Tailers)
            {
                WriteTailer(w, t);
            }

            w.WriteEndArray();
            if (server.Rcon is { } rcon)
            {
                w.WriteStartObject("rcon");
                w.WriteString("state", rcon.State);
                w.WriteBoolean("connected", rcon.Connected);
                WriteSeconds(w, "latency_seconds", rcon.Latency);
                Text(w, "last_error", rcon.LastError);
                w.WriteEndObject();
            }
            else
            {
                w.WriteStartObject("rcon");
                w.WriteString("state", "not_configured");
                w.WriteEndObject();
            }

            w.WriteStartArray("delivery");
            if (running.TryGetValue(server.Tag, out var runtime))
            {
                foreach (var key in runtime.Definition.Outputs.Select(o => o.Destination).Distinct(StringComparer.Ordinal))
                {
                    if (destinations.TryGetValue(key, out var d))
                    {
                        WriteDestination(w, d, oldest, snapshot.At);
                    }
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private void WriteTailer(Utf8JsonWriter w, Tailing.TailerStatus t)
    {
        w.WriteStartObject();
        Text(w, "source", t.Source);
        Text(w, "file", t.Path);
        w.WriteNumber("offset", t.Offset);
        var file = new FileInfo(t.Path);
        var exists = !t.Missing && file.Exists;
        if (exists)
        {
            w.WriteNumber("size", file.Length);
            w.WriteNumber("lag_bytes", Math.Max(0, file.Length - t.Offset));
            w.WriteString("last_line_time", new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
        }
        else
        {
            w.WriteNull("size");
            w.WriteNull("lag_bytes");
            w.WriteNull("last_line_time");
        }

        w.WriteBoolean("missing", t.Missing);
        w.WriteBoolean("unreadable", t.Unreadable);
        w.WriteNumber("rotated_files_draining", t.RotatedFilesDraining);
        w.WriteEndObject();
    }

    private void WriteDestination(Utf8JsonWriter w, DestinationHealth d, Dictionary<string, DateTimeOffset> oldest, DateTimeOffset now)
    {
        w.WriteStartObject();
        Text(w, "destination", d.Destination);
        w.WriteString("state", d.State.ToString().ToLowerInvariant());
        if (oldest.TryGetValue(d.Destination, out var at))
        {
            w.WriteBoolean("pending", true);
            w.WriteNumber("oldest_event_age_seconds", Math.Round(Math.Max(0, (now - at).TotalSeconds), 3));
        }
        else
        {
            w.WriteBoolean("pending", false);
            w.WriteNull("oldest_event_age_seconds");
        }

        Text(w, "last_error", d.LastError);
        w.WriteEndObject();
    }

    private void WriteDiscord(Utf8JsonWriter w, DiscordHealth? discord, GatewayHealth? gateway)
    {
        w.WriteStartObject("discord");
        w.WriteStartObject("rest");
        if (discord is null)
        {
            w.WriteString("state", "not_configured");
        }
        else
        {
            w.WriteString("state", discord.TokenError is null ? "ok" : "token_rejected");
            Text(w, "token_error", discord.TokenError);
            w.WriteStartObject("disabled_outputs");
            foreach (var (destination, reason) in discord.DisabledOutputs.OrderBy(x => x.Key, StringComparer.Ordinal))
            {
                w.WriteString(Secrets.Redact(destination), Secrets.Redact(reason));
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartObject("gateway");
        if (gateway is null)
        {
            w.WriteString("state", "not_configured");
        }
        else
        {
            w.WriteString("state", gateway.FatalError is null ? gateway.State : "fatal");
            Text(w, "fatal_error", gateway.FatalError);
            Text(w, "session_id", gateway.SessionId);
            if (gateway.Sequence is { } sequence)
            {
                w.WriteNumber("sequence", sequence);
            }
            else
            {
                w.WriteNull("sequence");
            }

            WriteSeconds(w, "heartbeat_latency_seconds", gateway.Latency);
            WriteSeconds(w, "seconds_since_ack", gateway.LastAckAt is { } ack ? time.GetUtcNow() - ack : null);
            w.WriteNumber("reconnects", gateway.Reconnects);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Per destination with pending rows: the timestamp of its oldest one.</summary>
    private async Task<Dictionary<string, DateTimeOffset>> OldestAsync(HealthSnapshot snapshot, CancellationToken cancellationToken)
    {
        var oldest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (snapshot.Ingest.OutboxRows == 0 || snapshot.State.Error is not null)
        {
            return oldest;
        }

        foreach (var d in snapshot.Destinations)
        {
            try
            {
                var rows = await store.ReadPendingAsync(d.Destination, 0, 1, long.MaxValue, cancellationToken).ConfigureAwait(false);
                if (rows.Count > 0)
                {
                    oldest[d.Destination] = rows[0].Event.Timestamp;
                }
            }
            catch (StateStoreException)
            {
                // The age is a detail; the store's error is in the snapshot already.
            }
            catch (ObjectDisposedException)
            {
                // Stopping.
            }
        }

        return oldest;
    }

    private void Text(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, Secrets.Redact(value));
        }
    }

    private static void WriteSeconds(Utf8JsonWriter w, string name, TimeSpan? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Math.Round(v.TotalSeconds, 3));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
