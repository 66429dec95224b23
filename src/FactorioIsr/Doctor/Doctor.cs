using System.Net.Http.Headers;
using System.Text;
using FactorioIsr.Configuration;
using FactorioIsr.Hosting;
using FactorioIsr.Rcon;
using FactorioIsr.Rcon.Client;

namespace FactorioIsr.Doctor;

/// <summary>
/// The checks of <c>isr doctor</c>: the configuration (the same preflight as <c>isr run</c>), each log file (exists,
/// readable, looks like the kind configured), RCON per server (reachable, password accepted) and the Discord token.
/// Each finding carries its fix (docs/troubleshooting.md lists them).
/// </summary>
internal static class Doctor
{
    public static async Task<IReadOnlyList<DoctorFinding>> RunAsync(RelayPreflightResult preflight, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var findings = new List<DoctorFinding>();
        var secrets = preflight.Secrets ?? new SecretRedactor();
        foreach (var d in preflight.Diagnostics)
        {
            var error = d.Severity == DiagnosticSeverity.Error;
            findings.Add(new DoctorFinding("config", Path.GetFileName(d.File), !error, secrets.Redact(d.ToString()),
                error ? "correct that line (isr check prints the same)" : "optional: see the message", Warning: !error));
        }

        if (preflight.Settings is not { } settings)
        {
            if (!findings.Any(f => !f.Passed))
            {
                findings.Add(new DoctorFinding("config", "servers.yml", false, "the configuration could not be loaded", "run isr check for details"));
            }

            return findings;
        }

        findings.Add(new DoctorFinding("config", Path.GetFileName(settings.Configuration.SourcePath), true,
            $"{settings.Configuration.Servers.Count(s => s.Enabled)} enabled server(s), {settings.Patterns.Patterns.Count} pattern(s)"));
        foreach (var server in settings.Configuration.Servers.Where(s => s.Enabled))
        {
            foreach (var source in server.Sources)
            {
                findings.Add(LogFile(server.Tag, source.Kind, source.Path));
            }

            if (server.Rcon is { } rcon)
            {
                findings.Add(await RconAsync(server.Tag, rcon, timeout, cancellationToken).ConfigureAwait(false));
            }
        }

        if (settings.Configuration.Settings.Discord is { Token: { IsEmpty: false } token } discord)
        {
            findings.Add(await TokenAsync(discord.ApiBaseUrl, token.Reveal(), timeout, cancellationToken).ConfigureAwait(false));
        }

        return [.. findings.Select(f => f with { Detail = secrets.Redact(f.Detail) })];
    }

    /// <summary>Exists, readable, and looks like the kind of log it is configured as.</summary>
    public static DoctorFinding LogFile(string tag, Events.LogSourceKind kind, string path)
    {
        var subject = $"{tag}: {path}";
        if (Directory.Exists(path))
        {
            return new DoctorFinding("log file", subject, false, "is a directory, not a file", "point log_path (or sources: path) at the log file inside it");
        }

        if (!File.Exists(path))
        {
            return new DoctorFinding("log file", subject, false, "does not exist",
                "check the path and the volume mount; isr waits for it, but nothing is relayed until it appears", Warning: false);
        }

        string head;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[8192];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            head = Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (UnauthorizedAccessException e)
        {
            return new DoctorFinding("log file", subject, false, "cannot be read: " + e.Message, "give the user isr runs as read access (the container runs as a non-root user)");
        }
        catch (IOException e)
        {
            return new DoctorFinding("log file", subject, false, "cannot be read: " + e.Message, "check the file system and the mount");
        }

        var lines = head.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // factorio-current.log lines start with seconds since start ("   0.123 Info ..."); the console log with a date.
        var currentLike = lines.Count(l => l.TrimStart().Length > 0 && char.IsAsciiDigit(l.TrimStart()[0]) && l.Contains(" Info ", StringComparison.Ordinal)) > lines.Length / 2;
        var consoleLike = lines.Count(l => l.Length > 19 && l[4] == '-' && l[10] == ' ' && l[13] == ':') > lines.Length / 2;
        if (kind == Events.LogSourceKind.Console && currentLike && !consoleLike)
        {
            return new DoctorFinding("log file", subject, true, "looks like factorio-current.log, not the console log", "start Factorio with --console-log PATH and point log_path at PATH (chat and joins are only in the console log)", Warning: true);
        }

        if (kind != Events.LogSourceKind.Console && consoleLike && !currentLike)
        {
            return new DoctorFinding("log file", subject, true, $"looks like a --console-log file but is configured as {kind}", "use kind: console for it", Warning: true);
        }

        return new DoctorFinding("log file", subject, true, lines.Length == 0 ? "exists, readable, empty so far" : "exists, readable");
    }

