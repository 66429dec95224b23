using System.Text.Json.Nodes;
using FactorioIsr.Commands;
using FactorioIsr.Configuration;
using FactorioIsr.Discord.Gateway;
using FactorioIsr.Discord.Interactions;
using FactorioIsr.Discord.Rest;
using FactorioIsr.FakeDiscord;
using FactorioIsr.FakeDiscord.Interactions;
using FactorioIsr.Monitoring;
using FactorioIsr.Tests.Discord;
using FactorioIsr.Tests.Monitoring;
using FactorioIsr.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Commands;

/// <summary>
/// <c>/factorio status</c> for one server end to end: the simulator (on a fake clock, so the monitor's UPS samples and
/// sample history are real), the server's <see cref="ServerMonitor"/>, the <see cref="InteractionRouter"/> taking the
/// INTERACTION_CREATE, and the fake Discord, which sees the deferral and then the multipart edit of <c>@original</c>
/// carrying the status board's card and its PNG chart.
/// </summary>
public sealed class StatusCardCommandTests
{
    private static readonly StatusBoardOptions BoardOptions = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Status_DefersThenEditsOriginal_WithTheBoardsCard_AndA800x300PngChart()
    {
        await using var rig = await Rig.StartAsync(players: 3);
        await rig.H.CommandAsync("/sim ups 45");
        await rig.H.Monitor.CheckRconAsync(Ct);
        await rig.H.SampleAsync(12); // 2 minutes of interval samples: the UPS reading and a few history points

        var reply = await rig.StatusAsync("sim1");

        Assert.Equal(InteractionType.CallbackDeferredMessage, Assert.Single(reply.Callbacks).Type);
        Assert.Equal(204, reply.Callbacks[0].Status);
        var edit = Assert.Single(reply.Edits);
        Assert.Equal(200, edit.Status);
        Assert.True(edit.Multipart);

        // The embed is the status board's card, and its figures are the simulator's.
        var embed = edit.Body!["embeds"]![0]!;
        Assert.Equal("🏭 Sim 1 status", embed["title"]!.GetValue<string>());
        Assert.StartsWith("🟢 Online", embed["description"]!.GetValue<string>(), StringComparison.Ordinal);
        var fields = Fields(embed);
        Assert.StartsWith("45.0/60.0 · SMA 45.0 · EMA 45.0", fields["UPS"], StringComparison.Ordinal);
        var online = await rig.SimulatorPlayersAsync();
        Assert.Equal(3, online.Count);
        Assert.True(fields.ContainsKey("👥 Players (3)"), string.Join(" | ", fields.Keys));
        Assert.Equal(string.Join(", ", online.Select(n => FactorioIsr.Security.GameTextEscaper.Escape(n))), fields["👥 Players (3)"]); // markdown escaped
        Assert.Contains("nauvis", fields["🐛 Evolution"], StringComparison.Ordinal);
        Assert.Contains("done)", fields["🔬 Research"], StringComparison.Ordinal);

        // The chart: files[0] named by the attachments list and shown by the embed, a PNG that decodes to 800×300.
        Assert.Equal("attachment://ups.png", embed["image"]!["url"]!.GetValue<string>());
        var listed = Assert.Single(edit.Body!["attachments"]!.AsArray());
        Assert.Equal("0", listed!["id"]!.GetValue<string>());
        Assert.Equal("ups.png", listed["filename"]!.GetValue<string>());
        var file = Assert.Single(edit.Files!);
        Assert.Equal("ups.png", file.FileName);
        Assert.Equal((800, 300), StatusChartTests.PngSize(file.Content));
        using (var bitmap = SkiaSharp.SKBitmap.Decode(file.Content))
        {
            Assert.NotNull(bitmap);
            Assert.Equal((800, 300), (bitmap.Width, bitmap.Height));
        }

        Assert.Equal(1, rig.H.Monitor.Charts.Renders);
        TestContext.Current.SendDiagnosticMessage($"status chart render: {rig.H.Monitor.Charts.Last!.RenderTime.TotalMilliseconds:0.0} ms (cold, first in this process may include ScottPlot start-up)");
        DiscordTestKit.AssertValidBodies(rig.Fake);
    }

