using System.Globalization;
using FactorioIsr.Configuration;

namespace FactorioIsr.Security;

/// <summary>
/// Puts secmon.yml's alert channel into each server's routes, so the outputs, the router and a reload see one
/// configuration: the security route (default <c>security</c>) is the server's own <c>channels: {security: ...}</c>
/// when it has one; otherwise the <c>alert_channel</c> when it is a channel id, or the route of <c>channels:</c> it
/// names (the reference named a channel). A server left without one gets a warning: its alerts go only to the
/// JSONL/console outputs, never to its public channel.
/// </summary>
internal static class SecurityRouteFolding
{
    public static IsrConfiguration Fold(IsrConfiguration configuration, SecmonConfig security, List<Diagnostic> diagnostics)
    {
        if (!security.Enabled || security.SourcePath is not { } path)
        {
            return configuration;
        }

        ulong? id = security.AlertChannel is { } text && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : null;
        var servers = new List<ServerConfig>(configuration.Servers.Count);
        var unrouted = new List<string>();
        var unresolvedName = false;
        foreach (var server in configuration.Servers)
        {
            if (server.Channels.ContainsKey(security.Route))
            {
                servers.Add(server);
                continue;
            }

            RouteConfig? route = id is { } channel
                ? new RouteConfig(security.Route, channel, null, false)
                : security.AlertChannel is { } name && server.Channels.TryGetValue(name, out var named) ? named with { Name = security.Route } : null;
            if (route is null)
            {
                unresolvedName |= security.AlertChannel is not null && id is null;
                if (server.Enabled)
                {
                    unrouted.Add(server.Tag);
                }

                servers.Add(server);
                continue;
            }

            servers.Add(server with { Channels = new Dictionary<string, RouteConfig>(server.Channels, StringComparer.Ordinal) { [security.Route] = route } });
        }

        if (unresolvedName)
        {
            diagnostics.Add(new Diagnostic(path, 1, 1, DiagnosticSeverity.Warning,
                $"alert_channel '{security.AlertChannel}' is neither a channel id nor a route of channels: in servers.yml; put the private channel's id there, or add '{security.Route}: ID' under a server's channels:"));
        }

        if (unrouted.Count > 0)
        {
            diagnostics.Add(new Diagnostic(path, 1, 1, DiagnosticSeverity.Warning,
                $"no private channel for security alerts of {string.Join(", ", unrouted)}: they go only to the JSONL/console outputs (never to the public event channel); set alert_channel to a channel id, or add '{security.Route}: ID' under channels:"));
        }

        return configuration with { Servers = servers };
    }
}
