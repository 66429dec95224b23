using System.Text;
using FactorioIsr.Configuration;
using FactorioIsr.Hosting;
using FactorioIsr.Rcon;
using FactorioIsr.Rcon.Client;

namespace FactorioIsr.Doctor;

/// <summary>
/// The checks of <c>isr doctor</c>: the configuration (the same preflight as <c>isr run</c>), each log file (exists,
/// readable, looks like the kind configured, still written to), RCON per server (reachable, password accepted) and
/// Discord (<see cref="DiscordChecks"/>: token, intents, channel permissions, webhooks). Each finding carries its fix
/// (docs/troubleshooting.md lists them).
/// </summary>
internal static class Doctor
{
    /// <summary>A log file not written for this long is reported (a stopped server, or a file it no longer writes).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(1);

    public static async Task<IReadOnlyList<DoctorFinding>> RunAsync(RelayPreflightResult preflight, TimeSpan timeout, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
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
            var logs = server.Sources.Select(source => (source.Kind, Finding: LogFile(server.Tag, source.Kind, source.Path, now))).ToList();
            var rcon = server.Rcon is { } r ? await RconAsync(server.Tag, r, timeout, cancellationToken).ConfigureAwait(false) : null;
            foreach (var (kind, finding) in logs)
            {
                // Factorio writes factorio-current.log at every autosave: silent for an hour while the server answers
                // RCON means isr follows a file the server no longer writes.
                findings.Add(rcon is { Passed: true } && kind == Events.LogSourceKind.Current && finding.Detail.StartsWith(NotWritten, StringComparison.Ordinal)
                    ? finding with { Passed = false, Warning = false, Detail = finding.Detail + "; the server answers RCON, so it writes another file" }
                    : finding);
            }

            if (rcon is not null)
            {
                findings.Add(rcon);
            }
        }

        findings.AddRange(await DiscordChecks.RunAsync(settings, DiscordChecks.MessageContentNeeded(settings), timeout, cancellationToken).ConfigureAwait(false));
        return [.. findings.Select(f => f with { Detail = secrets.Redact(f.Detail) })];
    }

    private const string NotWritten = "not written for ";

    /// <summary>Exists, readable, looks like the kind of log it is configured as, and written to within <see cref="StaleAfter"/>.</summary>
    public static DoctorFinding LogFile(string tag, Events.LogSourceKind kind, string path, DateTimeOffset now)
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

        var age = now - new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
        if (lines.Length > 0 && age > StaleAfter)
        {
            return new DoctorFinding("log file", subject, true,
                $"{NotWritten}{Age(age)} (last write {now - age:yyyy-MM-dd HH:mm} UTC)",
                "if the server runs, it writes another file: check --console-log PATH (console) or the server's write-data directory (current), and that a rotation did not leave isr on an old file",
                Warning: true);
        }

        return new DoctorFinding("log file", subject, true, lines.Length == 0 ? "exists, readable, empty so far" : "exists, readable");
    }

    private static string Age(TimeSpan age) => age.TotalDays >= 2 ? $"{(int)age.TotalDays} days"
        : age.TotalHours >= 2 ? $"{(int)age.TotalHours} hours"
        : $"{(int)age.TotalMinutes} minutes";

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
