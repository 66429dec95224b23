using System.Globalization;
using System.Text;
using FactorioIsr.Configuration;
using FactorioIsr.Events;
using FactorioIsr.Rcon.Factorio;
using FactorioIsr.Security;

namespace FactorioIsr.Monitoring;

/// <summary>
/// The monitors' events: <c>stats</c>, <c>alert</c> and <c>rcon</c>. Each carries its figures as named fields (the
/// embed's fields, the JSONL's keys) and a Discord-safe text (the line look, and the embed's description).
/// </summary>
internal static class MonitorEvents
{
    private static readonly IReadOnlyDictionary<string, string> NoFields = new Dictionary<string, string>(StringComparer.Ordinal);
    private static long _sequence;

    public static FactorioEvent Stats(string tag, string label, StatsReading stats, DateTimeOffset now)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"📊 **{Escape(label)} stats**");
        if (stats.Ups is { } ups)
        {
            if (ups.Paused)
            {
                fields["status"] = "paused";
                text.Append("\n⏸️ Paused (the game does not advance)");
            }
            else
            {
                fields["ups"] = Ups(ups.Raw);
                fields["ups_target"] = Ups(ups.Target);
                if (ups.Sma is { } sma)
                {
                    fields["ups_sma"] = Ups(sma);
                }

                if (ups.Ema is { } ema)
                {
                    fields["ups_ema"] = Ups(ema);
                }

                var mark = ups.Raw >= ups.Target - 1 ? "✅" : "⚠️";
                text.Append(CultureInfo.InvariantCulture, $"\n{mark} UPS: Raw: {Ups(ups.Raw)}/{Ups(ups.Target)} | SMA: {Opt(ups.Sma)} | EMA: {Opt(ups.Ema)}");
            }
        }

        fields["players_online"] = stats.Players.Count.ToString(CultureInfo.InvariantCulture);
        text.Append(CultureInfo.InvariantCulture, $"\n👥 Players Online: {stats.Players.Count}");
        if (stats.Players.Count > 0)
        {
            var names = string.Join(", ", stats.Players);
            fields["players"] = names;
            text.Append("\n📝 ").Append(Escape(names));
        }

        if (stats.MapAge is { } age)
        {
            fields["map_time"] = MapAge.Format(age);
            text.Append("\n⏰ Map time: ").Append(MapAge.Format(age));
        }

        if (stats.Evolution is { Count: > 0 } evolution)
        {
            text.Append("\n🐛 Evolution:");
            foreach (var (surface, factor) in evolution.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                fields["evolution_" + surface] = Percent(factor);
                text.Append(CultureInfo.InvariantCulture, $" {Escape(surface)} {Percent(factor)}");
            }
        }

        if (stats.Research is { } research)
        {
            var progress = research.Progress is { } p ? string.Create(CultureInfo.InvariantCulture, $" {p * 100:0}%") : "";
            var current = research.Current is { Length: > 0 } name ? name + progress : "none";
            fields["research"] = current;
            fields["researched"] = string.Create(CultureInfo.InvariantCulture, $"{research.Researched}/{research.Total}");
            text.Append(CultureInfo.InvariantCulture, $"\n🔬 Research: {Escape(current)} ({research.Researched}/{research.Total} done)");
        }

        return Make(tag, "stats", RouteNames.Status, now, text.ToString(), fields);
    }

    /// <summary>The one notice posted instead of stats while RCON is down (never invented values).</summary>
    public static FactorioEvent StatsUnreachable(string tag, string label, DateTimeOffset? since, DateTimeOffset now)
    {
        var text = $"📊 **{Escape(label)} stats**: RCON unreachable{(since is { } s ? " since " + s.ToString("u", CultureInfo.InvariantCulture) : "")}; stats resume when it is back";
        return Make(tag, "stats", RouteNames.Status, now, text, new Dictionary<string, string>(StringComparer.Ordinal) { ["status"] = "unreachable" });
    }

    public static FactorioEvent Alert(string tag, string label, UpsAlertDecision decision, double warning, int checkInterval, DateTimeOffset now)
    {
        var sample = decision.Sample;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ups"] = $"{Ups(sample.Raw)}/{Ups(sample.Target)}",
            ["ups_sma"] = $"{Opt(sample.Sma)}/{Ups(sample.Target)}",
            ["ups_ema"] = $"{Opt(sample.Ema)}/{Ups(sample.Target)}",
        };
        string text;
        if (decision.Recovered)
        {
            fields["status"] = "recovered";
            fields["duration"] = Duration(decision.LowFor);
            text = $"✅ **{Escape(label)}: UPS recovered** after {Duration(decision.LowFor)} of low UPS (EMA {Opt(sample.Ema)}/{Ups(sample.Target)})";
        }
        else
        {
            fields["status"] = "low";
            fields["threshold"] = "< " + Ups(warning);
            fields["duration"] = string.Create(CultureInfo.InvariantCulture, $"{decision.Consecutive} consecutive checks (~{Duration(TimeSpan.FromSeconds(decision.Consecutive * checkInterval))})");
            text = $"⚠️ **{Escape(label)}: Low UPS**: EMA {Opt(sample.Ema)}/{Ups(sample.Target)} (raw {Ups(sample.Raw)}), below {Ups(warning)} for {decision.Consecutive} checks; the game runs slower than real time";
        }

        return Make(tag, "alert", RouteNames.Alerts, now, text, fields);
    }

    public static FactorioEvent Rcon(string tag, string label, RconNotice notice, DateTimeOffset now)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["status"] = notice.Lost ? "lost" : "restored",
            ["downtime"] = Duration(notice.Downtime),
        };
        var text = notice.Lost
            ? $"🔴 **{Escape(label)}: RCON connection lost** (down for {Duration(notice.Downtime)}); commands that need RCON are unavailable until it is back"
            : $"🟢 **{Escape(label)}: RCON connection restored** after {Duration(notice.Downtime)} of downtime";
        return Make(tag, "rcon", RouteNames.Status, now, text, fields);
    }

    /// <summary>The <c>interval</c> mode's periodic summary of one server.</summary>
    public static FactorioEvent RconSummary(string tag, string label, bool up, DateTimeOffset? since, DateTimeOffset now)
    {
        var state = up ? "online" : "offline";
        var span = since is { } s ? " for " + Duration(now - s) : "";
        var fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["status"] = state };
        var text = $"{(up ? "🟢" : "🔴")} **{Escape(label)}: RCON {state}**{span}";
        return Make(tag, "rcon", RouteNames.Status, now, text, fields);
    }

    /// <summary>A duration in the largest sensible units: <c>45 s</c>, <c>3 min 20 s</c>, <c>2 h 5 min</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        var seconds = (long)Math.Round(Math.Max(0, span.TotalSeconds));
        return seconds switch
        {
            < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds} s"),
            < 3600 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60} min{(seconds % 60 == 0 ? "" : $" {seconds % 60} s")}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600} h{(seconds % 3600 / 60 == 0 ? "" : $" {seconds % 3600 / 60} min")}"),
        };
    }

    public static string Ups(double ups) => ups.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>The reference's evolution format: two decimals, four under 0.1 %.</summary>
    public static string Percent(double factor)
    {
        var pct = factor * 100;
        return pct.ToString(pct >= 0.1 ? "0.00" : "0.0000", CultureInfo.InvariantCulture) + "%";
    }

    private static string Opt(double? value) => value is { } v ? Ups(v) : "n/a";

    private static string Escape(string text) => GameTextEscaper.Escape(text);

    private static FactorioEvent Make(string tag, string type, string route, DateTimeOffset now, string text, IReadOnlyDictionary<string, string>? fields) =>
        new(
            string.Create(CultureInfo.InvariantCulture, $"{tag}/monitor/{type}/{now.ToUnixTimeMilliseconds()}-{Interlocked.Increment(ref _sequence)}"),
            tag,
            LogSourceKind.Monitor,
            type,
            Player: null,
            Message: null,
            fields ?? NoFields,
            Pattern: null,
            route,
            now,
            Raw: string.Empty,
            text);
}

/// <summary>What one stats round read (null parts were disabled or not available, never invented).</summary>
internal sealed record StatsReading(
    UpsSample? Ups,
    IReadOnlyList<string> Players,
    TimeSpan? MapAge,
    IReadOnlyDictionary<string, double>? Evolution,
    ResearchStatus? Research);
