using System.Text.Json;
using FactorioIsr.Delivery;
using FactorioIsr.Events;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.Discord;

/// <summary>
/// Log lines in, messages recorded by the fake out: the shipped patterns and renderer (the lead's) feeding the Discord
/// outputs, drained the way the outbox does. The tailer and the durable outbox are another feature's; this covers
/// everything from a matched line to Discord.
/// </summary>
public sealed class LogToDiscordTests
{
    private static List<FactorioEvent> SampleEvents()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "samples", "console.log"));
        var events = new List<FactorioEvent>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (TestPatterns.Shipped.Match(LogSourceKind.Console, lines[i]) is not { } match)
            {
                continue;
            }

            var fields = match.Pattern.NamedGroups
                .Where(g => match.Group(g.Number) is not null)
                .ToDictionary(g => g.Name, g => match.Group(g.Number)!);
            events.Add(new FactorioEvent($"s1:console:1:{i}", "s1", LogSourceKind.Console, match.Pattern.Type, match.Player, match.Message,
                fields, match.Pattern.Name, "events", DateTimeOffset.UnixEpoch.AddSeconds(i), lines[i], EventRenderer.Render(match, "s1", lines[i])));
        }

        return events;
    }

    [Fact]
    public async Task SampleConsoleLog_ThroughChannelOutput_ArrivesInOrderCoalescedWithoutPings()
    {
        var events = SampleEvents();
        Assert.True(events.Count >= 15, $"the sample log should match many lines, got {events.Count}");
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var client = DiscordTestKit.CreateClient(fake);
        var output = Some.ChannelOutput(client, "10");

        var outcomes = await Some.DrainAsync(output, Some.Entries(output.Destination, events));

        Assert.All(outcomes, o => Assert.Equal(DeliveryOutcome.Delivered, o));
        var message = Assert.Single(fake.Messages);
        Assert.Equal(events.Select(e => e.Text), message.Content!.Split('\n'));
        Assert.Equal("""{"parse":[]}""", message.AllowedMentions!.Value.GetRawText());
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task SampleConsoleLog_ThroughWebhookOutput_ChatByPlayerOthersByBotInOrder()
    {
        var events = SampleEvents();
        await using var fake = await DiscordTestKit.StartFakeAsync(new FactorioIsr.FakeDiscord.FakeDiscordOptions()
            .WithLimit("POST /webhooks/{webhook_id}/{webhook_token}", 50, TimeSpan.FromSeconds(1)));
        fake.AddWebhook("900", "tok", "10");
        using var client = DiscordTestKit.CreateClient(fake);
        var output = Some.WebhookOutput(client, "sample", "900", "tok");

        var outcomes = await Some.DrainAsync(output, Some.Entries(output.Destination, events));

        Assert.All(outcomes, o => Assert.Equal(DeliveryOutcome.Delivered, o));
        var chats = events.Where(e => e.Type == "chat" && e.Player is not null).ToList();
        Assert.NotEmpty(chats);
        var byPlayer = fake.Messages.Where(m => m.Username != "Factorio ISR").ToList();
        Assert.Equal(chats.Select(c => FactorioIsr.Delivery.DiscordOutputs.DiscordWebhookOutput.WebhookUsername(c.Player!)).Distinct(),
            byPlayer.Select(m => m.Username).Distinct());
        Assert.All(fake.Messages, m => Assert.Equal(JsonValueKind.Array, m.AllowedMentions!.Value.GetProperty("parse").ValueKind));
        Assert.DoesNotContain(fake.Messages, m => m.Content!.Contains("@everyone", StringComparison.Ordinal));
        DiscordTestKit.AssertValidBodies(fake);
    }
}
