using FactorioIsr.Configuration;
using FactorioIsr.Discord.Gateway;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.ChatBridge;

/// <summary>
/// The Discord side of the chat bridge: a MESSAGE_CREATE in a bridged server's chat channel becomes one line in that
/// server's game (every server of the channel when several share it), <c>[Discord] Name: text</c>, through
/// <see cref="DiscordChatText"/> and the <see cref="ChatRelay"/>. Messages by bots and webhooks (ours included), system
/// messages and messages with nothing to say are ignored. Registered only when the bridge is on for some server, so
/// the gateway asks for MESSAGE_CONTENT only then. A message id seen again (a dispatch replayed around a resume) is
/// relayed once.
/// </summary>
internal sealed partial class ChatBridgeHandler(Func<IsrConfiguration> configuration, ChatRelay relay, ILogger logger, ChatBridgeMetrics? metrics = null, Security.SecurityMonitor? security = null) : IGatewayEventHandler
{
    public const string MessageCreate = "MESSAGE_CREATE";

    private static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal) { MessageCreate };

    /// <summary>Message ids remembered against a replayed dispatch.</summary>
    internal const int RememberedIds = 1000;

    private readonly Lock _gate = new();
    private readonly HashSet<ulong> _seen = [];
    private readonly Queue<ulong> _seenOrder = new();
    private volatile Cached? _targets;

    public GatewayIntents Intents => GatewayIntents.GuildMessages | GatewayIntents.MessageContent;

    public IReadOnlySet<string> Events => Types;

    public ValueTask HandleAsync(GatewayDispatch dispatch, CancellationToken cancellationToken)
    {
        if (!string.Equals(dispatch.Type, MessageCreate, StringComparison.Ordinal) || !DiscordChatMessage.TryParse(dispatch.Data, out var message))
        {
            return ValueTask.CompletedTask;
        }

        var servers = Targets().ServersOf(message.ChannelId);
        if (servers.Count == 0)
        {
            return ValueTask.CompletedTask; // not a bridged channel
        }

        var ignored = message switch
        {
            { FromBot: true } => "bot",
            { Type: not (0 or 19) } => "system",
            _ => null,
        };
        var text = ignored is null ? DiscordChatText.Encode(message.Content, message.Mentions, message.Attachments, message.Stickers) : "";
        if (ignored is not null || text.Length == 0)
        {
            ignored ??= "empty";
            metrics?.Ignored.Add(1, new KeyValuePair<string, object?>("reason", ignored));
            Ignored(logger, message.Id, ignored);
            return ValueTask.CompletedTask;
        }

        if (!FirstTime(message.Id))
        {
            metrics?.Ignored.Add(1, new KeyValuePair<string, object?>("reason", "replayed"));
            Ignored(logger, message.Id, "replayed");
            return ValueTask.CompletedTask;
        }

        if (security?.CheckOutgoing(text) is { Allowed: false } verdict)
        {
            metrics?.Ignored.Add(1, new KeyValuePair<string, object?>("reason", "security"));
            Refused(logger, message.Id, verdict.Rule ?? "", verdict.Why ?? "");
            return ValueTask.CompletedTask;
        }

        foreach (var server in servers)
        {
            relay.Enqueue(server, message.AuthorName, text);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The targets of the configuration running now (a reload may change channels and switches).</summary>
    private ChatBridgeTargets Targets()
    {
        var current = configuration();
        if (_targets is { } cached && ReferenceEquals(cached.Configuration, current))
        {
            return cached.Targets;
        }

        var targets = ChatBridgeTargets.For(current);
        _targets = new Cached(current, targets);
        return targets;
    }

    private bool FirstTime(ulong id)
    {
        lock (_gate)
        {
            if (!_seen.Add(id))
            {
                return false;
            }

            _seenOrder.Enqueue(id);
            if (_seenOrder.Count > RememberedIds)
            {
                _seen.Remove(_seenOrder.Dequeue());
            }

            return true;
        }
    }

    private sealed record Cached(IsrConfiguration Configuration, ChatBridgeTargets Targets);

    [LoggerMessage(EventId = 4870, Level = LogLevel.Warning, Message = "Discord message {Id} not relayed into the game: the security monitor's rule {Rule} matched ({Why})")]
    private static partial void Refused(ILogger logger, ulong id, string rule, string why);

    [LoggerMessage(Level = LogLevel.Debug, Message = "chat bridge: message {MessageId} not relayed ({Reason})")]
    private static partial void Ignored(ILogger logger, ulong messageId, string reason);
}
