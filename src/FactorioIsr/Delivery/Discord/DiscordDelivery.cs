using System.Security.Cryptography;
using System.Text;
using FactorioIsr.Configuration;
using FactorioIsr.Delivery.Discord.Mentions;
using FactorioIsr.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Delivery.Discord;

/// <summary>
/// The composition root of Discord delivery: one REST client (one rate-limit state for the whole process), the
/// mentions directory, and one output per destination key. The router asks <see cref="DestinationFor"/> for the
/// key of a route target; the outbox asks <see cref="GetOutput"/> for the output that delivers it.
/// </summary>
internal sealed class DiscordDelivery : IDisposable
{
    private readonly Dictionary<string, IDeliveryOutput> _outputs = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly DiscordEventRenderer _renderer;
    private readonly GuildRoleDirectory? _roles;
    private readonly ILoggerFactory _loggers;
    private readonly string? _avatarTemplate;
    private readonly SocketsHttpHandler _handler = DiscordRestClient.CreateDefaultHandler();

    public DiscordDelivery(DiscordSettings settings, MentionsConfig mentions, DiscordLooks looks, string? avatarTemplate, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        _loggers = loggers;
        _avatarTemplate = avatarTemplate;
        Client = new DiscordRestClient(_handler, new DiscordRestOptions
        {
            Token = settings.Token?.Reveal() ?? "",
            BaseUrl = settings.ApiBaseUrl,
        }, time, loggers.CreateLogger<DiscordRestClient>());
        var resolver = new MentionResolver(mentions);
        _renderer = new DiscordEventRenderer(looks, resolver);
        // Role names resolve against the first configured guild (the reference's bot served one guild).
        _roles = settings.GuildIds.Count > 0 && resolver.NeedsRoles
            ? new GuildRoleDirectory(Client, settings.GuildIds[0].ToString(System.Globalization.CultureInfo.InvariantCulture), resolver, time)
            : null;
    }

    public DiscordRestClient Client { get; }

    /// <summary>
    /// For /ready: the bot token's state and every output that stopped, with its reason. Permanent failures of single
    /// batches are not here: they are dead-lettered and the output keeps working.
    /// </summary>
    public DiscordDeliveryHealth Health
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
                return new DiscordDeliveryHealth(Client.UnauthorizedReason is null, Client.UnauthorizedReason, disabled);
            }
        }
    }

    /// <summary>
    /// The destination key of a route target: its webhook when it has one (<c>webhook:&lt;12 hex of SHA-256(url)&gt;</c>,
    /// so the URL's token never appears in keys or logs), else its channel (<c>discord:channel:&lt;id&gt;</c>).
    /// A route that allows role mentions gets its own key (suffix <c>+mentions</c>), so pings are decided per destination.
    /// Null when the route has neither.
    /// </summary>
    public static string? DestinationFor(RouteTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var suffix = target.AllowRoleMentions ? "+mentions" : "";
        if (target.WebhookUrl is { IsEmpty: false } url)
        {
            return "webhook:" + UrlTag(url.Reveal()) + suffix;
        }

        return target.ChannelId is { } channel ? $"discord:channel:{channel}{suffix}" : null;
    }

    /// <summary>The output for a destination key made by <see cref="DestinationFor"/> (created once, then reused).</summary>
    public IDeliveryOutput GetOutput(string destination, RouteTarget target)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(target);
        lock (_lock)
        {
            if (_outputs.TryGetValue(destination, out var existing))
            {
                return existing;
            }

            IDeliveryOutput output;
            if (target.WebhookUrl is { IsEmpty: false } url)
            {
                if (!DiscordWebhookSettings.TryParseUrl(url.Reveal(), out var id, out var token))
                {
                    throw new ArgumentException($"{destination}: not a Discord webhook URL (expected .../webhooks/<id>/<token>)", nameof(target));
                }

                var name = destination["webhook:".Length..];
                output = new DiscordWebhookOutput(Client, new DiscordWebhookSettings(name, id, token, target.AllowRoleMentions, _avatarTemplate),
                    _renderer, _roles, _loggers.CreateLogger<DiscordWebhookOutput>());
            }
            else
            {
                var channel = target.ChannelId?.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    ?? throw new ArgumentException($"{destination}: the route has neither a channel nor a webhook", nameof(target));
                output = new DiscordChannelOutput(Client, new DiscordChannelSettings(channel, target.AllowRoleMentions), _renderer, _roles,
                    _loggers.CreateLogger<DiscordChannelOutput>());
            }

            _outputs[destination] = output;
            return output;
        }
    }

    /// <summary>Reads mentions.yml if it exists (it is optional, as in the reference); errors are returned, not thrown.</summary>
    public static MentionsConfig LoadMentions(string path, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            errors = [];
            return MentionsConfig.Empty;
        }

        var config = MentionsConfig.Parse(File.ReadAllText(path), out var problems);
        errors = problems.Select(p => $"{path}:{p}").ToList();
        return config;
    }

    public void Dispose()
    {
        Client.Dispose();
        _roles?.Dispose();
        _handler.Dispose();
    }

    private static string UrlTag(string url) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)), 0, 6);
}

/// <summary>Discord delivery health for /ready.</summary>
/// <param name="TokenAccepted">False after Discord rejected the bot token (401).</param>
/// <param name="TokenError">The rejection, when it happened.</param>
/// <param name="DisabledOutputs">Destination → why its output stopped.</param>
internal sealed record DiscordDeliveryHealth(bool TokenAccepted, string? TokenError, IReadOnlyDictionary<string, string> DisabledOutputs)
{
    public bool Healthy => TokenAccepted && DisabledOutputs.Count == 0;
}