    [Fact]
    public async Task Status_WithoutSampleHistory_SendsTheEmbedWithoutAChart_AndSaysWhy()
    {
        await using var rig = await Rig.StartAsync(players: 1);
        await rig.H.Monitor.CheckRconAsync(Ct);

        var reply = await rig.StatusAsync("sim1");

        var edit = Assert.Single(reply.Edits);
        Assert.Equal(200, edit.Status);
        Assert.False(edit.Multipart); // a plain JSON edit: nothing to upload
        Assert.Null(edit.Body!["attachments"]);
        var embed = edit.Body!["embeds"]![0]!;
        Assert.Null(embed["image"]);
        Assert.EndsWith(StatusCard.NoHistoryNote, embed["footer"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, rig.H.Monitor.Charts.Renders);
        DiscordTestKit.AssertValidBodies(rig.Fake);
    }

    [Fact]
    public async Task Status_TwiceInARow_AndABurst_RenderTheChartOnce()
    {
        await using var rig = await Rig.StartAsync(players: 2);
        await rig.H.Monitor.CheckRconAsync(Ct);
        await rig.H.SampleAsync(6);

        var first = await rig.StatusAsync("sim1");
        rig.H.Time.Advance(TimeSpan.FromSeconds(30));
        var second = await rig.StatusAsync("sim1");
        Assert.Equal(1, rig.H.Monitor.Charts.Renders);
        Assert.Equal(Assert.Single(first.Edits).Files![0].Content, Assert.Single(second.Edits).Files![0].Content);
        Assert.EndsWith("chart from 30 s ago", second.Edits[0].Body!["embeds"]![0]!["footer"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);

        // Twenty at once, with the kept chart too old: one render, shared by all of them.
        rig.H.Time.Advance(TimeSpan.FromMinutes(6));
        var burst = Enumerable.Range(0, 20).Select(_ => rig.Inject("sim1")).ToList();
        await rig.Router.Idle;
        Assert.Equal(2, rig.H.Monitor.Charts.Renders);
        Assert.All(burst, b => Assert.True(Assert.Single(b.Edits).Multipart));
        Assert.Single(burst.Select(b => Convert.ToHexString(b.Edits[0].Files![0].Content)).Distinct());
        DiscordTestKit.AssertValidBodies(rig.Fake);
    }

    [Fact]
    public async Task Status_TakesTheChartTheStatusBoardRendered()
    {
        await using var rig = await Rig.StartAsync(players: 2, edit: true);
        var board = new StatusBoard(rig.H.Store, rig.Rest, BoardOptions, NullLogger.Instance);
        await rig.H.Monitor.CheckRconAsync(Ct);
        await rig.H.SampleAsync(6);
        await rig.H.Monitor.CollectStatsAsync(Ct);
        await board.UpdateAsync([rig.H.Monitor], null, Ct);
        var posted = Assert.Single(Assert.Single(rig.Fake.Messages, m => m.ChannelId == Rig.StatusChannel).Attachments!);
        Assert.Equal(1, rig.H.Monitor.Charts.Renders);

        var reply = await rig.StatusAsync("sim1");

        Assert.Equal(1, rig.H.Monitor.Charts.Renders);
        Assert.Equal(posted.Content, Assert.Single(Assert.Single(reply.Edits).Files!).Content);
        DiscordTestKit.AssertValidBodies(rig.Fake);
    }

    [Fact]
    public async Task Status_WhileRconIsDown_ShowsTheOfflineCardSinceWhen_WithoutInventedFigures()
    {
        await using var rig = await Rig.StartAsync(players: 2);
        await rig.H.Monitor.CheckRconAsync(Ct);
        await rig.H.SampleAsync(3);
        await rig.H.CommandAsync("/sim rcon-down 600");
        for (var i = 0; i < 200 && rig.H.Monitor.Client.IsConnected; i++)
        {
            await Task.Delay(25, Ct);
        }

        Assert.False(rig.H.Monitor.Client.IsConnected);
        await rig.H.Monitor.CheckRconAsync(Ct);
        var sent = rig.Received.Count;

        var reply = await rig.StatusAsync("sim1");

        var callback = Assert.Single(reply.Callbacks);
        Assert.Equal(InteractionType.CallbackDeferredMessage, callback.Type); // not an ephemeral refusal: the card
        var embed = Assert.Single(reply.Edits).Body!["embeds"]![0]!;
        var description = embed["description"]!.GetValue<string>();
        Assert.StartsWith("🔴 Offline for ", description, StringComparison.Ordinal);
        Assert.Matches(@"\(since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)", description);
        var fields = Fields(embed);
        Assert.Equal("no reading (offline)", fields["UPS"].Split('\n')[0]);
        Assert.Equal("not read yet", fields["👥 Players"]); // no stats were read before it went down: none shown
        Assert.Equal(sent, rig.Received.Count); // nothing was sent over RCON for it
        DiscordTestKit.AssertValidBodies(rig.Fake);
    }

    [Fact]
    public async Task Status_OfTheConnectedServer_AndServerAll_StaysAnOverviewWithoutCharts()
    {
        await using var h = await CommandHarness.StartAsync(servers: 2);
        var connect = await h.RunAsync("connect", CommandHarness.Plain, options: ("server", "sim2"));
        Assert.Equal("✅ Connected to Sim 2", connect.Title);

        var mine = await h.RunAsync("status", CommandHarness.Plain);
        Assert.Equal("🏭 Sim 2 status", mine.Title);

        var all = await h.RunAsync("status", CommandHarness.Plain, options: ("server", "all"));
        Assert.StartsWith("🏭 All servers", all.Title, StringComparison.Ordinal);
        var edit = Assert.Single(all.Edits);
        Assert.False(edit.Multipart);
        Assert.Single(edit.Body!["embeds"]!.AsArray());
        Assert.Null(edit.Body!["embeds"]![0]!["image"]);
        DiscordTestKit.AssertValidBodies(h.Fake);
    }

    private static Dictionary<string, string> Fields(JsonNode embed) =>
        embed["fields"]!.AsArray().ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>(), StringComparer.Ordinal);

    /// <summary>One simulated server on a fake clock with its monitor, the fake Discord, and a router over them.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        public const string StatusChannel = "300";

        private Rig(MonitorHarness h, FakeDiscordServer fake, DiscordRestClient rest)
        {
            H = h;
            Fake = fake;
            Rest = rest;
        }

        public MonitorHarness H { get; }

        public FakeDiscordServer Fake { get; }

        public DiscordRestClient Rest { get; }

        public InteractionRouter Router { get; private set; } = null!;

        public IReadOnlyList<string> Received => [.. H.Sim.SimulatedServers[0].Received];

        public static async Task<Rig> StartAsync(int players, bool edit = false)
        {
            var h = await MonitorHarness.StartAsync(MonitorHarness.FastSettings with { StatsMode = edit ? StatsMode.Edit : StatsMode.Post }, players: players);
            if (edit)
            {
                h.StatusChannelId = StatusChannel;
                await h.NewMonitorAsync();
            }

            var fake = await DiscordTestKit.StartFakeAsync();
            var rest = DiscordTestKit.CreateClient(fake);
            var rig = new Rig(h, fake, rest);
            var config = new ServerConfig
            {
                Tag = "sim1",
                Name = "Sim 1",
                Rcon = new RconConfig("127.0.0.1", h.Sim.Servers[0].RconPort, new Secret(MonitorHarness.Password)),
            };
            var servers = new CommandHarness.TestServers([config], TestPatterns.Shipped);
            servers.Monitors["sim1"] = h.Monitor;
            var registry = FactorioCommandSet.Create();
            var environment = new CommandEnvironment(servers, registry, new UserContexts(h.Store), TimeProvider.System);
            var discord = DiscordSettings.Defaults with { ApplicationId = ulong.Parse(fake.Options.ApplicationId, System.Globalization.CultureInfo.InvariantCulture) };
            var permissions = new CommandPermissions(discord, (g, ct) => rest.GetGuildRolesAsync(g, ct), TimeProvider.System);
            var replies = new InteractionReplies(rest, fake.Options.ApplicationId, TimeProvider.System, NullLogger.Instance);
            var cooldowns = new CommandCooldowns(TimeProvider.System, _ => (1000, TimeSpan.FromSeconds(1)));
            rig.Router = new InteractionRouter(registry, environment, permissions, replies, TimeProvider.System, NullLogger<InteractionRouter>.Instance, null, cooldowns);
            return rig;
        }

        /// <summary><c>/factorio status server: TAG</c>, dispatched as the gateway would, answered completely.</summary>
        public async Task<Reply> StatusAsync(string server)
        {
            var reply = Inject(server);
            await Router.Idle;
            return reply;
        }

        public Reply Inject(string server)
        {
            var id = CommandHarness.NextId();
            var interaction = InteractionJson.Command(id, CommandHarness.TopLevelOf(null, "status"), null, "status", CommandHarness.Plain, ("server", server));
            Fake.RegisterInteraction(id);
            var element = System.Text.Json.JsonSerializer.SerializeToElement(interaction);
            Router.HandleAsync(new GatewayDispatch("INTERACTION_CREATE", 1, element), Ct).AsTask().GetAwaiter().GetResult();
            return new Reply(Fake, id, interaction["token"]!.GetValue<string>());
        }

        /// <summary>The names the simulator itself says are online (over a separate RCON connection).</summary>
        public async Task<IReadOnlyList<string>> SimulatorPlayersAsync()
        {
            var text = await H.CommandAsync("/players online");
            return [.. text.Split('\n').Skip(1).Select(l => l.Trim()).Where(l => l.EndsWith(" (online)", StringComparison.Ordinal)).Select(l => l[..^" (online)".Length])];
        }

        public async ValueTask DisposeAsync()
        {
            await Router.Idle;
            Rest.Dispose();
            await Fake.DisposeAsync();
            await H.DisposeAsync();
        }
    }

    /// <summary>What the fake recorded for one injected interaction.</summary>
    private sealed record Reply(FakeDiscordServer Fake, string Id, string Token)
    {
        public IReadOnlyList<FakeInteractionCallback> Callbacks => Fake.Interactions.CallbacksFor(Id);

        public IReadOnlyList<FakeInteractionEdit> Edits => Fake.Interactions.EditsFor(Token);
    }
}
