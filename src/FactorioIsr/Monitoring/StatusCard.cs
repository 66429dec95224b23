using System.Globalization;
using System.Text;
using FactorioIsr.Discord.Messages;
using FactorioIsr.Monitoring.Chart;
using FactorioIsr.Rcon;
using FactorioIsr.Rcon.Factorio;
using FactorioIsr.Security;
using FactorioIsr.State;

namespace FactorioIsr.Monitoring;

/// <summary>
/// The status card of one server, built from its <see cref="ServerMonitor"/>: online or offline with since when, UPS
/// now / SMA / EMA with the last hour as a text sparkline, players, map time, evolution, research, last save, RCON,
/// achievement-safe mode, paused, and optionally the relay's health line; plus the PNG chart of UPS and players over
/// the last 24 h of the sample history (<see cref="ChartFileName"/>, referred to by the embed as
/// <c>attachment://ups.png</c>). The status board edits it in place (<c>stats_mode: edit</c>); <c>/factorio status</c>
/// replies with it. Figures are what the monitor read, never invented: a part not read yet says so.
/// </summary>
/// <param name="Embed">The embed (its image names the chart when there is one).</param>
/// <param name="Text">The same as plain lines (the console and JSONL look, and a text fallback).</param>
/// <param name="Chart">The PNG, or null when not asked for.</param>
internal sealed record StatusCard(DiscordEmbed Embed, string Text, byte[]? Chart)
{
    /// <summary>The chart's attachment name.</summary>
    public const string ChartFileName = StatusChart.FileName;

    /// <summary>How far back the chart goes.</summary>
    public static readonly TimeSpan ChartWindow = TimeSpan.FromHours(24);

    /// <summary>What the footer (and the text) says when a chart was asked for and there is no sample history to draw.</summary>
    public const string NoHistoryNote = "no chart yet: no UPS samples recorded in the last 24 h";

    /// <summary>How far back the sparkline goes.</summary>
    public static readonly TimeSpan SparklineWindow = TimeSpan.FromHours(1);

    private const int Green = 0x2ECC71;
    private const int Orange = 0xE67E22;
    private const int Red = 0xE74C3C;
    private const int Grey = 0x95A5A6;
    private const string Levels = "▁▂▃▄▅▆▇█";

    /// <summary>The card as a message that pings nothing (the chart, if any, is uploaded beside it).</summary>
    public DiscordMessage ToMessage() => new(null, [Embed], AllowedMentions.None);

    /// <summary>The chart as the files of a message (none when the card has no chart).</summary>
    public IReadOnlyList<DiscordFile> Files => Chart is { } png ? [new DiscordFile(ChartFileName, png)] : [];

    /// <summary>
    /// Builds the card of <paramref name="monitor"/>'s server now: the one place the status board and
    /// <c>/factorio status</c> get it from. The chart comes from the monitor's <see cref="ServerMonitor.Charts"/>: a kept
    /// one no older than <see cref="StatusCardOptions.ChartMaxAge"/>, else one render (concurrent callers share it).
    /// With no sample history in the last 24 h there is no chart, and the footer says why.
    /// </summary>
    /// <param name="monitor">The server's monitor.</param>
    /// <param name="options">What to include; <see cref="StatusCardOptions.Default"/> for the chart from the kept state.</param>
    /// <param name="cancellationToken">Cancels the store read (and the RCON reads with <see cref="StatusCardOptions.Refresh"/>).</param>
    public static async Task<StatusCard> BuildAsync(ServerMonitor monitor, StatusCardOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Refresh)
        {
            try
            {
                await monitor.ReadStatsAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RconException)
            {
                // Down: the card says so, with the last stats read.
            }
        }

        var now = monitor.Time.GetUtcNow();
        // Without the chart only the sparkline's hour is shown: the board's frequent edits read 120 points, not 2,880.
        var history = await monitor.LoadHistoryAsync(now - (options.Chart ? ChartWindow : SparklineWindow), cancellationToken).ConfigureAwait(false);
        if (!options.Chart)
        {
            return Compose(monitor, history, options.Relay, now, withChart: false);
        }

        if (history.Count == 0)
        {
            return Compose(monitor, history, options.Relay, now, withChart: false, NoHistoryNote);
        }

