using System.Text;
using System.Text.Json.Nodes;
using FactorioIsr.Discord.Gateway;
using FactorioIsr.FakeDiscord;

namespace FactorioIsr.Tests.Discord.Gateway;

/// <summary>
/// The fake's checks of the gateway payloads can fail: the client's payloads pass them (the other gateway tests
/// assert no validation failure), and a misspelt field or a wrong type does not.
/// </summary>
public sealed class FakeGatewayValidationTests
{
    [Fact]
    public void ClientPayloads_PassTheDocumentedShapes()
    {
        var presence = new GatewayPresence("online", "3/4 servers");
        Assert.Empty(Validate(GatewayPayloads.WriteIdentify("t", GatewayIntents.GuildMessages | GatewayIntents.MessageContent, "factorio-isr", presence)));
        Assert.Empty(Validate(GatewayPayloads.WriteIdentify("t", GatewayIntents.None, "factorio-isr", null)));
        Assert.Empty(Validate(GatewayPayloads.WriteResume("t", "session", 42)));
        Assert.Empty(Validate(GatewayPayloads.WriteResume("t", "session", null)));
        Assert.Empty(Validate(GatewayPayloads.WriteHeartbeat(null)));
        Assert.Empty(Validate(GatewayPayloads.WriteHeartbeat(7)));
        Assert.Empty(Validate(GatewayPayloads.WritePresence(presence with { ActivityType = 4 })));
        Assert.Empty(Validate(GatewayPayloads.WritePresence(new GatewayPresence("dnd", null))));
    }

    [Theory]
    [InlineData("""{"op":6,"d":{"token":"t","session":"s","seq":1}}""", "d.session_id: required")]
    [InlineData("""{"op":6,"d":{"token":"t","session_id":"s","seq":"1"}}""", "d.seq: must be an integer or null")]
    [InlineData("""{"op":2,"d":{"token":"t","intents":1,"properties":{"$os":"linux","browser":"b","device":"d"}}}""", "d.properties.$os: unknown field")]
    [InlineData("""{"op":2,"d":{"token":"t","properties":{"os":"linux","browser":"b","device":"d"}}}""", "d.intents: required")]
    [InlineData("""{"op":2,"d":{"token":"t","intents":0,"properties":{"os":"linux","browser":"b","device":"d"},"large_threshold":10}}""", "d.large_threshold: must be an integer from 50 to 250")]
    [InlineData("""{"op":3,"d":{"since":null,"activities":[],"status":"away","afk":false}}""", "d.status: must be one of online, dnd, idle, invisible, offline")]
    [InlineData("""{"op":3,"d":{"since":null,"activities":[{"name":"x"}],"status":"online","afk":false}}""", "d.activities[0].type: must be an activity type from 0 to 5")]
    [InlineData("""{"op":1,"d":"7"}""", "d: a heartbeat's d is the last sequence number (an integer) or null")]
    public void WrongShapes_AreReported(string payload, string expected) =>
        Assert.Contains(expected, Validate(Encoding.UTF8.GetBytes(payload)));

    private static IReadOnlyList<string> Validate(byte[] payload)
    {
        var json = (JsonObject)JsonNode.Parse(payload)!;
        return FakeGatewayValidation.Validate(json["op"]!.GetValue<int>(), json);
    }
}
