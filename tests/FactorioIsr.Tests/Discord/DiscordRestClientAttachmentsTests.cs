using System.Net;
using FactorioIsr.Discord.Messages;
using FactorioIsr.Discord.Rest;
using FactorioIsr.Monitoring.Chart;

namespace FactorioIsr.Tests.Discord;

/// <summary>Messages with files (multipart <c>payload_json</c> + <c>files[N]</c>) against the fake Discord and Discord's OpenAPI document.</summary>
public sealed class DiscordRestClientAttachmentsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DiscordMessage Card(string title) => new(null, [new DiscordEmbed { Title = title, ImageUrl = "attachment://ups.png" }], AllowedMentions.None);

    private static DiscordFile Chart() => new("ups.png", StatusChart.Render("t", [], TimeSpan.FromHours(1), Now));

    [Fact]
    public async Task CreateWithFile_IsMultipart_AcceptedAndValid_EmbedShowsTheUpload()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var client = DiscordTestKit.CreateClient(fake);
        var chart = Chart();

        var created = await client.CreateMessageWithFilesAsync("100", Card("status"), [chart], "sb-1", Ct);

        var message = Assert.Single(fake.Messages);
        Assert.Equal(created.Message.Id, message.Id);
        var attachment = Assert.Single(message.Attachments!);
        Assert.Equal("ups.png", attachment.FileName);
        Assert.Equal("image/png", attachment.ContentType);
        Assert.Equal(chart.Content.ToArray(), attachment.Content);
        Assert.Equal(attachment.Url("100"), created.ImageUrl); // attachment://ups.png resolved to the upload
        Assert.Equal(["ups.png"], created.Attachments);
        var request = Assert.Single(fake.Requests);
        Assert.Contains("\"attachments\":[{\"id\":\"0\",\"filename\":\"ups.png\"}]", request.Body, StringComparison.Ordinal);
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task Edit_WithoutFiles_KeepsTheAttachment_WithFiles_ReplacesIt()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var client = DiscordTestKit.CreateClient(fake);
        var created = await client.CreateMessageWithFilesAsync("100", Card("one"), [Chart()], null, Ct);
        var first = Assert.Single(fake.FindMessage(created.Message.Id)!.Attachments!);

        var kept = await client.EditMessageWithFilesAsync("100", created.Message.Id, new(null, [new DiscordEmbed { Title = "two", ImageUrl = created.ImageUrl }], AllowedMentions.None), null, Ct);
        Assert.Equal(first, Assert.Single(fake.FindMessage(created.Message.Id)!.Attachments!));
        Assert.Equal(created.ImageUrl, kept.ImageUrl);

        var replaced = await client.EditMessageWithFilesAsync("100", created.Message.Id, Card("three"), [Chart()], Ct);
        var now = fake.FindMessage(created.Message.Id)!;
        Assert.NotEqual(first.Id, Assert.Single(now.Attachments!).Id);
        Assert.Equal(2, now.Edits);
        Assert.Equal(now.Attachments![0].Url("100"), replaced.ImageUrl);
        Assert.Single(fake.Messages);
        DiscordTestKit.AssertValidBodies(fake);
    }

    [Fact]
    public async Task Edit_DeletedMessage_Is404UnknownMessage()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var client = DiscordTestKit.CreateClient(fake);
        var created = await client.CreateMessageAsync("100", DiscordMessage.Text("a"), null, Ct);
        Assert.True(fake.DeleteMessage(created.Id));

        var error = await Assert.ThrowsAnyAsync<DiscordRestException>(() => client.EditMessageWithFilesAsync("100", created.Id, Card("x"), [Chart()], Ct));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(10008, error.Code);
    }

    [Fact]
    public async Task Upload_FileWithoutAnAttachmentsEntry_IsRefusedByTheFake()
    {
        await using var fake = await DiscordTestKit.StartFakeAsync();
        using var http = new HttpClient { BaseAddress = fake.BaseUrl };
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("""{"content":"x","allowed_mentions":{"parse":[]}}""", System.Text.Encoding.UTF8, "application/json"), "payload_json");
        form.Add(new ByteArrayContent([1, 2, 3]), "files[0]", "a.bin");
        using var request = new HttpRequestMessage(HttpMethod.Post, "channels/100/messages") { Content = form };
        request.Headers.TryAddWithoutValidation("User-Agent", "DiscordBot (https://example.com, 1)");
        request.Headers.TryAddWithoutValidation("Authorization", "Bot " + fake.Options.Token);

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("50035", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(fake.Messages);
    }
}
