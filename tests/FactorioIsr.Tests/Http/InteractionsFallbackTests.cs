using System.Globalization;
using System.Text.Json.Nodes;
using FactorioIsr.Commands;
using FactorioIsr.Configuration;
using FactorioIsr.Discord.Messages;
using FactorioIsr.FakeDiscord;
using FactorioIsr.Http;
using FactorioIsr.Tests.Commands;
using FactorioIsr.Tests.Discord;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactorioIsr.Tests.Http;

/// <summary>
/// The endpoint's own deferral: when the router has no first answer 2.5 s after receipt (here its role-name lookup
/// takes 3.2 s), the response is a deferral, so Discord's 3 s pass without "This interaction failed", and the router's
/// answer, when it comes, edits <c>@original</c>. A router that finishes without answering (a button nobody knows) gets the
/// deferral at once.
/// </summary>
public sealed class InteractionsFallbackTests
{
    private const string OpsRole = "900000000000000009";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASlowRouter_GetsTheEndpointsDeferral_AndItsResultEditsTheReply()
    {
        await using var h = await CommandHarness.StartAsync(servers: 1);
        await using var endpoint = await EndpointUnderTest.StartAsync(h, TimeSpan.FromMilliseconds(3200));

        var save = await h.Fake.HttpInteractions.SendAsync(endpoint.Url, Save(), cancellationToken: Ct);

        Assert.Equal(200, save.Status);
        Assert.Equal(5, save.Type);
        Assert.True(save.Elapsed < TimeSpan.FromSeconds(3), $"answered after {save.Elapsed}");
        Assert.True(save.Elapsed >= InteractionsEndpoint.FallbackAfter - TimeSpan.FromMilliseconds(50), $"answered after {save.Elapsed}");
        Assert.Empty(save.ValidationErrors);
        await h.Router.Idle;
        await endpoint.Router.Idle;
        var edit = Assert.Single(h.Fake.Interactions.EditsFor(save.Token!));
        Assert.True(edit.Status == 200, string.Join("\n", h.Fake.Interactions.Callbacks.Select(c => $"{c.InteractionId} {c.Token} {c.Type} {c.Status} {c.At:O}")) + $"\nedit {edit.Token} {edit.At:O}");
        Assert.Equal("💾 Game Saved", edit.Body!["embeds"]![0]!["title"]!.GetValue<string>());
        Assert.Contains(h.Received(), r => r.StartsWith("/server-save", StringComparison.Ordinal));
        Assert.Equal(1, endpoint.Endpoint.Count(InteractionsEndpoint.Outcome.Deferred));
        Assert.Equal(0, endpoint.Router.Replies.Counts.Late);
        DiscordTestKit.AssertValidBodies(h.Fake);
    }

    [Fact]
    public async Task ASlowRefusal_AfterTheDeferral_EditsTheReplyWithTheReason()
    {
        await using var h = await CommandHarness.StartAsync(servers: 1);
        await using var endpoint = await EndpointUnderTest.StartAsync(h, TimeSpan.FromMilliseconds(3200), roleName: "Not Ops");

        var save = await h.Fake.HttpInteractions.SendAsync(endpoint.Url, Save(), cancellationToken: Ct);

        Assert.Equal(5, save.Type);
        await endpoint.Router.Idle;
        var edit = Assert.Single(h.Fake.Interactions.EditsFor(save.Token!));
        Assert.Contains("needs a moderator or admin role", edit.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(h.Received(), r => r.StartsWith("/server-save", StringComparison.Ordinal));
        DiscordTestKit.AssertValidBodies(h.Fake);
    }

    [Fact]
    public async Task AButtonNobodyKnows_GetsADeferredUpdate_AtOnce()
    {
        await using var h = await CommandHarness.StartAsync(servers: 1);
        await using var endpoint = await EndpointUnderTest.StartAsync(h, TimeSpan.Zero);

        var click = await h.Fake.HttpInteractions.SendAsync(endpoint.Url, new FakeInteractionSpec
        {
            Type = 3,
            Data = new JsonObject { ["custom_id"] = "someone-else:1", ["component_type"] = 2 },
        }, cancellationToken: Ct);

        Assert.Equal(6, click.Type); // DEFERRED_UPDATE_MESSAGE: nothing changes, nothing fails
        Assert.True(click.Elapsed < TimeSpan.FromSeconds(2), $"answered after {click.Elapsed}");
        Assert.Empty(click.ValidationErrors);
    }

    private static FakeInteractionSpec Save() => new()
    {
        CommandName = CommandHarness.TopLevelOf(null, "save"),
        Roles = [OpsRole],
        Options = [new JsonObject { ["name"] = "save", ["type"] = 1, ["options"] = new JsonArray() }],
    };

    /// <summary>The endpoint alone on Kestrel, over a router whose guild-role lookup takes <c>delay</c>.</summary>
    private sealed class EndpointUnderTest : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private EndpointUnderTest(WebApplication app, InteractionsEndpoint endpoint, InteractionRouter router)
        {
            _app = app;
            Endpoint = endpoint;
            Router = router;
        }

        public InteractionsEndpoint Endpoint { get; }

        public InteractionRouter Router { get; }

        public Uri Url => new(_app.Urls.First().TrimEnd('/') + "/interactions");

        public static async Task<EndpointUnderTest> StartAsync(CommandHarness h, TimeSpan delay, string roleName = "Ops")
        {
            var settings = DiscordSettings.Defaults with
            {
                ApplicationId = ulong.Parse(h.Fake.Options.ApplicationId, CultureInfo.InvariantCulture),
                AdminRoleNames = ["Ops"],
            };
            var registry = FactorioCommandSet.Create();
            var environment = new CommandEnvironment(h.Servers, registry, new UserContexts(h.Store), TimeProvider.System);
            var permissions = new CommandPermissions(settings, async (guild, ct) =>
            {
                await Task.Delay(delay, ct);
                return [new DiscordRole(OpsRole, roleName, false)];
            }, TimeProvider.System);
            var replies = new InteractionReplies(h.Rest, h.Fake.Options.ApplicationId, TimeProvider.System, NullLogger.Instance);
            var router = new InteractionRouter(registry, environment, permissions, replies, TimeProvider.System, NullLogger<InteractionRouter>.Instance);
            var endpoint = new InteractionsEndpoint(InteractionSignature.FromHex(h.Fake.HttpInteractions.PublicKeyHex), router, TimeProvider.System,
                NullLogger<InteractionsEndpoint>.Instance);

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
            var app = builder.Build();
            app.Run(endpoint.HandleAsync);
            await app.StartAsync(Ct);
            return new EndpointUnderTest(app, endpoint, router);
        }

        public async ValueTask DisposeAsync()
        {
            await Router.Idle;
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }
}
