using FactorioIsr.Ingest;
using FactorioIsr.Configuration;
using FactorioIsr.Hosting;
using FactorioIsr.Tests.Delivery;
using FactorioIsr.Tests.Tailing;

namespace FactorioIsr.Tests.Ingest;

public sealed class RelayRouterTests
{
    private static IsrConfiguration Load(TempDirectory dir, string yaml)
    {
        var path = dir.File("servers.yml");
        File.WriteAllText(path, yaml);
        var result = ConfigLoader.Load(path, new ConfigEnvironment(new Dictionary<string, string>(), dir.File("no-secrets")));
        Assert.True(result.Succeeded, string.Join('\n', result.Diagnostics));
        return result.Configuration!;
    }

    [Fact]
    public void Route_PatternChannelThroughServerChannels_ChannelAndWebhookDestinations()
    {
        using var dir = new TempDirectory();
        var config = Load(dir, $"""
            servers:
              srv:
                log_path: {dir.File("console.log")}
                event_channel_id: 111
                chat_channel_id: 222
                webhook_url: https://discord.com/api/webhooks/999/secret-token
                channels:
                  admin:
                    channel_id: 333
                    webhook_url: https://discord.com/api/webhooks/444/other-secret
            """);
        var route = RelayRouter.ForServer(config.Servers.Single());
        IReadOnlyList<string> For(string r) => route(DispatcherTests.Event("x") with { Route = r });

        Assert.Equal(["discord:channel:111", "webhook:999"], For("events"));
        Assert.Equal(["discord:channel:222", "webhook:999"], For("chat"));
        Assert.Equal(["discord:channel:333", "webhook:444"], For("admin"));
        Assert.Equal(["discord:channel:111", "webhook:999"], For("unknown-route"));
        Assert.DoesNotContain(For("admin"), d => d.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public void Sources_EnabledServers_StableNamesAndStartAt()
    {
        using var dir = new TempDirectory();
        var config = Load(dir, $"""
            servers:
              a:
                start_at: beginning
                event_channel_id: 1
                sources:
                  - kind: console
                    path: {dir.File("a.log")}
                    rotated: "a.log.*"
                  - kind: current
                    path: {dir.File("factorio-current.log")}
              b:
                enabled: false
                log_path: {dir.File("b.log")}
                event_channel_id: 1
            """);
        var sources = config.Servers.Where(s => s.Enabled).SelectMany(ServerDefinitions.Sources).ToList();
        Assert.Equal(2, sources.Count);
        Assert.Equal(("a", "console", FactorioIsr.Tailing.TailStartAt.Beginning), (sources[0].Server, sources[0].Source, sources[0].StartAt));
        Assert.Equal(["a.log.*"], sources[0].RotatedGlobs!);
        Assert.Equal("current", sources[1].Source);
    }
}
