using System.Security.Cryptography;
using FactorioIsr.Configuration;
using FactorioIsr.Delivery.DiscordOutputs;
using FactorioIsr.Servers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Hosting;

/// <summary>
/// Hot reload of servers.yml, the pattern files and mentions.yml: on SIGHUP, and when their content changes (a
/// file-system notification or a poll of their content, so a ConfigMap's atomic symlink swap is seen too). It runs the
/// same <see cref="RelayPreflight"/> as start-up, builds the server definitions and lets <see cref="ServerManager.ApplyAsync"/>
/// start, stop or replace only the servers that changed. A bad reload keeps the running configuration, logs every
/// diagnostic, and shows <c>config_error</c> in /ready until a good one.
/// </summary>
internal sealed partial class ConfigReloader(
    RelaySettings initial,
    ConfigStatus status,
    RelayPipeline pipeline,
    DiscordDelivery discord,
    TimeProvider time,
    ILogger<ConfigReloader> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private byte[]? _runningMentions;

    /// <summary>How often the files' content is compared when no notification came.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The relay's server definitions; each revision also covers the pattern files and mentions.yml, so a change there
    /// replaces the servers it affects.
    /// </summary>
    public static IReadOnlyList<ServerDefinition> Definitions(RelaySettings settings, DiscordDelivery discord, TimeProvider time)
    {
        var shared = Convert.ToHexString(SHA256.HashData(Fingerprint(settings, includeConfig: false)))[..16];
        return [.. ServerDefinitions.Build(settings.Configuration, settings.Patterns, discord.CreateOutputs(settings.Configuration), time)
            .Select(d => d with { Revision = d.Revision + "|files:" + shared })];
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (initial.Reload is null)
        {
            return;
        }

        // SIGHUP itself is registered by isr run before the host is built (HangupSignal); one that came while starting
        // is taken at the first look below.
        void Hangup() => _wake.Release();
        HangupSignal.Raised += Hangup;
        using var unsubscribe = new Unsubscribe(() => HangupSignal.Raised -= Hangup);
        _runningMentions = Hash(initial.Configuration.Settings.Discord.MentionsPath);
        while (!pipeline.Started)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, stoppingToken).ConfigureAwait(false);
        }

        var watchers = Watch(status.Current);
        var last = Fingerprint(status.Current, includeConfig: true);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _wake.WaitAsync(PollInterval, stoppingToken).ConfigureAwait(false);
                // Editors and ConfigMap updates write in several steps: let them finish.
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, stoppingToken).ConfigureAwait(false);
                while (_wake.CurrentCount > 0)
                {
                    await _wake.WaitAsync(stoppingToken).ConfigureAwait(false);
                }

                var signalled = HangupSignal.Take();
                var now = Fingerprint(status.Current, includeConfig: true);
                if (!signalled && now.AsSpan().SequenceEqual(last))
                {
                    continue;
                }

                last = now;
                if (await ReloadAsync(signalled ? "SIGHUP" : "a file changed", stoppingToken).ConfigureAwait(false))
                {
                    DisposeAll(watchers);
                    watchers = Watch(status.Current);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            DisposeAll(watchers);
        }
    }

    /// <summary>Reloads now; true when the new configuration runs.</summary>
    public async Task<bool> ReloadAsync(string why, CancellationToken cancellationToken)
    {
        var result = initial.Reload!();
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var secrets = result.Secrets ?? status.Current.Configuration.Secrets;
        foreach (var diagnostic in result.Diagnostics)
        {
            ReloadDiagnostic(logger, secrets.Redact(diagnostic.ToString()));
        }

        if (result.Settings is not { } settings || errors.Count > 0)
        {
            var lines = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => secrets.Redact(d.ToString())).ToList();
            status.Failed(lines.Count > 0 ? lines : ["the configuration could not be loaded"], time.GetUtcNow());
            ReloadRefused(logger, why, lines.Count);
            return false;
        }

        settings = settings with { Reload = initial.Reload };
        var restartOnly = RestartOnly(initial, settings, _runningMentions ??= Hash(initial.Configuration.Settings.Discord.MentionsPath));
        var (added, removed, replaced) = await pipeline.Servers.ApplyAsync(Definitions(settings, discord, time), cancellationToken).ConfigureAwait(false);
        status.Succeeded(settings, time.GetUtcNow());
        Reloaded(logger, why, added, removed, replaced);
        if (restartOnly.Count > 0)
        {
            NeedsRestart(logger, string.Join(", ", restartOnly));
        }

        return true;
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    /// <summary>
    /// Settings the running process cannot change, compared with those it started with: they take effect at the next
    /// start (the Discord outputs, their token and mentions.yml are built once).
    /// </summary>
    private static List<string> RestartOnly(RelaySettings before, RelaySettings after, byte[] runningMentions)
    {
        var a = before.Configuration.Settings;
        var b = after.Configuration.Settings;
        var changed = new List<string>();
        if (a.Health != b.Health)
        {
            changed.Add("health");
        }

        if (!string.Equals(before.StatePath, after.StatePath, StringComparison.Ordinal))
        {
            changed.Add("state");
        }

        var (x, y) = (a.Discord, b.Discord);
        if (x.Token?.Reveal() != y.Token?.Reveal() || x.ApplicationId != y.ApplicationId || x.ApiBaseUrl != y.ApiBaseUrl || x.GatewayBaseUrl != y.GatewayBaseUrl
            || !x.GuildIds.SequenceEqual(y.GuildIds) || !x.AdminRoleIds.SequenceEqual(y.AdminRoleIds) || !x.ModeratorRoleIds.SequenceEqual(y.ModeratorRoleIds)
            || x.MentionsPath != y.MentionsPath || x.WebhookAvatarTemplate != y.WebhookAvatarTemplate
            || !Hash(y.MentionsPath).AsSpan().SequenceEqual(runningMentions))
        {
            changed.Add("discord (token, URLs, roles, mentions.yml)");
        }

        if (!ChatBridge.ChatBridgeTargets.For(before.Configuration).Any && ChatBridge.ChatBridgeTargets.For(after.Configuration).Any)
        {
            changed.Add("chat bridge (its gateway handler and intents are set at start)");
        }

        if (a.Tailing != b.Tailing || a.Outbox != b.Outbox || a.Log != b.Log || a.ShutdownTimeoutSeconds != b.ShutdownTimeoutSeconds)
        {
            changed.Add("tailing/outbox/log/shutdown_timeout_seconds");
        }

        return changed;
    }

    private static byte[] Hash(string path)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Add(hash, path);
        return hash.GetHashAndReset();
    }

    /// <summary>A hash of what a reload reads: servers.yml (optionally), mentions.yml, every pattern file (through symlinks).</summary>
    private static byte[] Fingerprint(RelaySettings settings, bool includeConfig)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (includeConfig)
        {
            Add(hash, settings.Configuration.SourcePath);
        }

        Add(hash, settings.Configuration.Settings.Discord.MentionsPath);
        if (settings.PatternsDirectory is { } directory && Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory).Where(IsPatternFile).Order(StringComparer.Ordinal))
            {
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file));
                Add(hash, file);
            }
        }

        return hash.GetHashAndReset();
    }

    private static bool IsPatternFile(string path) =>
        path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);

    private static void Add(IncrementalHash hash, string path)
    {
        try
        {
            hash.AppendData(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            hash.AppendData("missing"u8);
        }
    }

    /// <summary>Notifications on the directories that hold the files (a ConfigMap swaps a symlink in them).</summary>
    private List<FileSystemWatcher> Watch(RelaySettings settings)
    {
        var directories = new[]
        {
            Path.GetDirectoryName(Path.GetFullPath(settings.Configuration.SourcePath)),
            Path.GetDirectoryName(Path.GetFullPath(settings.Configuration.Settings.Discord.MentionsPath)),
            settings.PatternsDirectory is { } p ? Path.GetFullPath(p) : null,
        };
        var watchers = new List<FileSystemWatcher>();
        foreach (var directory in directories.OfType<string>().Distinct(StringComparer.Ordinal).Where(Directory.Exists))
        {
            try
            {
                var watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size };
                watcher.Changed += (_, _) => _wake.Release();
                watcher.Created += (_, _) => _wake.Release();
                watcher.Deleted += (_, _) => _wake.Release();
                watcher.Renamed += (_, _) => _wake.Release();
                watcher.EnableRaisingEvents = true;
                watchers.Add(watcher);
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
            {
                // The poll still sees every change.
            }
        }

        return watchers;
    }

    private static void DisposeAll(List<FileSystemWatcher> watchers)
    {
        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }
    }

    [LoggerMessage(3301, LogLevel.Warning, "reload: {Diagnostic}")]
    private static partial void ReloadDiagnostic(ILogger logger, string diagnostic);

    [LoggerMessage(3302, LogLevel.Error, "reload after {Why} refused: {Errors} error(s) above; the previous configuration keeps running (config_error in /ready)")]
    private static partial void ReloadRefused(ILogger logger, string why, int errors);

    [LoggerMessage(3303, LogLevel.Information, "reloaded after {Why}: {Added} server(s) added, {Removed} removed, {Replaced} replaced")]
    private static partial void Reloaded(ILogger logger, string why, int added, int removed, int replaced);

    [LoggerMessage(3304, LogLevel.Warning, "reload: changes to {Settings} take effect at the next start")]
    private static partial void NeedsRestart(ILogger logger, string settings);

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
