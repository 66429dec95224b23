using FactorioIsr.Configuration;
using FactorioIsr.Delivery.DiscordOutputs.Mentions;
using FactorioIsr.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Delivery.DiscordOutputs;

/// <summary>
/// The composition root of Discord delivery: one REST client (one rate-limit state for the whole process), the
/// mentions directory, and one output per destination key of the configuration (<see cref="CreateOutputs(IsrConfiguration)"/>), which
/// the relay's dispatchers drive.
/// </summary>
internal sealed class DiscordDelivery : IDisposable
{
    private readonly Dictionary<string, IDeliveryOutput> _outputs = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly DiscordEventRenderer _renderer;
    private readonly GuildRoleDirectory? _roles;
    private readonly MentionResolver _resolver;
    private readonly ILoggerFactory _loggers;
    private readonly string? _avatarTemplate;
    private readonly SocketsHttpHandler _handler = DiscordRestClient.CreateDefaultHandler();
    private readonly bool _hasToken;
    private readonly DiscordMetrics? _metrics;

    /// <param name="metrics">The relay's delivery instruments (messages sent, failures, possible duplicates); null: not measured.</param>
    /// <param name="restMetrics">The REST client's instruments (429s by scope); null: not measured.</param>
    public DiscordDelivery(
        DiscordSettings settings,
        MentionsConfig mentions,
        DiscordLooks looks,
        string? avatarTemplate,
        TimeProvider time,
        ILoggerFactory loggers,
        DiscordMetrics? metrics = null,
        DiscordRestMetrics? restMetrics = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        _loggers = loggers;
        _avatarTemplate = avatarTemplate;
        _hasToken = settings.Token is { IsEmpty: false };
        _metrics = metrics;
        Client = new DiscordRestClient(_handler, new DiscordRestOptions
        {
            Token = settings.Token?.Reveal() ?? "",
            BaseUrl = settings.ApiBaseUrl,
        }, time, loggers.CreateLogger<DiscordRestClient>(), restMetrics);
        _resolver = new MentionResolver(mentions);
        _renderer = new DiscordEventRenderer(looks, _resolver);
        // Role names resolve against the first configured guild (the reference's bot served one guild). The directory
        // exists whenever a guild is configured: a reloaded mentions.yml may name roles the first one did not (it asks
        // Discord only while some role group is configured).
        _roles = settings.GuildIds.Count > 0
            ? new GuildRoleDirectory(Client, settings.GuildIds[0].ToString(System.Globalization.CultureInfo.InvariantCulture), _resolver, time)
            : null;
    }

    /// <summary>
    /// A reloaded mentions.yml (hot reload: file change or SIGHUP): every output renders its next message with it. The
    /// guild's roles are fetched again at the next message that may ping, so a role group added by the reload resolves.
    /// </summary>
    public void ReloadMentions(MentionsConfig mentions)
    {
        _resolver.Reload(mentions);
        _roles?.Invalidate();
    }

    public DiscordRestClient Client { get; }

    /// <summary>
    /// For the health snapshot: the bot token's state and every output that stopped, with its reason. Permanent
    /// failures of single batches are not here: they are dead-lettered and the output keeps working.
    /// </summary>
    public Health.DiscordHealth Health
    {
        get
        {
            lock (_lock)
            {
                var disabled = _outputs.Values
                    .Select(o => (o.Destination, Reason: o switch
                    {
                        DiscordChannelOutput c => c.DisabledReason,
                        DiscordWebhookOutput w => w.DisabledReason,
                        _ => null,
                    }))
                    .Where(x => x.Reason is not null)
                    .ToDictionary(x => x.Destination, x => x.Reason!, StringComparer.Ordinal);
                return new Health.DiscordHealth(Client.UnauthorizedReason, disabled);
            }
        }
    }

    /// <summary>
    /// One output per Discord destination of the configuration, keyed exactly as the relay's router keys outbox rows
    /// (<see cref="Ingest.RelayRouter"/>: <c>discord:channel:ID</c>, <c>webhook:ID</c>). Every route of
    /// every enabled server is resolved (its <c>channels</c>, the well-known routes and <c>event_channel_id</c>). A
    /// destination pings mentions.yml roles only when every route that reaches it sets <c>allow_role_mentions</c>.
    /// </summary>
    public IReadOnlyList<IDeliveryOutput> CreateOutputs(IsrConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return CreateOutputs(configuration.Servers.Where(s => s.Enabled));
    }

    /// <summary>The outputs of these servers' routes (an output made before for the same destination is reused).</summary>
    public IReadOnlyList<IDeliveryOutput> CreateOutputs(IEnumerable<ServerConfig> servers)
    {
        var channels = new Dictionary<ulong, bool>();
        var webhooks = new Dictionary<string, (Secret Url, bool Allow)>(StringComparer.Ordinal);
        foreach (var server in servers)
        {
            var routes = server.Channels.Keys.Concat([RouteNames.Events, RouteNames.Chat, RouteNames.Alerts, RouteNames.Status]).Distinct(StringComparer.Ordinal);
            foreach (var target in routes.Select(server.ResolveRoute))
            {
                // Without a bot token only webhooks can post (the reference required a token; webhook-only is ours).
                if (target.ChannelId is { } channel && _hasToken)
                {
                    channels[channel] = channels.TryGetValue(channel, out var allow) ? allow && target.AllowRoleMentions : target.AllowRoleMentions;
                }

                if (target.WebhookUrl is { IsEmpty: false } url)
                {
                    var key = Ingest.RelayRouter.WebhookDestination(url);
                    webhooks[key] = (url, webhooks.TryGetValue(key, out var known) ? known.Allow && target.AllowRoleMentions : target.AllowRoleMentions);
                }
            }
        }

        var outputs = new List<IDeliveryOutput>();
        foreach (var (channel, allow) in channels)
        {
            outputs.Add(GetOutput(Ingest.RelayRouter.ChannelDestination(channel), () => new DiscordChannelOutput(Client,
                new DiscordChannelSettings(channel.ToString(System.Globalization.CultureInfo.InvariantCulture), allow), _renderer, _roles,
                _loggers.CreateLogger<DiscordChannelOutput>(), _metrics)));
        }

        foreach (var (key, (url, allow)) in webhooks)
        {
            if (!DiscordWebhookSettings.TryParseUrl(url.Reveal(), out var id, out var token))
            {
                throw new ArgumentException($"{key}: not a Discord webhook URL (expected .../webhooks/<id>/<token>)", nameof(servers));
            }

            outputs.Add(GetOutput(key, () => new DiscordWebhookOutput(Client, new DiscordWebhookSettings(key, id, token, allow, _avatarTemplate),
                _renderer, _roles, _loggers.CreateLogger<DiscordWebhookOutput>(), _metrics)));
        }

        return outputs;
    }

    private IDeliveryOutput GetOutput(string destination, Func<IDeliveryOutput> create)
    {
        lock (_lock)
        {
            if (!_outputs.TryGetValue(destination, out var output))
            {
                output = create();
                _outputs[destination] = output;
            }

            return output;
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        _roles?.Dispose();
        _handler.Dispose();
    }

}
