using FactorioIsr.Configuration;
using FactorioIsr.Patterns;
using FactorioIsr.Tailing;

namespace FactorioIsr.Hosting;

/// <summary>What <c>isr run</c> resolved from servers.yml and its flags.</summary>
internal sealed record RelaySettings(IsrConfiguration Configuration, PatternSet Patterns, string StatePath, string? JsonlPath, bool Console)
{
    /// <summary>mentions.yml as validated by <see cref="RelayPreflight"/>.</summary>
    public Delivery.DiscordOutputs.Mentions.MentionsConfig Mentions { get; init; } = Delivery.DiscordOutputs.Mentions.MentionsConfig.Empty;

    /// <summary>secmon.yml as validated by <see cref="RelayPreflight"/> (<see cref="Security.SecmonConfig.Off"/> without one).</summary>
    public Security.SecmonConfig Security { get; init; } = FactorioIsr.Security.SecmonConfig.Off;

    /// <summary>Serve /health, /ready and /metrics (off for <c>isr demo</c>, which must not need a free port 8080).</summary>
    public bool Http { get; init; } = true;

    /// <summary>
    /// Non-null: the status board (<c>stats_mode: edit</c>) is shown on the console output with these cadences instead
    /// of being kept in Discord, and needs no token (<c>isr demo</c>).
    /// </summary>
    public Monitoring.StatusBoardOptions? ConsoleStatusBoard { get; init; }

    /// <summary>The directory the pattern files were read from.</summary>
    public string? PatternsDirectory { get; init; }

    /// <summary>Runs the same preflight again (the same flags, the environment read again): what a reload calls. Null: no reload.</summary>
    public Func<RelayPreflightResult>? Reload { get; init; }

    /// <summary>The pipeline's limits: the <c>tailing:</c> and <c>outbox:</c> sections of servers.yml.</summary>
    public RelayOptions Options { get; init; } = OptionsFrom(Configuration.Settings);

    public static RelayOptions OptionsFrom(GlobalSettings settings)
    {
        var tailing = settings.Tailing;
        return new RelayOptions
        {
            Tail = new TailOptions
            {
                PollInterval = TimeSpan.FromMilliseconds(tailing.PollIntervalMs),
                PollOnly = tailing.PollOnly,
                RotateWait = TimeSpan.FromSeconds(tailing.RotateWaitSeconds),
                MaxLineBytes = tailing.MaxLineBytes,
            },
            OutboxMaxRows = settings.Outbox.MaxEvents,
            OutboxMaxBytes = settings.Outbox.MaxMegabytes * 1024L * 1024,
            // Four fifths of shutdown_timeout_seconds to commit and deliver; the rest closes the store and the host.
            ShutdownBudget = TimeSpan.FromSeconds(settings.ShutdownTimeoutSeconds * 0.8),
        };
    }
}
