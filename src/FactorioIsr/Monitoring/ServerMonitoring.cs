using FactorioIsr.Configuration;

namespace FactorioIsr.Monitoring;

/// <summary>What a server's monitors need: its RCON endpoint, its servers.yml monitoring keys and the internal timings.</summary>
/// <param name="Label">The name shown in notices.</param>
/// <param name="Rcon">Its RCON endpoint.</param>
/// <param name="AchievementSafe">No Lua: UPS from <c>/time</c>, no evolution or research.</param>
/// <param name="Settings">The monitoring keys of servers.yml.</param>
/// <param name="Timings">Internal cadences (tests shorten them).</param>
/// <param name="StatusChannelId">The bot channel of its <c>status</c> route (where <c>stats_mode: edit</c> keeps its
/// status message); null when that route has no channel id (webhook only) or there is no bot token.</param>
internal sealed record ServerMonitoring(string Label, RconConfig Rcon, bool AchievementSafe, MonitoringConfig Settings, MonitorTimings Timings, string? StatusChannelId = null)
{
    public static ServerMonitoring? For(ServerConfig server) => server.Rcon is { } rcon
        ? new ServerMonitoring(server.Name, rcon, server.AchievementSafe, server.Monitoring, MonitorTimings.Default,
            server.ResolveRoute(RouteNames.Status).ChannelId?.ToString(System.Globalization.CultureInfo.InvariantCulture))
        : null;

    /// <summary>The status board edits a message in <see cref="StatusChannelId"/> instead of posting stats events.</summary>
    public bool EditsStatusMessage => Settings.StatsMode == StatsMode.Edit && StatusChannelId is not null;
}

/// <param name="RconCheck">How often the connection is looked at.</param>
/// <param name="RconLossDebounce">How long RCON must stay down before "lost" is posted.</param>
/// <param name="CleanStopWindow">A loss this soon after a clean stop in the log is deliberate.</param>
/// <param name="WarmupReadings">UPS readings after a start that never alert.</param>
/// <param name="SmaWindow">Readings in the SMA.</param>
/// <param name="HistorySpacing">The sample history keeps at most one point per this (24 h of it: <see cref="State.HistoryBounds"/>).</param>
internal sealed record MonitorTimings(TimeSpan RconCheck, TimeSpan RconLossDebounce, TimeSpan CleanStopWindow, int WarmupReadings, int SmaWindow, TimeSpan HistorySpacing = default)
{
    public static MonitorTimings Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(60), 1, 5, TimeSpan.FromSeconds(30));
}
