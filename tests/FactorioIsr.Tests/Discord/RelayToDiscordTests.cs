using FactorioIsr.Ingest;
using FactorioIsr.Configuration;
using FactorioIsr.Delivery.DiscordOutputs;
using FactorioIsr.Delivery.DiscordOutputs.Mentions;
using FactorioIsr.Hosting;
using FactorioIsr.State;
using FactorioIsr.Tailing;
using FactorioIsr.Tests.Support;
using FactorioIsr.Tests.Tailing;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Discord;

/// <summary>
/// The relay end to end, in process: a log file tailed, parsed by the shipped patterns, routed, committed to the
/// SQLite outbox, and delivered by the Discord outputs to the fake, in order (what <c>isr run</c> composes).
/// </summary>
public sealed class RelayToDiscordTests
{
    [Fact]
    public async Task Relay_SampleLog_ArrivesAtTheFakeInOrderThroughOutboxAndDispatcher()
    {
        using var dir = new FactorioIsr.Tests.Tailing.TempDirectory();
        var log = dir.File("console.log");
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "samples", "console.log"));
        await File.WriteAllLinesAsync(log, lines, TestContext.Current.CancellationToken);
        await using var fake = await DiscordTestKit.StartFakeAsync();
        var server = new ServerConfig { Tag = "srv", Name = "srv", EventChannelId = 10 };
        var config = new IsrConfiguration("servers.yml", GlobalSettings.Defaults, [server]);
        var discord = DiscordSettings.Defaults with { Token = new Secret(fake.Options.Token), ApiBaseUrl = fake.BaseUrl };
        using var delivery = new DiscordDelivery(discord, MentionsConfig.Empty, DiscordLooks.Default, null, TimeProvider.System, NullLoggerFactory.Instance);
        using var store = SqliteStateStore.Open(dir.File("state/isr.db"), TimeProvider.System, NullLogger.Instance);
        var expected = lines.Select(l => TestPatterns.Shipped.Match(FactorioIsr.Events.LogSourceKind.Console, l) is { } m ? FactorioIsr.Events.EventRenderer.Render(m, "srv", l) : null)
            .OfType<string>().ToList();
        await using var pipeline = new RelayPipeline(store, [new TailSource("srv", "console", log, TailStartAt.Beginning)],
            PatternLineParser.Create(TestPatterns.Shipped, TimeProvider.System), RelayRouter.ForServer(config.Servers.Single()), delivery.CreateOutputs(config),
            new RelayOptions { Tail = TailerHarness.FastOptions, ShutdownBudget = TimeSpan.FromSeconds(5) }, TimeProvider.System, NullLoggerFactory.Instance);

        await pipeline.StartAsync(TestContext.Current.CancellationToken);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (fake.Messages.Sum(m => m.Content!.Split('\n').Length) < expected.Count && stopwatch.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        await pipeline.StopAsync(TestContext.Current.CancellationToken);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, fake.Messages.SelectMany(m => m.Content!.Split('\n')));
        Assert.All(fake.Messages, m => Assert.Equal("""{"parse":[]}""", m.AllowedMentions!.Value.GetRawText()));
        Assert.All(fake.Messages, m => Assert.Equal("10", m.ChannelId));
        DiscordTestKit.AssertValidBodies(fake);
    }
}
