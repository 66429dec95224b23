using System.Text.Json;
using System.Text.Json.Nodes;
using FactorioIsr.ChatBridge;

namespace FactorioIsr.Tests.ChatBridge;

public sealed class DiscordChatMessageTests
{
    private static DiscordChatMessage Parse(JsonObject message)
    {
        Assert.True(DiscordChatMessage.TryParse(JsonSerializer.SerializeToElement(message), out var parsed));
        return parsed;
    }

    [Theory]
    [InlineData("Nick", "Global", "user", "Nick")]
    [InlineData(null, "Global", "user", "Global")]
    [InlineData(null, null, "user", "user")]
    [InlineData(" ", "", "user", "user")]
    public void DisplayName_IsNick_ElseGlobalName_ElseUsername(string? nick, string? global, string username, string expected)
    {
        Assert.Equal(expected, Parse(ChatBridgeKit.Message(5, "x", username: username, globalName: global, nick: nick)).AuthorName);
    }

    [Fact]
    public void BotsSystemUsersAndWebhooks_AreFromBots()
    {
        Assert.False(Parse(ChatBridgeKit.Message(5, "x")).FromBot);
        Assert.True(Parse(ChatBridgeKit.Message(5, "x", bot: true)).FromBot);
        Assert.True(Parse(ChatBridgeKit.Message(5, "x", webhook: true)).FromBot);
        var system = ChatBridgeKit.Message(5, "x");
        system["author"]!["system"] = true;
        Assert.True(Parse(system).FromBot);
        var nullWebhook = ChatBridgeKit.Message(5, "x");
        nullWebhook["webhook_id"] = null;
        Assert.False(Parse(nullWebhook).FromBot);
    }

    [Fact]
    public void MentionsAttachmentsAndStickers_AreRead()
    {
        var message = ChatBridgeKit.Message(5, "hi <@2> <@3>");
        message["mentions"] = new JsonArray(
            new JsonObject { ["id"] = "2", ["username"] = "bob", ["global_name"] = "Bob", ["member"] = new JsonObject { ["nick"] = "Bobby" } },
            new JsonObject { ["id"] = "3", ["username"] = "carol", ["global_name"] = null },
            new JsonObject { ["id"] = "not-a-snowflake", ["username"] = "x" });
        message["attachments"] = new JsonArray(new JsonObject { ["id"] = "9", ["filename"] = "base.png", ["content_type"] = "image/png", ["size"] = 10 });
        message["sticker_items"] = new JsonArray(new JsonObject { ["id"] = "8", ["name"] = "Wave", ["format_type"] = 1 });
        var parsed = Parse(message);
        Assert.Equal("Bobby", parsed.Mentions.Users[2]);
        Assert.Equal("carol", parsed.Mentions.Users[3]);
        Assert.Equal(2, parsed.Mentions.Users.Count);
        Assert.Equal([new DiscordAttachmentInfo("base.png", "image/png")], parsed.Attachments);
        Assert.Equal(["Wave"], parsed.Stickers);
        Assert.Equal("hi @Bobby @carol (image: base.png) (sticker: Wave)", DiscordChatText.Encode(parsed.Content, parsed.Mentions, parsed.Attachments, parsed.Stickers));
    }

    [Theory]
    [InlineData("""{"channel_id":"5","author":{"id":"1"}}""")]
    [InlineData("""{"id":"1","author":{"id":"1"}}""")]
    [InlineData("""{"id":"1","channel_id":"5"}""")]
    [InlineData("""{"id":"1","channel_id":"5","author":null}""")]
    [InlineData("""[]""")]
    public void WithoutIdChannelOrAuthor_IsNotAMessage(string json)
    {
        Assert.False(DiscordChatMessage.TryParse(JsonDocument.Parse(json).RootElement, out _));
    }
}
