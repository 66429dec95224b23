using System.Threading.Channels;
using FactorioIsr.Rcon;
using FactorioIsr.Rcon.Factorio;
using FactorioIsr.State;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.ChatBridge;

/// <summary>
/// Sends Discord messages into the games, one queue and one sender per server, in the order received. Each line is
/// recorded by the <see cref="ChatLoopGuard"/> (durably) before each attempt, then sent as raw chat over the server's
/// RCON session (<see cref="FactorioCommands.RelayedChat"/>: no Lua, so it works under <c>achievement_safe</c>).
/// While RCON is down a line is retried (backoff 0.5 s doubling to 5 s) for up to <see cref="RetryWindow"/> after it
/// was received; then it is dropped with a warning and <c>isr_chat_bridge_failed</c>: chat older than that would only
/// confuse the game. A queue holds at most <see cref="QueueCapacity"/> lines; beyond that the oldest is dropped the same way.
/// </summary>
internal sealed partial class ChatRelay : IAsyncDisposable
{
    public const string Origin = "Discord";

    public static readonly TimeSpan RetryWindow = TimeSpan.FromSeconds(30);

    public const int QueueCapacity = 100;

    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    private readonly Func<string, FactorioRcon?> _rconOf;
    private readonly ChatLoopGuard _guard;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _retryWindow;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (Channel<Pending> Queue, Task Sender)> _senders = new(StringComparer.Ordinal);
    private bool _disposed;
    private int _sending;

    /// <param name="rconOf">The RCON session of a running server by tag; null when it is not running or has no RCON.</param>
    public ChatRelay(Func<string, FactorioRcon?> rconOf, ChatLoopGuard guard, TimeProvider time, ILogger logger, TimeSpan? retryWindow = null)
    {
        _rconOf = rconOf;
        _guard = guard;
        _time = time;
        _logger = logger;
        _retryWindow = retryWindow ?? RetryWindow;
    }

    /// <summary>Queues a line for <paramref name="server"/>'s game; returns at once (and does nothing once stopping).</summary>
    public void Enqueue(string server, string author, string text)
    {
        Channel<Pending> queue;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (!_senders.TryGetValue(server, out var sender))
            {
                queue = Channel.CreateBounded<Pending>(
                    new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                    dropped => Fail(dropped, "more than " + QueueCapacity + " lines were waiting for RCON"));
                sender = (queue, Task.Run(() => SendAllAsync(queue.Reader, _stop.Token), CancellationToken.None));
                _senders[server] = sender;
            }

            queue = sender.Queue;
        }

        queue.Writer.TryWrite(new Pending(server, author, text, _time.GetUtcNow()));
    }

    /// <summary>Completes when every line queued so far was sent or dropped (tests).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            List<Channel<Pending>> queues;
            lock (_gate)
            {
                queues = [.. _senders.Values.Select(s => s.Queue)];
            }

            if (queues.All(q => q.Reader.Count == 0) && Volatile.Read(ref _sending) == 0)
            {
                return;
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendAllAsync(ChannelReader<Pending> queue, CancellationToken cancellationToken)
    {
        try
        {
            while (await queue.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _sending);
                try
                {
                    if (queue.TryRead(out var line))
                    {
                        await SendAsync(line, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref _sending);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: lines still queued were never sent and are not recorded as relayed.
        }
    }

    private async Task SendAsync(Pending line, CancellationToken cancellationToken)
    {
        RconCommand command;
        try
        {
            command = FactorioCommands.RelayedChat(Origin, line.Author, line.Text);
        }
        catch (ArgumentException)
        {
            return; // nothing left to say once made safe
        }

        var deadline = line.ReceivedAt + _retryWindow;
        var delay = FirstDelay;
        while (true)
        {
            string why;
            try
            {
                if (_rconOf(line.Server) is not { } rcon)
                {
                    why = "the server is not running";
                }
                else
                {
                    await _guard.RecordAsync(line.Server, command.Text, cancellationToken).ConfigureAwait(false);
                    await rcon.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
                    ChatBridgeMetrics.Relayed.Add(1, new KeyValuePair<string, object?>("server", line.Server));
                    Relayed(_logger, line.Author, line.Server);
                    return;
                }
            }
            catch (RconException e) when (e.IsTransient)
            {
                why = e.Message;
            }
            catch (RconException e)
            {
                Fail(line, e.Message);
                return;
            }
            catch (StateStoreException e) when (e.IsTransient)
            {
                why = "the state store: " + e.Message;
            }
            catch (StateStoreException e)
            {
                Fail(line, "the state store: " + e.Message);
                return;
            }

            if (_time.GetUtcNow() + delay > deadline)
            {
                Fail(line, why + $" (retried for {_retryWindow.TotalSeconds:0} s)");
                return;
            }

            ChatBridgeMetrics.Retries.Add(1, new KeyValuePair<string, object?>("server", line.Server));
            Retrying(_logger, line.Server, why, delay.TotalSeconds);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
        }
    }

    private void Fail(Pending line, string reason)
    {
        ChatBridgeMetrics.Failed.Add(1, new KeyValuePair<string, object?>("server", line.Server));
        Dropped(_logger, line.Author, line.Server, reason);
    }

    public async ValueTask DisposeAsync()
    {
        List<Task> senders;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            senders = [.. _senders.Values.Select(s => s.Sender)];
            foreach (var (queue, _) in _senders.Values)
            {
                queue.Writer.TryComplete();
            }
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(senders).ConfigureAwait(false);
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "chat bridge: a message from {Author} was relayed into {Server}'s game")]
    private static partial void Relayed(ILogger logger, string author, string server);

    [LoggerMessage(Level = LogLevel.Debug, Message = "chat bridge: {Server}: {Reason}; retrying in {Seconds} s")]
    private static partial void Retrying(ILogger logger, string server, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "chat bridge: a Discord message from {Author} could not reach {Server}'s game and is dropped: {Reason}")]
    private static partial void Dropped(ILogger logger, string author, string server, string reason);

    private sealed record Pending(string Server, string Author, string Text, DateTimeOffset ReceivedAt);
}
