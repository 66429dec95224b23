using FactorioIsr.Tests.Discord;
using FactorioIsr.Tests.Http;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Hosting;

/// <summary>
/// mentions.yml reloads with servers.yml (file change and SIGHUP): the running Discord outputs resolve the next
/// message with the new aliases, without a restart and without touching the servers.
/// </summary>
[Collection(FactorioIsr.Tests.Simulator.ExternalProcesses.Name)]
public sealed class MentionsReloadTests : IDisposable
{
    private const string Token = "bot-token-mentions-reload";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Mentions(string userId) => $$"""
        mentions:
          aliases:
            alice: { user_id: "{{userId}}" }
        """;

    [Fact]
    public async Task ChangedMentionsYml_TakesEffectWithoutRestart()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync(new FactorioIsr.FakeDiscord.FakeDiscordOptions { Token = Token });
        var mentions = _dir.Write("mentions.yml", Mentions("111111111111111111"));
        var log = _dir.Write("console.log", "2026-12-01 20:00:00 [CHAT] bob: hi @alice\n");
        var config = _dir.Write("servers.yml", $$"""
            discord:
              token: {{Token}}
              api_base_url: "{{fake.BaseUrl}}"
              mentions_path: "{{mentions}}"
            servers:
              alpha:
                log_path: "{{log}}"
                start_at: beginning
                event_channel_id: 10
                channels:
                  chat: { channel_id: 10, allow_role_mentions: true }
                  events: { channel_id: 10, allow_role_mentions: true }
                  alerts: { channel_id: 10, allow_role_mentions: true }
                  status: { channel_id: 10, allow_role_mentions: true }
            """);
        await using var relay = await RelayUnderTest.StartAsync(_dir, "", configPath: config);
        await WaitForMessageAsync(fake, "<@111111111111111111>");

        File.WriteAllText(mentions, Mentions("222222222222222222"));
        await relay.WaitForAsync("/ready", (_, b) => b.Contains("\"reloads\":1", StringComparison.Ordinal));
        File.AppendAllText(log, "2026-12-01 20:00:05 [CHAT] bob: again @alice\n");

        var again = await WaitForMessageAsync(fake, "<@222222222222222222>");
        Assert.Contains("again", again.Content, StringComparison.Ordinal);
        Assert.Contains("222222222222222222", again.AllowedMentions!.Value.GetRawText(), StringComparison.Ordinal);
        Assert.Single(fake.Messages, m => m.Content!.Contains("hi", StringComparison.Ordinal)); // the server was not restarted: nothing re-read
    }

    private static async Task<FactorioIsr.FakeDiscord.FakeMessage> WaitForMessageAsync(FactorioIsr.FakeDiscord.FakeDiscordServer fake, string text)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (fake.Messages.FirstOrDefault(m => m.Content?.Contains(text, StringComparison.Ordinal) == true) is { } message)
            {
                return message;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"no message with {text}; got: {string.Join(" | ", fake.Messages.Select(m => m.Content))}");
        return null!;
    }
}
