using System.Globalization;

namespace FactorioIsr.Configuration;

/// <summary>
/// Binds the stats, UPS alert and RCON status keys of a server. What the Python reference accepted loads here too:
/// a value outside our range is clamped (or, for a key the reference never used, replaced by the default) with a
/// warning that says so. Only a value the reference refused as well is an error, and the message says why.
/// </summary>
internal static class MonitoringBinder
{
    private static readonly Dictionary<string, RconStatusAlertMode> AlertModes = new(StringComparer.Ordinal)
    {
        ["transition"] = RconStatusAlertMode.Transition,
        ["interval"] = RconStatusAlertMode.Interval,
    };

    private static readonly Dictionary<string, StatsMode> StatsModes = new(StringComparer.Ordinal)
    {
        ["post"] = StatsMode.Post,
        ["edit"] = StatsMode.Edit,
    };

    public static MonitoringConfig Bind(MappingReader r)
    {
        var d = MonitoringConfig.Defaults;
        var alerts = r.Bool("enable_alerts") ?? d.EnableAlerts;

        // The reference checks the alert keys only when alerts are on; off, it loads any value.
        var alertRule = alerts ? Below.Refused : Below.Ignored;
        var warning = Number(r, "ups_warning_threshold", d.UpsWarningThreshold, 10_000, alertRule, "UPS cannot be 0 or less");
        var recovery = Number(r, "ups_recovery_threshold", d.UpsRecoveryThreshold, 10_000, alertRule, "UPS cannot be 0 or less");
        if (recovery < warning && r.ValueNode("ups_recovery_threshold") is { } node)
        {
            r.Source.Warning(node, $"ups_recovery_threshold ({Show(recovery)}) is below ups_warning_threshold ({Show(warning)}); " +
                $"using {Show(warning)}, so a UPS between the two cannot count as both low and recovered (alerts would flap)");
            recovery = warning;
        }

        return new MonitoringConfig(
            Whole(r, "stats_interval", d.StatsInterval, 10, 86_400, Below.Clamped, "polling stats more often than every 10 s loads the game server"),
            r.Bool("enable_stats_collector") ?? d.EnableStatsCollector,
            r.Bool("enable_ups_stat") ?? d.EnableUpsStat,
            r.Bool("enable_evolution_stat") ?? d.EnableEvolutionStat,
            alerts,
            Whole(r, "alert_check_interval", d.AlertCheckInterval, 1, 86_400, alertRule, "an interval of 0 would check continuously"),
            Whole(r, "alert_samples_required", d.AlertSamplesRequired, 1, 1_000, alertRule, "an alert needs at least one low sample"),
            warning,
            recovery,
            Whole(r, "alert_cooldown", d.AlertCooldown, 0, 86_400, Below.Clamped, "a cooldown cannot be negative"),
            Fraction(r, "ups_ema_alpha", d.UpsEmaAlpha, "the reference parsed it but never used it"),
            Number(r, "pause_time_threshold", d.PauseTimeThreshold, 3_600, Below.Ignored, "the reference never read this key"),
            r.Choice("rcon_status_alert_mode", AlertModes) ?? d.RconStatusAlertMode,
            Whole(r, "rcon_status_alert_interval", d.RconStatusAlertInterval, 1, 86_400, Below.Refused, "an interval of 0 would post continuously"),
            r.Choice("stats_mode", StatsModes) ?? d.StatsMode);
    }

    /// <summary>What happens to a value below the minimum.</summary>
    private enum Below
    {
        /// <summary>Raised to the minimum, with a warning.</summary>
        Clamped,

        /// <summary>The default is used, with a warning (the reference did not check or use the key).</summary>
        Ignored,

        /// <summary>An error: the reference refused it too.</summary>
        Refused,
    }

    private static int Whole(MappingReader r, string key, int fallback, int min, int max, Below below, string why)
    {
        if (r.IntWithNode(key) is not (var value, var node))
        {
            return fallback;
        }

        if (value < min)
        {
            return below switch
            {
                Below.Refused => Refuse(r, node, $"{key}: {value} is below {min}: {why}", fallback),
                Below.Ignored => Warn(r, node, $"{key}: {value} is below {min} ({why}); using the default {fallback}", fallback),
                _ => Warn(r, node, $"{key}: {value} is below {min} ({why}); using {min}", min),
            };
        }

        return value > max ? Warn(r, node, $"{key}: {value} is above {max}; using {max}", max) : value;
    }

    /// <summary>A number that must be above 0.</summary>
    private static double Number(MappingReader r, string key, double fallback, double max, Below below, string why)
    {
        if (r.DoubleWithNode(key) is not (var value, var node))
        {
            return fallback;
        }

        if (value <= 0)
        {
            return below == Below.Refused
                ? Refuse(r, node, $"{key}: {Show(value)} must be above 0: {why}", fallback)
                : Warn(r, node, $"{key}: {Show(value)} is not above 0 ({why}); using the default {Show(fallback)}", fallback);
        }

        return value > max ? Warn(r, node, $"{key}: {Show(value)} is above {Show(max)}; using {Show(max)}", max) : value;
    }

    /// <summary>A smoothing factor in (0, 1]; anything else falls back to the default.</summary>
    private static double Fraction(MappingReader r, string key, double fallback, string why)
    {
        if (r.DoubleWithNode(key) is not (var value, var node))
        {
            return fallback;
        }

        return value is > 0 and <= 1
            ? value
            : Warn(r, node, $"{key}: {Show(value)} is outside (0, 1] ({why}); using the default {Show(fallback)}", fallback);
    }

    private static T Warn<T>(MappingReader r, YamlDotNet.RepresentationModel.YamlNode node, string message, T value)
    {
        r.Source.Warning(node, message);
        return value;
    }

    private static T Refuse<T>(MappingReader r, YamlDotNet.RepresentationModel.YamlNode node, string message, T value)
    {
        r.Source.Error(node, message);
        return value;
    }

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
