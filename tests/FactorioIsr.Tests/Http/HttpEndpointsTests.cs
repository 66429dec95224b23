using System.Diagnostics;
using System.Text.Json;
using FactorioIsr.Http;
using FactorioIsr.Tests.Discord;
using FactorioIsr.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FactorioIsr.Tests.Http;

/// <summary>/health, /ready and /metrics of the real host on loopback, with the fake Discord.</summary>
[Collection(FactorioIsr.Tests.Simulator.ExternalProcesses.Name)]
public sealed class HttpEndpointsTests : IDisposable
{
    private const string Token = "bot-token-9f8e7d6c5b4a";
    private const string WebhookToken = "hook-token-abcdefghijklmnop0123456789";
    private const string RconPassword = "rcon-pass-5f4e3d2c1b";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>With <paramref name="rcon"/>, alpha has an RCON endpoint nobody listens on (its password is a secret to look for).</summary>
    private static string Yaml(Uri discord, string log, bool rcon = true) => $$"""
        discord:
          token: ${ISR_TEST_TOKEN}
          api_base_url: "{{discord}}"
        servers:
          alpha:
            log_path: "{{log}}"
            start_at: beginning
            event_channel_id: 10
        {{(rcon ? "    rcon_host: 127.0.0.1\n    rcon_port: 1\n    rcon_password: ${ISR_TEST_RCON}" : "")}}
          beta:
            log_path: "{{log}}.beta"
            webhook_url: ${ISR_TEST_WEBHOOK}
        """;

    private static Dictionary<string, string> Secrets() => new(StringComparer.Ordinal)
    {
        ["ISR_TEST_TOKEN"] = Token,
        ["ISR_TEST_RCON"] = RconPassword,
        ["ISR_TEST_WEBHOOK"] = $"https://discord.com/api/webhooks/123456789012345678/{WebhookToken}",
    };

    [Fact]
    public async Task Health_IsTheReferenceBodyPlusOurFields()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync(new FactorioIsr.FakeDiscord.FakeDiscordOptions { Token = Token });
        var log = _dir.Write("console.log", "");
        await using var relay = await RelayUnderTest.StartAsync(_dir, Yaml(fake.BaseUrl, log), Secrets());

        var (status, body, type) = await relay.GetAsync("/health");

        Assert.Equal(200, status);
        Assert.StartsWith("application/json", type, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("factorio-isr", json.RootElement.GetProperty("service").GetString());
        Assert.True(json.RootElement.GetProperty("started").GetBoolean());
        Assert.True(json.RootElement.TryGetProperty("uptime_seconds", out _));
    }

    [Fact]
    public async Task Ready_ListsTailersDeliveryAndDiscord_AndRconAsNotConfigured()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync(new FactorioIsr.FakeDiscord.FakeDiscordOptions { Token = Token });
        var log = _dir.Write("console.log", "2026-12-01 20:00:00 [CHAT] bob: hello\n");
        // No RCON: a server with RCON configured that is not connected makes /ready 503 (RconReadinessTests).
        await using var relay = await RelayUnderTest.StartAsync(_dir, Yaml(fake.BaseUrl, log, rcon: false), Secrets());

        // Both tailers have looked at their file: alpha's line is read, beta's file is found missing (under load the
        // second can come after the first).
        var (status, body) = await relay.WaitForAsync("/ready", (_, b) => b.Contains("\"offset\":38", StringComparison.Ordinal) && b.Contains("\"missing\":true", StringComparison.Ordinal));

