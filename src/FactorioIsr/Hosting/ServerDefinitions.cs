using System.Globalization;
using System.Text;
using FactorioIsr.Configuration;
using FactorioIsr.Delivery;
using FactorioIsr.Ingest;
using FactorioIsr.Patterns;
using FactorioIsr.Servers;
using FactorioIsr.Tailing;

namespace FactorioIsr.Hosting;

/// <summary>Builds one <see cref="ServerDefinition"/> per enabled server of servers.yml: its files, parser, routes and outputs.</summary>
internal static class ServerDefinitions
{
    /// <param name="configuration">servers.yml.</param>
    /// <param name="patterns">The pattern set (shared; each server gets its own parser over it).</param>
    /// <param name="outputs">Every Discord output of the configuration; each server gets those its routes reach.</param>
    /// <param name="time">The clock of event timestamps.</param>
    /// <param name="mod">The relay's mod line instruments; null: not measured.</param>
    public static IReadOnlyList<ServerDefinition> Build(IsrConfiguration configuration, PatternSet patterns, IReadOnlyList<IDeliveryOutput> outputs, TimeProvider time, Patterns.ModEvents.ModEventMetrics? mod = null)
    {
        var definitions = new List<ServerDefinition>();
        foreach (var server in configuration.Servers.Where(s => s.Enabled))
        {
            var reached = RelayRouter.DestinationsOf(server);
            definitions.Add(new ServerDefinition(
                server.Tag,
                Sources(server),
                PatternLineParser.Create(patterns, time, mod),
                RelayRouter.ForServer(server),
                [.. outputs.Where(o => reached.Contains(o.Destination))],
                Revision(server),
                Monitoring.ServerMonitoring.For(server)));
        }

        return definitions;
    }

    /// <summary>One tail source per log file; names are stable (they key the saved positions): kind, then kind-2, ...</summary>
    public static IReadOnlyList<TailSource> Sources(ServerConfig server)
    {
        var sources = new List<TailSource>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var source in server.Sources)
        {
            var kind = source.Kind.ToString().ToLowerInvariant();
            var count = seen[kind] = seen.GetValueOrDefault(kind) + 1;
            var name = count == 1 ? kind : $"{kind}-{count}";
            var startAt = server.StartAt == StartAt.Beginning ? TailStartAt.Beginning : TailStartAt.End;
            sources.Add(new TailSource(server.Tag, name, source.Path, startAt, source.RotatedGlob is { } glob ? [glob] : null, source.Kind));
        }

        return sources;
    }

    /// <summary>What a reload compares: the files and routes of the server (secrets as their hash, never in clear).</summary>
    private static string Revision(ServerConfig server)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{server.StartAt}|{server.EventChannelId}|{server.AlertChannelId}|{server.StatusChannelId}|{server.ChatChannelId}|");
        text.Append(server.WebhookUrl is { } hook ? RelayRouter.WebhookDestination(hook) : "").Append('|');
        if (server.Rcon is { } rcon)
        {
            // The password as its hash: a changed password restarts the session, and no secret is kept in clear.
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(rcon.Password.Reveal())))[..16];
            text.Append(CultureInfo.InvariantCulture, $"rcon={rcon.Host}:{rcon.Port}:{hash}:{server.AchievementSafe}:{server.Name}:{server.Monitoring}|");
        }

        foreach (var source in server.Sources)
        {
            text.Append(CultureInfo.InvariantCulture, $"{source.Kind}:{source.Path}:{source.RotatedGlob};");
        }

        foreach (var (name, route) in server.Channels.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}={route.ChannelId}:{(route.WebhookUrl is { } url ? RelayRouter.WebhookDestination(url) : "")}:{route.AllowRoleMentions};");
        }

        return text.ToString();
    }
}
