using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FactorioIsr.Discord.Interactions;
using FactorioIsr.Discord.JsonModels;
using FactorioIsr.Discord.Messages;
using FactorioIsr.Discord.Rest;
using FactorioIsr.FakeDiscord.OpenApi;
using FactorioIsr.Monitoring.Chart;
using FactorioIsr.Tests.Monitoring;

namespace FactorioIsr.Tests.Discord;

/// <summary>
/// The multipart edit of an interaction's <c>@original</c> reply (the status card with its chart) against the fake
/// Discord: <c>payload_json</c> valid against Discord's OpenAPI document for that endpoint, <c>attachments</c> ids that
/// match <c>files[N]</c>, the bytes kept, and the embed's <c>attachment://</c> resolved.
/// </summary>
public sealed class InteractionOriginalUploadTests
{
    private const string Original = "/webhooks/{webhook_id}/{webhook_token}/messages/@original";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonInteractionEdit Card() => new()
    {
        Embeds = DiscordWireMapper.ToWire([new DiscordEmbed { Title = "🏭 Sim 1 status", ImageUrl = "attachment://ups.png" }]),
        AllowedMentions = DiscordWireMapper.ToWire(AllowedMentions.None),
        Components = [],
    };

    /// <summary>A deferred interaction on the fake: its callback sent, so its token takes edits.</summary>
    private static async Task<string> DeferAsync(FakeDiscord.FakeDiscordServer fake, DiscordRestClient client)
    {
        var id = Guid.NewGuid().ToString("N");
        var token = "token-" + id;
        fake.RegisterInteraction(id);
        await client.RespondToInteractionAsync(id, token, new JsonInteractionReply { Type = InteractionType.CallbackDeferredMessage }, Ct);
        return token;
    }

    [Fact]
    public async Task EditOriginalWithFiles_IsMultipart_ValidPayloadJson_AttachmentIdsMatchFiles_BytesKept()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var client = DiscordTestKit.CreateClient(fake);
        var token = await DeferAsync(fake, client);
        var png = StatusChart.Render("Sim 1", StatusChartTests.Day(120), TimeSpan.FromHours(24), Now);

        var result = await client.EditInteractionOriginalWithFilesAsync(fake.Options.ApplicationId, token, Card(), [new DiscordFile("ups.png", png)], Ct);

        var edit = Assert.Single(fake.Interactions.EditsFor(token));
        Assert.Equal(200, edit.Status);
        Assert.True(edit.Multipart);
        var file = Assert.Single(edit.Files!);
        Assert.Equal("ups.png", file.FileName);
        Assert.Equal("image/png", file.ContentType);
        Assert.Equal(png, file.Content);
        Assert.Equal((800, 300), StatusChartTests.PngSize(file.Content));

        // payload_json: the attachments list names files[0] as id 0, the embed shows it, the body is what the OpenAPI document declares.
        var payload = edit.Body!;
        var listed = Assert.Single(payload["attachments"]!.AsArray());
        Assert.Equal("0", listed!["id"]!.GetValue<string>());
        Assert.Equal("ups.png", listed["filename"]!.GetValue<string>());
        Assert.Equal("attachment://ups.png", payload["embeds"]![0]!["image"]!["url"]!.GetValue<string>());
        Assert.Empty(OpenApiBodyValidator.Default.Validate(Original, "PATCH", payload));
        DiscordTestKit.AssertValidBodies(fake);

        // Discord answers with the message: the upload as an attachment, the embed image as its URL.
        Assert.Equal(["ups.png"], result.Attachments);
        Assert.Equal(file.Url("interaction"), result.ImageUrl);
    }

    [Fact]
    public async Task EditOriginal_WithoutFiles_StaysAJsonBody_WithNoAttachmentsKey()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var client = DiscordTestKit.CreateClient(fake);
        var token = await DeferAsync(fake, client);

        await client.EditInteractionOriginalAsync(fake.Options.ApplicationId, token, Card(), Ct);

        var edit = Assert.Single(fake.Interactions.EditsFor(token));
        Assert.False(edit.Multipart);
        Assert.Null(edit.Body!["attachments"]);
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task EditOriginalWithFiles_PastTheTokensLifetime_Is10062_NotThrownAsSomethingElse()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var client = DiscordTestKit.CreateClient(fake);

        var error = await Assert.ThrowsAsync<DiscordRestException>(() =>
            client.EditInteractionOriginalWithFilesAsync(fake.Options.ApplicationId, "never-deferred", Card(), [new DiscordFile("ups.png", new byte[] { 1, 2, 3 })], Ct));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(InteractionType.UnknownInteraction, error.Code);
        Assert.Equal(404, Assert.Single(fake.Interactions.EditsFor("never-deferred")).Status);
    }

    [Theory]
    [InlineData("[]", "files[0] has no attachments entry")]
    [InlineData("[{\"id\":\"1\",\"filename\":\"ups.png\"}]", "Attachment 1 is neither an upload")]
    public async Task FakeRefuses_AFileTheAttachmentsListDoesNotName(string attachments, string why)
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var client = DiscordTestKit.CreateClient(fake);
        var token = await DeferAsync(fake, client);
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };
        using var form = new MultipartFormDataContent();
        var json = new StringContent($$$"""{"embeds":[{"title":"x","image":{"url":"attachment://ups.png"}}],"attachments":{{{attachments}}}}""", Encoding.UTF8);
        json.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(json, "payload_json");
        var file = new ByteArrayContent([1, 2, 3]);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "files[0]", "ups.png");
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"webhooks/{fake.Options.ApplicationId}/{token}/messages/@original") { Content = form };
        request.Headers.TryAddWithoutValidation("User-Agent", "DiscordBot (https://example.test, 1)");

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(50035, body["code"]!.GetValue<int>());
        Assert.Contains(why, body.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(400, Assert.Single(fake.Interactions.EditsFor(token)).Status);
    }

    [Fact]
    public void AttachmentRefs_AreSerialisedIntoTheInteractionEdit()
    {
        var edit = Card();
        edit.Attachments = [new JsonAttachmentRef { Id = "0", Filename = "ups.png" }];

        var json = System.Text.Json.JsonSerializer.Serialize(edit, InteractionJsonContext.Default.JsonInteractionEdit);

        Assert.Contains("\"attachments\":[{\"id\":\"0\",\"filename\":\"ups.png\"}]", json, StringComparison.Ordinal);
        Assert.Empty(OpenApiBodyValidator.Default.Validate(Original, "PATCH", JsonNode.Parse(json)));
    }
}
