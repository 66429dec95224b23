namespace FactorioIsr.Tailing;

/// <summary>An auto-reset wake-up: <see cref="Set"/> from any thread, one waiter wakes (or times out) and re-arms it.</summary>
internal sealed class AsyncSignal
{
    private TaskCompletionSource _source = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _notified;

    /// <summary>A live file-system watcher sets this signal on changes (so the poll may back off while idle).</summary>
    public bool Notified
    {
        get => Volatile.Read(ref _notified);
        set => Volatile.Write(ref _notified, value);
    }

    public void Set() => Volatile.Read(ref _source).TrySetResult();

    /// <summary>A <see cref="Set"/> is pending (no waiter consumed it yet).</summary>
    public bool IsSet => Volatile.Read(ref _source).Task.IsCompleted;

    /// <summary>Waits for a <see cref="Set"/> or the timeout; a Set that came before the wait returns at once.</summary>
    /// <returns>True when a <see cref="Set"/> ended the wait, false on the timeout.</returns>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var source = Volatile.Read(ref _source);
        if (!source.Task.IsCompleted)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(timeout, time, cts.Token);
            await Task.WhenAny(source.Task, delay).ConfigureAwait(false);
            await cts.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (source.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _source, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), source);
            return true;
        }

        return false;
    }

    /// <summary>Waits for a <see cref="Set"/> without timeout.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var source = Volatile.Read(ref _source);
        await source.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.CompareExchange(ref _source, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), source);
    }
}
