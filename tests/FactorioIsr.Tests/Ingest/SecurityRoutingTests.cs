using FactorioIsr.Configuration;
using FactorioIsr.Events;
using FactorioIsr.Ingest;
using FactorioIsr.Security;

namespace FactorioIsr.Tests.Ingest;

/// <summary>Security alerts are private: only their configured route, never the server's public event channel or webhook.</summary>
public sealed class SecurityRoutingTests
{
    private static FactorioEvent Event(string type, string route) => new(
        "id", "s1", LogSourceKind.Monitor, type, "Mallory", null, EventFields.Empty, null, route, DateTimeOffset.UnixEpoch, "", "text");

    private static ServerConfig Server(params (string Name, ulong Id)[] channels) => new()
    {
        Tag = "s1",
        Name = "s1",
        EventChannelId = 111,
        AlertChannelId = 333,
        WebhookUrl = new Secret("https://discord.com/api/webhooks/1/public-token"),
        Channels = channels.ToDictionary(c => c.Name, c => new RouteConfig(c.Name, c.Id, null, false), StringComparer.Ordinal),
    };

    [Fact]
    public void WithoutASecurityRoute_ASecurityEventHasNoDiscordDestination()
    {
        var route = RelayRouter.ForServer(Server());
        Assert.Empty(route(Event(SecurityRoutes.Security, SecurityRoutes.Security)));
        Assert.Empty(route(Event(SecurityRoutes.Security, RouteNames.Events))); // whatever route it claims
        Assert.Equal(["discord:channel:111", "webhook:1"], route(Event("chat", RouteNames.Events))); // others still fall back
    }

    [Fact]
    public void WithASecurityRoute_OnlyThatChannel()
    {
        var route = RelayRouter.ForServer(Server(("security", 999)));
        Assert.Equal(["discord:channel:999"], route(Event(SecurityRoutes.Security, SecurityRoutes.Security)));
    }
}