        Assert.Equal(200, status);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("ready", root.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("config_error").ValueKind);
        var alpha = root.GetProperty("servers").EnumerateArray().Single(s => s.GetProperty("tag").GetString() == "alpha");
        var tailer = alpha.GetProperty("tailers")[0];
        Assert.Equal(log, tailer.GetProperty("file").GetString());
        Assert.Equal(38, tailer.GetProperty("offset").GetInt64());
        Assert.Equal(0, tailer.GetProperty("lag_bytes").GetInt64());
        Assert.Equal(JsonValueKind.String, tailer.GetProperty("last_line_time").ValueKind);
        Assert.Equal("not_configured", alpha.GetProperty("rcon").GetProperty("state").GetString());
        Assert.Equal("discord:channel:10", alpha.GetProperty("delivery")[0].GetProperty("destination").GetString());
        var beta = root.GetProperty("servers").EnumerateArray().Single(s => s.GetProperty("tag").GetString() == "beta");
        Assert.True(beta.GetProperty("tailers")[0].GetProperty("missing").GetBoolean());
        Assert.Equal("ok", root.GetProperty("discord").GetProperty("rest").GetProperty("state").GetString());
        Assert.True(root.GetProperty("ingest").TryGetProperty("outbox_rows", out _));
    }

    [Fact]
    public async Task Ready_Is503UntilStartUpFinished()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync(new FactorioIsr.FakeDiscord.FakeDiscordOptions { Token = Token });
        var log = _dir.Write("console.log", "");
        await using var relay = await RelayUnderTest.StartAsync(_dir, Yaml(fake.BaseUrl, log), Secrets(), start: false);

        var answer = await relay.Services.GetRequiredService<HealthResponses>().ReadyAsync(TestContext.Current.CancellationToken);

        Assert.Equal(503, answer.StatusCode);
        Assert.Contains("start-up has not finished", System.Text.Encoding.UTF8.GetString(answer.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_FlipsTo503WhenDiscordRejectsTheToken_AndBackWithTheRightToken()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync(new FactorioIsr.FakeDiscord.FakeDiscordOptions { Token = "another-token" });
        var log = _dir.Write("console.log", "2026-12-01 20:00:00 [CHAT] bob: hello\n");
        await using (var relay = await RelayUnderTest.StartAsync(_dir, Yaml(fake.BaseUrl, log), Secrets()))
        {
            // 503 comes first for "start-up has not finished"; the rejected token follows once the first delivery tried.
            var (status, body) = await relay.WaitForAsync("/ready", (s, b) => s == 503 && b.Contains("Discord rejected the bot token", StringComparison.Ordinal));

            Assert.Equal(503, status);
            Assert.Contains("Discord rejected the bot token", body, StringComparison.Ordinal);
            Assert.Contains("\"token_rejected\"", body, StringComparison.Ordinal);
            // Liveness is not readiness: a rejected token needs a person, not a restart.
            Assert.Equal(200, (await relay.GetAsync("/health")).Status);
        }

        fake.Options.Token = Token;
        await using (var relay = await RelayUnderTest.StartAsync(_dir, Yaml(fake.BaseUrl, log, rcon: false), Secrets()))
        {
            var (status, _) = await relay.WaitForAsync("/ready", (s, _) => s == 200);
            Assert.Equal(200, status);
        }
    }

    [Fact]
    public async Task Metrics_PassPromtool_AndCarryTheNamedSeries()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync(new FactorioIsr.FakeDiscord.FakeDiscordOptions { Token = Token });
        var log = _dir.Write("console.log", "2026-12-01 20:00:00 [CHAT] bob: hello\n");
        await using var relay = await RelayUnderTest.StartAsync(_dir, Yaml(fake.BaseUrl, log), Secrets());
        await relay.WaitForAsync("/ready", (_, b) => b.Contains("\"offset\":38", StringComparison.Ordinal));

        var (status, body, type) = await relay.GetAsync("/metrics");

        Assert.Equal(200, status);
        Assert.StartsWith("text/plain; version=0.0.4", type, StringComparison.Ordinal);
        foreach (var series in new[]
        {
            "isr_tail_lines_total", "isr_tail_lag_bytes{server=\"alpha\",source=\"console\"}", "isr_outbox_rows", "isr_outbox_bytes",
            "isr_delivery_dead_letters_total", "isr_ready", "isr_started", "isr_delivery_state{destination=\"discord:channel:10\"",
            "process_cpu_seconds_total", "process_resident_memory_bytes", "process_start_time_seconds",
        })
        {
            Assert.Contains(series, body, StringComparison.Ordinal);
        }

        var (code, output) = await PromtoolAsync(body);
        Assert.True(code == 0, $"promtool check metrics (exit {code}):\n{output}\n---\n{body}");
    }

    [Fact]
    public async Task NoEndpointBody_CarriesAConfiguredSecret()
    {
        // A rejected token, a webhook that does not exist: the error paths, where a secret could slip into a message.
        await using var fake = await DiscordTestKit.StartFakeAsync(new FactorioIsr.FakeDiscord.FakeDiscordOptions { Token = "another-token" });
        var log = _dir.Write("console.log", "2026-12-01 20:00:00 [CHAT] bob: hello\n");
        File.WriteAllText(log + ".beta", "2026-12-01 20:00:00 [CHAT] eve: hi\n");
        var secrets = Secrets();
        await using var relay = await RelayUnderTest.StartAsync(_dir, Yaml(fake.BaseUrl, log).Replace("https://discord.com/api/webhooks", fake.BaseUrl + "webhooks", StringComparison.Ordinal), secrets);
        await relay.WaitForAsync("/ready", (s, _) => s == 503);

        foreach (var path in new[] { "/health", "/ready", "/metrics" })
        {
            var (_, body, _) = await relay.GetAsync(path);
            foreach (var secret in new[] { Token, WebhookToken, RconPassword, secrets["ISR_TEST_WEBHOOK"] })
            {
                Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
            }
        }
    }

    internal static async Task<(int Code, string Output)> PromtoolAsync(string metrics)
    {
        var info = new ProcessStartInfo("promtool", ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("promtool not found (.ci/install.d/40-http.sh installs it)");
        await process.StandardInput.WriteAsync(metrics);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
