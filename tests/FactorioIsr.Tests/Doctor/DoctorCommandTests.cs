using FactorioIsr.Cli;
using FactorioIsr.Tests.Discord;
using FactorioIsr.Tests.Simulator;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Doctor;

/// <summary><c>isr doctor</c> against the simulator and the fake Discord: every injected problem is in the table, with its fix.</summary>
[Collection(ExternalProcesses.Name)]
public sealed class DoctorCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<(int Code, string Out)> DoctorAsync(string yaml)
    {
        var config = _dir.Write("servers.yml", yaml);
        var stdout = new StringWriter();
        var code = await IsrCli.RunAsync(["doctor", "--config", config, "--patterns", Path.Combine(RepositoryRoot.Path, "patterns"), "--timeout", "5"], stdout, new StringWriter(), TestContext.Current.CancellationToken);
        return (code, stdout.ToString());
    }

    [Fact]
    public async Task EverythingRight_ExitsZero()
    {
        await using var sim = await TestSimulator.StartAsync();
        await using var fake = await DiscordTestKit.StartFakeAsync();
        var (code, output) = await DoctorAsync($"""
            discord:
              token: "{fake.Options.Token}"
              api_base_url: "{fake.BaseUrl}"
            servers:
              s1:
                log_path: "{Path.Combine(sim.ServerDirectory(), "console.log")}"
                rcon_host: 127.0.0.1
                rcon_port: {sim.Port()}
                rcon_password: "{TestSimulator.Password}"
            """);

        Assert.True(code == ExitCodes.Ok, output);
        Assert.Contains("password accepted", output, StringComparison.Ordinal);
        Assert.Contains("the bot token is accepted", output, StringComparison.Ordinal);
        Assert.Contains("everything passed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryInjectedProblem_IsReportedWithItsFix_ExitsOne()
    {
        await using var sim = await TestSimulator.StartAsync();
        await using var fake = await DiscordTestKit.StartFakeAsync();
        var unreadable = Directory.CreateDirectory(_dir.Combine("logs-dir")).FullName;
        var current = _dir.Write("factorio-current.log", "   0.000 2026-12-01 20:00:00; Factorio 2.0.77 (build 1, linux64, headless)\n   0.010 Info Main.cpp:1: hello\n   0.020 Info Main.cpp:2: more\n");
        var (code, output) = await DoctorAsync($"""
            discord:
              token: "wrong-token-0123456789"
              api_base_url: "{fake.BaseUrl}"
            servers:
              s1:
                log_path: "{unreadable}"
                rcon_host: 127.0.0.1
                rcon_port: {sim.Port()}
                rcon_password: "not-the-password"
              s2:
                log_path: "{_dir.Combine("nowhere.log")}"
              s3:
                log_path: "{current}"
            """);

        Assert.Equal(ExitCodes.RuntimeFailure, code);
        Assert.Contains("is a directory, not a file", output, StringComparison.Ordinal);
        Assert.Contains("the password was refused", output, StringComparison.Ordinal);
        Assert.Contains("set rcon_password", output, StringComparison.Ordinal);
        Assert.Contains("rejected the bot token (401)", output, StringComparison.Ordinal);
        Assert.Contains("Reset Token", output, StringComparison.Ordinal);
        Assert.Contains("does not exist", output, StringComparison.Ordinal);
        Assert.Contains("--console-log", output, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-token-0123456789", output, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", output, StringComparison.Ordinal);
        Assert.Contains("4 problem(s) found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RconNotListening_IsReported()
    {
        var (code, output) = await DoctorAsync($"servers:\n  s1:\n    rcon_host: 127.0.0.1\n    rcon_port: {FactorioIsr.Tests.Hosting.IsrProcess.FreePort()}\n    rcon_password: pw\n");

        Assert.Equal(ExitCodes.RuntimeFailure, code);
        Assert.Contains("not reachable", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadConfiguration_IsAFindingWithItsLocation()
    {
        var (code, output) = await DoctorAsync("servers:\n  s1:\n    log_path: a.log\n    rcon_port: nope\n");

        Assert.Equal(ExitCodes.RuntimeFailure, code);
        Assert.Contains("servers.yml:4:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChannelsAndWebhooks_EveryInjectedProblemIsReported()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        fake.AddWebhook("900", "hook-token", "20");
        fake.UnknownChannels["11"] = true;
        fake.ForbiddenChannels["12"] = true;
        fake.ChannelOverwrites["13"] = [new FactorioIsr.FakeDiscord.FakeOverwrite(fake.GuildId, 0, 0, 1UL << 14)]; // @everyone: no Embed Links
        var log = _dir.Write("console.log", "2026-12-01 20:00:00 [CHAT] bob: hi\n");
        var (code, output) = await DoctorAsync($"""
            discord:
              token: "{fake.Options.Token}"
              api_base_url: "{fake.BaseUrl}"
            servers:
              s1:
                log_path: "{log}"
                event_channel_id: 10
                channels:
                  unknown: 11
                  hidden: 12
                  plain: 13
              s2:
                log_path: "{log}"
                webhook_url: https://discord.com/api/webhooks/900/hook-token
              s3:
                log_path: "{log}"
                webhook_url: https://discord.com/api/webhooks/901/deleted-token
            """);

        Assert.Equal(ExitCodes.RuntimeFailure, code);
        Assert.Contains("may view, send, embed links and attach files", Line(output, "10 (s1)"), StringComparison.Ordinal);
        Assert.Contains("unknown channel", Line(output, "11 (s1)"), StringComparison.Ordinal);
        Assert.Contains("Copy Channel ID", Line(output, "11 (s1)"), StringComparison.Ordinal);
        Assert.Contains("cannot see this channel", Line(output, "12 (s1)"), StringComparison.Ordinal);
        Assert.Contains("lacks Embed Links", Line(output, "13 (s1)"), StringComparison.Ordinal);
        Assert.Contains("allow Embed Links", Line(output, "13 (s1)"), StringComparison.Ordinal);
        Assert.Contains("reachable", Line(output, "900 (s2)"), StringComparison.Ordinal);
        Assert.Contains("the webhook was deleted", Line(output, "901 (s3)"), StringComparison.Ordinal);
        Assert.Contains("New Webhook", Line(output, "901 (s3)"), StringComparison.Ordinal);
        Assert.Contains("off (not needed: the chat bridge is off)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hook-token", output, StringComparison.Ordinal);
        Assert.DoesNotContain("deleted-token", output, StringComparison.Ordinal);
        Assert.Contains("4 problem(s) found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BotNotInTheServer_AndAMissingMessageContentIntent_AreReported()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        fake.BotIsMember = false;
        var log = _dir.Write("console.log", "");
        var (code, output) = await DoctorAsync($"""
            discord:
              token: "{fake.Options.Token}"
              api_base_url: "{fake.BaseUrl}"
            servers:
              s1:
                log_path: "{log}"
                event_channel_id: 10
            """);
        Assert.Equal(ExitCodes.RuntimeFailure, code);
        Assert.Contains("not a member of the channel's server", Line(output, "10 (s1)"), StringComparison.Ordinal);

        // The chat bridge on: Message Content is needed, then present.
        var preflight = FactorioIsr.Hosting.RelayPreflight.Run(_dir.Combine("servers.yml"), Path.Combine(RepositoryRoot.Path, "patterns"), new FactorioIsr.Configuration.ConfigEnvironment(new Dictionary<string, string>(), _dir.Combine("secrets")));
        var settings = preflight.Settings!;
        var missing = await FactorioIsr.Doctor.DiscordChecks.RunAsync(settings, needsMessageContent: true, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        var intent = Assert.Single(missing, f => f.Check == "intents");
        Assert.False(intent.Passed);
        Assert.Contains("Privileged Gateway Intents", intent.Fix, StringComparison.Ordinal);

        fake.ApplicationFlags = 1UL << 19; // GATEWAY_MESSAGE_CONTENT_LIMITED counts
        var present = await FactorioIsr.Doctor.DiscordChecks.RunAsync(settings, needsMessageContent: true, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.True(Assert.Single(present, f => f.Check == "intents").Passed);
    }

    [Fact]
    public async Task LogFileNotWrittenForHours_IsAWarning_AndAFailureForACurrentLogWhileRconAnswers()
    {
        await using var sim = await TestSimulator.StartAsync();
        var console = _dir.Write("console.log", "2026-12-01 20:00:00 [CHAT] bob: hi\n");
        var current = _dir.Write("factorio-current.log", "   0.000 2026-12-01 20:00:00; Factorio 2.0.77\n   1.000 Info Main.cpp:1: hello\n");
        File.SetLastWriteTimeUtc(console, TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(-3));
        File.SetLastWriteTimeUtc(current, TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(-5));

        var (quiet, warned) = await DoctorAsync($"""
            servers:
              s1:
                log_path: "{console}"
            """);
        Assert.Equal(ExitCodes.Ok, quiet); // an idle server writes nothing to its console log: worth a look, not a failure
        Assert.Contains("WARN", Line(warned, "console.log"), StringComparison.Ordinal);
        Assert.Contains("not written for 3 hours", Line(warned, "console.log"), StringComparison.Ordinal);

        var (code, output) = await DoctorAsync($"""
            servers:
              s1:
                current_log_path: "{current}"
                rcon_host: 127.0.0.1
                rcon_port: {sim.Port()}
                rcon_password: "{TestSimulator.Password}"
            """);
        Assert.Equal(ExitCodes.RuntimeFailure, code);
        Assert.Contains("FAIL", Line(output, "factorio-current.log"), StringComparison.Ordinal);
        Assert.Contains("the server answers RCON", Line(output, "factorio-current.log"), StringComparison.Ordinal);
    }

    private static string Line(string output, string subject) =>
        output.Split('\n').FirstOrDefault(l => l.Contains(subject, StringComparison.Ordinal)) ?? $"(no line with {subject} in:\n{output})";
}
