using FactorioIsr.State;
using Microsoft.Extensions.Logging;

namespace FactorioIsr.Delivery;

/// <summary>
/// One dispatcher per destination, started as outputs are added (at start, or when a reload adds a server with a new
/// channel). Dispatchers are never removed while the process runs: rows already in a destination's outbox must still
/// leave, also after the server that routed them was removed. Outputs without a <c>:</c> in their key (console, JSONL)
/// are global: every event goes to them.
/// </summary>
internal sealed class DispatcherPool(IStateStore store, OutboxGate gate, DispatcherOptions options, TimeProvider time, ILoggerFactory loggers) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (Dispatcher Dispatcher, Task Task)> _running = new(StringComparer.Ordinal);
    private readonly List<Dispatcher> _pending = [];
    private CancellationToken _stop;
    private bool _started;
    private Action<Task, string>? _observe;

    /// <summary>Destinations with an output.</summary>
    public IReadOnlySet<string> Destinations
    {
        get
        {
            lock (_lock)
            {
                return _running.Keys.Concat(_pending.Select(d => d.Destination)).ToHashSet(StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Destinations that receive every event (console, JSONL).</summary>
    public IReadOnlyList<string> Global
    {
        get
        {
            lock (_lock)
            {
                return [.. _running.Keys.Concat(_pending.Select(d => d.Destination)).Where(d => !d.Contains(':', StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
            }
        }
    }

    public IReadOnlyList<Dispatcher> Dispatchers
    {
        get
        {
            lock (_lock)
            {
                return [.. _running.Values.Select(r => r.Dispatcher).Concat(_pending)];
            }
        }
    }

    /// <summary>Adds a dispatcher for each output whose destination has none (started at once when the pool runs).</summary>
    public void Add(IEnumerable<IDeliveryOutput> outputs)
    {
        lock (_lock)
        {
            foreach (var output in outputs)
            {
                if (_running.ContainsKey(output.Destination) || _pending.Any(d => d.Destination == output.Destination))
                {
                    continue;
                }

                var dispatcher = new Dispatcher(output, store, gate, options, time, loggers.CreateLogger<Dispatcher>());
                if (_started)
                {
                    Run(dispatcher);
                }
                else
                {
                    _pending.Add(dispatcher);
                }
            }
        }
    }

    /// <summary>Starts every dispatcher; they run until <paramref name="stop"/> (hard stop) or a drain.</summary>
    public void Start(Action<Task, string> observe, CancellationToken stop)
    {
        lock (_lock)
        {
            _observe = observe;
            _stop = stop;
            _started = true;
            foreach (var dispatcher in _pending)
            {
                Run(dispatcher);
            }

            _pending.Clear();
        }
    }

    /// <summary>Asks every dispatcher to deliver what is pending and return.</summary>
    public void RequestDrain()
    {
        foreach (var dispatcher in Dispatchers)
        {
            dispatcher.RequestDrain();
        }
    }

    /// <summary>Completes when every started dispatcher has returned.</summary>
    public Task Completion
    {
        get
        {
            lock (_lock)
            {
                return Task.WhenAll(_running.Values.Select(r => r.Task));
            }
        }
    }

    public void Dispose()
    {
        foreach (var dispatcher in Dispatchers)
        {
            dispatcher.Dispose();
        }
    }

    private void Run(Dispatcher dispatcher)
    {
        var stop = _stop;
        var task = Task.Run(() => dispatcher.RunAsync(stop), CancellationToken.None);
        _observe!(task, "the dispatcher of " + dispatcher.Destination);
        _running[dispatcher.Destination] = (dispatcher, task);
    }
}
