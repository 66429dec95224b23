using System.Net;
using FactorioIsr.Discord.Messages;
using FactorioIsr.Discord.Rest;

namespace FactorioIsr.Tests.Discord;

public sealed class DiscordRestClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateMessage_ValidMessage_RecordedWithExplicitAllowedMentionsAndValidBody()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var client = DiscordTestKit.CreateClient(fake);

        var created = await client.CreateMessageAsync("100", DiscordMessage.Text("hello @everyone"), "n-1", Ct);

        var message = Assert.Single(fake.Messages);
        Assert.Equal(created.Id, message.Id);
        Assert.Equal("hello @everyone", message.Content);
        Assert.Equal("n-1", message.Nonce);
        Assert.Equal("""{"parse":[]}""", message.AllowedMentions?.GetRawText());
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task Endpoints_AllUsedRoutes_AnswerAndValidate()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        fake.AddWebhook("900", "tok", "100");
        fake.Roles["42"] = "ops";
        using var client = DiscordTestKit.CreateClient(fake);

        var app = await client.GetCurrentApplicationAsync(Ct);
        var gateway = await client.GetGatewayBotAsync(Ct);
        var sent = await client.CreateMessageAsync("100", DiscordMessage.Text("a"), null, Ct);
        await client.EditMessageAsync("100", sent.Id, DiscordMessage.Text("b"), Ct);
        var hooked = await client.ExecuteWebhookAsync("900", "tok", DiscordMessage.Text("c"), "Alice", "https://example.com/a.png", Ct);
        await client.EditWebhookMessageAsync("900", "tok", hooked.Id, DiscordMessage.Text("d"), Ct);
        await client.DeleteWebhookMessageAsync("900", "tok", hooked.Id, Ct);
        var commands = await client.BulkOverwriteCommandsAsync(app.Id, null,
            [new FactorioIsr.Discord.JsonModels.JsonApplicationCommand { Name = "factorio", Description = "Factorio tools", Type = 1 }], Ct);
        await client.BulkOverwriteCommandsAsync(app.Id, "555", [], Ct);
        await client.RespondToInteractionAsync("777", "itok", new FactorioIsr.Discord.Interactions.JsonInteractionReply
        {
            Type = 4,
            Data = new() { Content = "Done", Flags = 64, AllowedMentions = new() },
        }, Ct);
        var followup = await client.CreateFollowupAsync(app.Id, "itok", DiscordMessage.Text("more"), ephemeral: true, Ct);
        await client.EditFollowupAsync(app.Id, "itok", "@original", DiscordMessage.Text("edited"), Ct);
        await client.DeleteFollowupAsync(app.Id, "itok", followup.Id, Ct);
        var roles = await client.GetGuildRolesAsync("555", Ct);

        Assert.Equal(fake.Options.ApplicationId, app.Id);
        Assert.StartsWith("ws://127.0.0.1:", gateway.Url, StringComparison.Ordinal);
        Assert.Single(commands);
        Assert.Equal("ops", Assert.Single(roles).Name);
        Assert.Equal(3, fake.Messages.Count);
        Assert.Equal("Alice", fake.Messages[1].Username);
        Assert.All(fake.Requests, r => Assert.InRange(r.Status, 200, 299));
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task CreateMessage_ContentOver2000_ThrowsInvalidFormBodyWithFieldPath()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var client = DiscordTestKit.CreateClient(fake);

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => client.CreateMessageAsync("100", DiscordMessage.Text(new string('x', 2001)), null, Ct));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(50035, error.Code);
        Assert.False(error.IsTransient);
        Assert.Contains("content[BASE_TYPE_MAX_LENGTH]: Must be 2000 or fewer in length.", error.FieldErrors);
    }

    [Fact]
    public async Task OpenApiValidator_InvalidBody_IsRecorded()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var http = new HttpClient();
        using var content = new StringContent("""{"content":"x","allowed_mentions":{"parse":["nobody"]},"nonce":"12345678901234567890123456"}""",
            System.Text.Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fake.BaseUrl, "channels/1/messages")) { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization", "Bot " + fake.Options.Token);
        request.Headers.TryAddWithoutValidation("User-Agent", "DiscordBot (test, 1)");

        using var response = await http.SendAsync(request, Ct);

        var failure = Assert.Single(fake.ValidationFailures);
        Assert.Contains("/allowed_mentions/parse/0", string.Join(" ", failure.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateInteractionResponse_SecondOrLateCallback_DiscordErrorCodes()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var fake = await DiscordTestKit.StartFakeAsync(new FactorioIsr.FakeDiscord.FakeDiscordOptions { Time = time });
        using var client = DiscordTestKit.CreateClient(fake, time);
        var response = new FactorioIsr.Discord.Interactions.JsonInteractionReply { Type = 5, Data = new() { Flags = 64 } };
        fake.RegisterInteraction("1");
        fake.RegisterInteraction("2");

        await client.RespondToInteractionAsync("1", "t1", response, Ct);
        var twice = await Assert.ThrowsAsync<DiscordRestException>(() => client.RespondToInteractionAsync("1", "t1", response, Ct));
        time.Advance(TimeSpan.FromSeconds(4));
        var late = await Assert.ThrowsAsync<DiscordRestException>(() => client.RespondToInteractionAsync("2", "t2", response, Ct));

        Assert.Equal((HttpStatusCode.BadRequest, 40060), (twice.StatusCode, twice.Code));
        Assert.Equal((HttpStatusCode.NotFound, 10062), (late.StatusCode, late.Code));
        Assert.Equal([204, 400, 404], fake.Requests.Select(r => r.Status));
        DiscordTestKit.AssertValidBodies(fake);
    }
}
