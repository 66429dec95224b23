using FactorioIsr.Discord.Gateway;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Monitoring;

/// <summary>
/// Keeps the bot's presence (<see cref="PresenceText"/>) in line with the servers' RCON state, through the gateway's
/// <see cref="IGatewayPresence"/>. Sets it only when the text changes, and only once the new numbers have held for
/// <see cref="Debounce"/> (a connection that flaps does not flap the presence), at most once per
/// <see cref="MinInterval"/> (Discord limits presence updates). The gateway sends the last one again after each Identify.
/// </summary>
internal sealed partial class PresenceUpdater(IGatewayPresence gateway, TimeProvider time, ILogger logger, TimeSpan debounce, TimeSpan minInterval)
{
    private GatewayPresence? _sent;
    private GatewayPresence? _candidate;
    private DateTimeOffset _candidateSince;
    private DateTimeOffset _sentAt = DateTimeOffset.MinValue;

    public TimeSpan Debounce { get; } = debounce;

    public TimeSpan MinInterval { get; } = minInterval;

    /// <summary>The presence last set; null before the first.</summary>
    public GatewayPresence? Current => _sent;

    /// <summary>Looks at the servers once; sets the presence when its text changed and the change held. True when set.</summary>
    public async Task<bool> UpdateAsync(int connected, int withRcon, int servers, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var presence = PresenceText.For(connected, withRcon, servers);
        if (presence == _sent)
        {
            _candidate = null;
            return false;
        }

        if (presence != _candidate)
        {
            _candidate = presence;
            _candidateSince = now;
        }

        // The first presence goes out at once; a change waits until it has held.
        if ((_sent is not null && now - _candidateSince < Debounce) || now - _sentAt < MinInterval)
        {
            return false;
        }

        await gateway.SetPresenceAsync(presence, cancellationToken).ConfigureAwait(false);
        _sent = presence;
        _sentAt = now;
        _candidate = null;
        Log.Set(logger, presence.ActivityName ?? "", presence.Status);
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(6110, LogLevel.Debug, "presence: watching {Text} ({Status})")]
        public static partial void Set(ILogger logger, string text, string status);
    }
}
