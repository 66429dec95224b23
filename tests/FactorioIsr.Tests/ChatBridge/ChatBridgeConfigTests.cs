using FactorioIsr.ChatBridge;
using FactorioIsr.Tests.Support;

namespace FactorioIsr.Tests.ChatBridge;

/// <summary><c>discord.chat_bridge</c>, a server's <c>chat_bridge</c>, and which servers a channel's messages reach.</summary>
public sealed class ChatBridgeConfigTests : IDisposable
{
    private readonly Configs _configs = new();

    public void Dispose() => _configs.Dispose();

    [Fact]
    public void Off_ByDefault_NoServerTakesPart()
    {
        var config = _configs.LoadValid("""
            servers:
              main:
                rcon_password: pw
                chat_channel_id: 5
            """);
        Assert.False(config.Settings.Discord.ChatBridge);
        Assert.Null(config.Servers[0].ChatBridge);
        Assert.False(ChatBridgeTargets.For(config).Any);
    }

    [Fact]
    public void On_EveryServerWithRconAndAChatChannel_SharedChannelsReachEachServer()
    {
        var config = _configs.LoadValid("""
            discord:
              chat_bridge: yes
            servers:
              a:
                rcon_password: pw
                chat_channel_id: 5
              b:
                rcon_password: pw
                rcon_port: 27016
                chat_channel_id: 5
              c:
                rcon_password: pw
                event_channel_id: 6
              d:
                rcon_password: pw
                chat_channel_id: 7
                channels:
                  chat: 8
              e:
                log_path: console.log
                chat_channel_id: 5
              f:
                rcon_password: pw
                chat_channel_id: 5
                chat_bridge: false
              g:
                rcon_password: pw
                enabled: false
                chat_channel_id: 5
              h:
                rcon_password: pw
            """);
        var targets = ChatBridgeTargets.For(config);
        Assert.True(targets.Any);
        Assert.Equal(["a", "b"], targets.ServersOf(5)); // e has no RCON, f is off, g disabled
        Assert.Equal(["c"], targets.ServersOf(6)); // the chat route falls back to event_channel_id
        Assert.Equal(["d"], targets.ServersOf(8)); // channels.chat wins over chat_channel_id
        Assert.Empty(targets.ServersOf(7));
    }

    [Fact]
    public void OneServerOn_WithTheGlobalSwitchOff()
    {
        var config = _configs.LoadValid("""
            servers:
              a:
                rcon_password: pw
                chat_channel_id: 5
                chat_bridge: true
              b:
                rcon_password: pw
                chat_channel_id: 5
            """);
        Assert.Equal(["a"], ChatBridgeTargets.For(config).ServersOf(5));
    }

    [Fact]
    public void ABadValue_IsAnErrorAtItsLocation_AndOnWithoutRcon_IsAWarningAtTheKey()
    {
        var result = _configs.Load("""
            discord:
              chat_bridge: maybe
            servers:
              a:
                log_path: console.log
                chat_bridge: sometimes
              b:
                log_path: other.log
                chat_bridge: true
            """);
        Assert.False(result.Succeeded);
        var lines = result.Diagnostics.Select(d => d.ToString()).ToList();
        Assert.Contains(lines, l => l.EndsWith("servers.yml:2:16: chat_bridge: expected true or false, found 'maybe'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("servers.yml:6:18: chat_bridge: expected true or false, found 'sometimes'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("servers.yml:9:5: warning: servers.b.chat_bridge: the server has no RCON, so Discord messages cannot reach its game; set rcon_password (and rcon_host/rcon_port) or remove chat_bridge", StringComparison.Ordinal));
    }

    [Fact]
    public void TheEnvironmentOverridesTheGlobalSwitch()
    {
        _configs.Environment["ISR_DISCORD_CHAT_BRIDGE"] = "true";
        var config = _configs.LoadValid("""
            discord:
              chat_bridge: false
            servers:
              a:
                rcon_password: pw
            """);
        Assert.True(config.Settings.Discord.ChatBridge);
    }
}