    private static async Task<DoctorFinding> RconAsync(string tag, RconConfig rcon, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var subject = $"{tag}: {rcon.Host}:{rcon.Port}";
        await using var client = new RconClient(new RconClientOptions
        {
            Host = rcon.Host,
            Port = rcon.Port,
            Password = rcon.Password.Reveal(),
            Name = tag,
            ConnectTimeout = timeout,
            CommandTimeout = timeout,
        });
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout * 2);
            await client.ConnectAsync(cts.Token).ConfigureAwait(false);
            var latency = await client.PingAsync(cts.Token).ConfigureAwait(false);
            return new DoctorFinding("rcon", subject, true, $"reachable, password accepted ({latency.TotalMilliseconds:0} ms)");
        }
        catch (RconAuthenticationException)
        {
            return new DoctorFinding("rcon", subject, false, "reachable, but the password was refused", "set rcon_password to the server's --rcon-password (or the password in its server settings)");
        }
        catch (Exception e) when (e is RconException or OperationCanceledException or IOException or System.Net.Sockets.SocketException)
        {
            return new DoctorFinding("rcon", subject, false, "not reachable: " + e.Message,
                "start Factorio with --rcon-port and --rcon-password, check rcon_host/rcon_port and that the port is reachable from isr (firewall, container network)");
        }
    }

    private static async Task<DoctorFinding> TokenAsync(Uri api, string token, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = timeout };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(api.ToString().TrimEnd('/') + "/applications/@me"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bot", token);
        var rest = new FactorioIsr.Discord.Rest.DiscordRestOptions();
        request.Headers.TryAddWithoutValidation("User-Agent", $"DiscordBot ({rest.UserAgentUrl}, {rest.Version})");
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            if (code == 401)
            {
                return new DoctorFinding("discord token", api.Host, false, "Discord rejected the bot token (401)", "copy the bot token again from the Developer Portal (Bot > Reset Token) into DISCORD_BOT_TOKEN or discord.token");
            }

            if (code is >= 200 and < 300)
            {
                return new DoctorFinding("discord token", api.Host, true, "the bot token is accepted");
            }

            return new DoctorFinding("discord token", api.Host, false, $"Discord answered {code}", "try again later; check discord.api_base_url");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new DoctorFinding("discord token", api.Host, false, "Discord is not reachable: " + e.Message, "check outbound HTTPS from isr (proxy, DNS, firewall)");
        }
    }

    /// <summary>The table: status, check, subject, finding, fix.</summary>
    public static string Table(IReadOnlyList<DoctorFinding> findings)
    {
        string[] header = ["STATUS", "CHECK", "SUBJECT", "FINDING", "FIX"];
        var rows = findings.Select(f => new[] { f.Status, f.Check, f.Subject, f.Detail, f.Fix }).ToList();
        var widths = Enumerable.Range(0, 4).Select(i => rows.Select(r => r[i].Length).Append(header[i].Length).Max()).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            for (var i = 0; i < 4; i++)
            {
                text.Append(row[i].PadRight(widths[i])).Append("  ");
            }

            text.Append(row[4]).Append('\n');
        }

        return text.ToString();
    }
}
