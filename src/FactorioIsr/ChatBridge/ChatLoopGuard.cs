using System.Security.Cryptography;
using System.Text;
using FactorioIsr.Events;
using FactorioIsr.Ingest;
using FactorioIsr.State;

namespace FactorioIsr.ChatBridge;

/// <summary>
/// The chat bridge's loop guard. Every line the bridge relays into a game is recorded first (its server, a hash of
/// the exact line, the time) in the state store and here; when the game's echo comes back through console.log
/// (<c>[CHAT] &lt;server&gt;: [Discord] Name: text</c>, a <c>chat</c> event of player <c>&lt;server&gt;</c> whose
/// message is the line), it is recognised once per recording and not posted back to Discord. Recordings expire after
/// <see cref="Lifetime"/> and at most <see cref="KeepPerServer"/> are kept per server. Because they are in the store,
/// an echo read after a restart of isr is recognised too. Anything else typed on the server console still relays.
/// </summary>
internal sealed class ChatLoopGuard(IStateStore store, TimeProvider time) : IEchoFilter
{
    /// <summary>How long a relayed line waits for its echo (the echo normally follows within a second).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>The most recordings kept per server (a burst of chat can never grow the table or memory without bound).</summary>
    public const int KeepPerServer = 1000;

    private const string ServerPlayer = "<server>";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<(string Hash, DateTimeOffset At)>> _pending = new(StringComparer.Ordinal);
    private Task? _load;

    /// <summary>Loads the recordings of the last <see cref="Lifetime"/> once (those made before a restart).</summary>
    public ValueTask LoadAsync(CancellationToken cancellationToken)
    {
        Task load;
        lock (_gate)
        {
            if (_load is null || _load.IsFaulted || _load.IsCanceled)
            {
                _load = LoadOnceAsync(cancellationToken);
            }

            load = _load;
        }

        return new ValueTask(load);
    }

    /// <summary>Records <paramref name="line"/> as relayed into <paramref name="server"/>'s game: durable before it returns.</summary>
    public async ValueTask RecordAsync(string server, string line, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hash = Hash(line);
        await store.SaveRelayedChatAsync(new RelayedChatLine(server, hash, now), now - Lifetime, KeepPerServer, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            Add(server, hash, now);
        }
    }

    public bool IsEcho(FactorioEvent @event)
    {
        if (!string.Equals(@event.Type, "chat", StringComparison.Ordinal)
            || !string.Equals(@event.Player, ServerPlayer, StringComparison.Ordinal)
            || @event.Message is not { Length: > 0 } message)
        {
            return false;
        }

        var hash = Hash(message.Trim());
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!_pending.TryGetValue(@event.Server, out var lines))
            {
                return false;
            }

            lines.RemoveAll(l => now - l.At > Lifetime);
            var index = lines.FindIndex(l => string.Equals(l.Hash, hash, StringComparison.Ordinal));
            if (index < 0)
            {
                return false;
            }

            lines.RemoveAt(index);
        }

        ChatBridgeMetrics.Echoes.Add(1);
        return true;
    }

    /// <summary>The hash a line is recorded under: SHA-256 of its UTF-8, in hex (the text itself is not kept).</summary>
    internal static string Hash(string line) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line.Trim())));

    private async Task LoadOnceAsync(CancellationToken cancellationToken)
    {
        var saved = await store.LoadRelayedChatAsync(time.GetUtcNow() - Lifetime, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var line in saved)
            {
                Add(line.Server, line.Hash, line.RelayedAt);
            }
        }
    }

    private void Add(string server, string hash, DateTimeOffset at)
    {
        if (!_pending.TryGetValue(server, out var lines))
        {
            _pending[server] = lines = [];
        }

        lines.Add((hash, at));
        if (lines.Count > KeepPerServer)
        {
            lines.RemoveRange(0, lines.Count - KeepPerServer);
        }
    }
}
