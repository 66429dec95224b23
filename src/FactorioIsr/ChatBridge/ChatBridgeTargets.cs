using FactorioIsr.Configuration;

namespace FactorioIsr.ChatBridge;

/// <summary>
/// Which servers' games a message in a Discord channel goes to: every enabled server with the bridge on
/// (<c>chat_bridge</c>, else <c>discord.chat_bridge</c>), RCON configured, and this channel as the channel of its
/// <c>chat</c> route (<c>channels.chat</c>, else <c>chat_channel_id</c>, else <c>event_channel_id</c>: the channel its
/// game chat is posted to). Several servers may share a channel: each of them gets the message.
/// </summary>
internal sealed class ChatBridgeTargets
{
    private readonly Dictionary<ulong, string[]> _byChannel;

    private ChatBridgeTargets(Dictionary<ulong, string[]> byChannel) => _byChannel = byChannel;

    /// <summary>True when at least one server takes part: only then is the bridge registered (and MESSAGE_CONTENT asked for).</summary>
    public bool Any => _byChannel.Count > 0;

    public static ChatBridgeTargets For(IsrConfiguration configuration)
    {
        var byChannel = new Dictionary<ulong, List<string>>();
        foreach (var server in configuration.Servers)
        {
            if (IsBridged(server, configuration.Settings.Discord) && server.ResolveRoute(RouteNames.Chat).ChannelId is { } channel)
            {
                if (!byChannel.TryGetValue(channel, out var tags))
                {
                    byChannel[channel] = tags = [];
                }

                tags.Add(server.Tag);
            }
        }

        return new ChatBridgeTargets(byChannel.ToDictionary(p => p.Key, p => p.Value.ToArray()));
    }

    /// <summary>Whether <paramref name="server"/> takes part in the bridge (a channel is still needed).</summary>
    public static bool IsBridged(ServerConfig server, DiscordSettings discord) =>
        server.Enabled && (server.ChatBridge ?? discord.ChatBridge) && server.Rcon is not null;

    /// <summary>The tags of the servers whose chat channel is <paramref name="channelId"/>; empty for any other channel.</summary>
    public IReadOnlyList<string> ServersOf(ulong channelId) => _byChannel.TryGetValue(channelId, out var tags) ? tags : [];
}
