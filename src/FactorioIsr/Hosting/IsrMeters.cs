using System.Diagnostics.Metrics;

namespace FactorioIsr.Hosting;

/// <summary>
/// The names of the service's meters, one per feature (docs/architecture.md, "Metrics"). Every meter comes from the
/// host's <see cref="IMeterFactory"/> (<c>services.AddMetrics()</c>), never from <c>new Meter(...)</c>: each relay (each
/// host, each test) has its own meters, and <see cref="Http.PrometheusExporter"/> exports the meters of its own factory
/// whose name starts with <see cref="Prefix"/>. A feature's instruments live in one small class that takes the factory
/// (<c>TailMetrics(IMeterFactory)</c>), registered as a singleton; Prometheus names are <c>isr_*</c>.
/// </summary>
internal static class IsrMeters
{
    /// <summary>What every meter name of the service starts with (ASP.NET Core's own meters do not).</summary>
    public const string Prefix = "FactorioIsr";

    public const string Tailing = "FactorioIsr.Tailing";
    public const string State = "FactorioIsr.State";
    public const string Ingest = "FactorioIsr.Ingest";
    public const string Patterns = "FactorioIsr.Patterns";
    public const string Delivery = "FactorioIsr.Delivery";
    public const string Discord = "FactorioIsr.Discord";
    public const string ChatBridge = "FactorioIsr.ChatBridge";
    public const string Gateway = "FactorioIsr.Discord.Gateway";
    public const string DiscordRest = FactorioIsr.Discord.Rest.DiscordRestMetrics.MeterName;
    public const string Rcon = FactorioIsr.Rcon.Client.RconMetrics.MeterName;

    public static IReadOnlyList<string> All { get; } = [Tailing, State, Ingest, Patterns, Delivery, Discord, DiscordRest, Rcon, ChatBridge, Gateway];

    /// <summary>True for a meter of the service made by <paramref name="factory"/>: what one relay exports.</summary>
    public static bool IsOurs(Meter meter, IMeterFactory factory) =>
        ReferenceEquals(meter.Scope, factory) && meter.Name.StartsWith(Prefix, StringComparison.Ordinal);
}