        var title = $"{monitor.Monitoring.Label}: UPS and players, last 24 h (UTC)";
        var chart = await monitor.Charts.GetAsync(now, options.ChartMaxAge, () => StatusChart.Render(title, history, ChartWindow, now)).ConfigureAwait(false);
        var note = now - chart.At >= TimeSpan.FromSeconds(1) ? $"chart from {MonitorEvents.Duration(now - chart.At)} ago" : null;
        return Compose(monitor, history, options.Relay, now, withChart: true, note) with { Chart = chart.Png };
    }

    /// <summary>The embed and text (no chart rendered; <paramref name="withChart"/> only names it in the embed).</summary>
    /// <param name="chartNote">A note on the chart for the footer and the text (its age, or why there is none).</param>
    internal static StatusCard Compose(ServerMonitor monitor, IReadOnlyList<HistoryPoint> history, string? relay, DateTimeOffset now, bool withChart, string? chartNote = null)
    {
        var label = GameTextEscaper.Escape(monitor.Monitoring.Label);
        var online = monitor.Client.IsConnected;
        var since = monitor.RconView.Since;
        var stats = monitor.LastStats;
        var ups = monitor.Sampler.Last;
        var alert = monitor.AlertState.Active;
        var fields = new List<DiscordEmbedField>();

        var state = online
            ? "🟢 Online" + (since is { } s ? " for " + MonitorEvents.Duration(now - s) : "")
            : "🔴 Offline" + (since is { } d ? $" for {MonitorEvents.Duration(now - d)} (since {d.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC)" : "");
        if (online && ups is { Paused: true })
        {
            state += " · ⏸️ paused (the game does not advance)";
        }

        if (alert)
        {
            state += " · ⚠️ low UPS";
        }

        if (!online && stats is { } before)
        {
            state += $"\nThe figures below were read {MonitorEvents.Duration(now - before.At)} ago, before RCON went down.";
        }

        fields.Add(new DiscordEmbedField("UPS", UpsText(ups, history, now, online), Inline: false));
        if (stats is { } snapshot)
        {
            var reading = snapshot.Reading;
            fields.Add(new DiscordEmbedField($"👥 Players ({reading.Players.Count})", Players(reading.Players), Inline: true));
            if (reading.MapAge is { } age)
            {
                fields.Add(new DiscordEmbedField("⏰ Map time", MapAge.Format(age), Inline: true));
            }

            if (reading.Evolution is { Count: > 0 } evolution)
            {
                var text = string.Join(" · ", evolution.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{GameTextEscaper.Escape(e.Key)} {MonitorEvents.Percent(e.Value)}"));
                fields.Add(new DiscordEmbedField("🐛 Evolution", Clip(text), Inline: false));
            }

            if (reading.Research is { } research)
            {
                var progress = research.Progress is { } p ? string.Create(CultureInfo.InvariantCulture, $" {p * 100:0}%") : "";
                var current = research.Current is { Length: > 0 } name ? GameTextEscaper.Escape(name) + progress : "none";
                fields.Add(new DiscordEmbedField("🔬 Research", $"{current} ({research.Researched}/{research.Total} done)", Inline: true));
            }
        }
        else
        {
            fields.Add(new DiscordEmbedField("👥 Players", "not read yet", Inline: true));
        }

        fields.Add(new DiscordEmbedField("💾 Last save", monitor.LastSaveAt is { } saved ? MonitorEvents.Duration(now - saved) + " ago" : "none seen since isr started", Inline: true));
        fields.Add(new DiscordEmbedField("🔌 RCON", RconText(monitor, now), Inline: true));
        if (monitor.Monitoring.AchievementSafe)
        {
            fields.Add(new DiscordEmbedField("🏆 Achievement-safe", "no Lua: UPS from /time, no evolution or research", Inline: false));
        }

        if (relay is { Length: > 0 })
        {
            fields.Add(new DiscordEmbedField("📡 Relay", Clip(relay), Inline: false));
        }

        var footer = (stats is { } last ? $"Factorio ISR · stats read {MonitorEvents.Duration(now - last.At)} ago" : "Factorio ISR")
            + (chartNote is null ? "" : " · " + chartNote);
        var embed = new DiscordEmbed
        {
            Title = $"🏭 {label} status",
            Description = state,
            Color = !online ? Red : alert ? Orange : ups is { Paused: true } ? Grey : Green,
            Timestamp = now,
            Footer = footer,
            Fields = fields,
            ImageUrl = withChart ? "attachment://" + ChartFileName : null,
        };

        var lines = new StringBuilder().Append("🏭 **").Append(label).Append(" status**\n").Append(state);
        foreach (var field in fields)
        {
            lines.Append('\n').Append(field.Name).Append(": ").Append(field.Value.Replace('\n', ' '));
        }

        if (chartNote is not null)
        {
            lines.Append('\n').Append(chartNote);
        }

        return new StatusCard(embed, lines.ToString(), null);
    }

    /// <summary>The last hour of UPS as block characters, scaled to the target (60 × speed); <c>·</c> where paused or missing.</summary>
    public static string Sparkline(IReadOnlyList<HistoryPoint> history, DateTimeOffset now, double target, int width = 30)
    {
        var start = now - SparklineWindow;
        var buckets = new (double Sum, int Count, bool Paused)[width];
        foreach (var point in history)
        {
            if (point.At < start || point.At > now)
            {
                continue;
            }

            var index = Math.Clamp((int)((point.At - start).Ticks * width / SparklineWindow.Ticks), 0, width - 1);
            if (point.Ups is { } ups && !point.Paused)
            {
                buckets[index].Sum += ups;
                buckets[index].Count++;
            }
            else
            {
                buckets[index].Paused = true;
            }
        }

        var first = Array.FindIndex(buckets, b => b.Count > 0 || b.Paused);
        if (first < 0)
        {
            return "";
        }

        var text = new StringBuilder(width);
        foreach (var bucket in buckets.AsSpan(first))
        {
            if (bucket.Count == 0)
            {
                text.Append('·');
                continue;
            }

            var share = Math.Clamp(bucket.Sum / bucket.Count / Math.Max(target, 1), 0, 1);
            text.Append(Levels[(int)Math.Round(share * (Levels.Length - 1))]);
        }

        return text.ToString();
    }

    private static string UpsText(UpsSample? ups, IReadOnlyList<HistoryPoint> history, DateTimeOffset now, bool online)
    {
        var text = new StringBuilder();
        if (!online || ups is null)
        {
            text.Append(online ? "no reading yet" : "no reading (offline)");
        }
        else if (ups.Paused)
        {
            text.Append("⏸️ paused");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{MonitorEvents.Ups(ups.Raw)}/{MonitorEvents.Ups(ups.Target)} · SMA {Opt(ups.Sma)} · EMA {Opt(ups.Ema)}");
        }

        var sparkline = Sparkline(history, now, ups?.Target ?? 60);
        if (sparkline.Length > 0)
        {
            text.Append("\n`").Append(sparkline).Append("` last hour");
        }

        return text.ToString();
    }

    private static string RconText(ServerMonitor monitor, DateTimeOffset now)
    {
        var (state, since) = monitor.RconView;
        var name = state.Status.ToString();
        var text = since is { } s ? $"{name} for {MonitorEvents.Duration(now - s)}" : name;
        if (state.LastLatency is { } latency && monitor.Client.IsConnected)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" · {latency.TotalMilliseconds:0} ms");
        }

        return text;
    }

    private static string Players(IReadOnlyList<string> players)
    {
        if (players.Count == 0)
        {
            return "none";
        }

        var shown = string.Join(", ", players.Take(10).Select(p => GameTextEscaper.Escape(p)));
        return Clip(players.Count > 10 ? $"{shown} and {players.Count - 10} more" : shown);
    }

    private static string Opt(double? value) => value is { } v ? MonitorEvents.Ups(v) : "n/a";

    private static string Clip(string text) => text.Length <= 1000 ? text : text[..999] + "…";
}

/// <summary>What a status card includes.</summary>
/// <param name="Chart">Render the PNG chart (about 7 ms of CPU; the board does it at most every 5 minutes).</param>
/// <param name="Refresh">Read the stats over RCON first (players, map time, evolution, research; never a UPS sample).</param>
/// <param name="Relay">The relay's health line (lag, outbox), when the caller has one.</param>
/// <param name="ChartMaxAge">How old a kept chart may be (<c>/factorio status</c> takes the board's); null: a new render.</param>
internal sealed record StatusCardOptions(bool Chart = true, bool Refresh = false, string? Relay = null, TimeSpan? ChartMaxAge = null)
{
    public static StatusCardOptions Default { get; } = new();
}
