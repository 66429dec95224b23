namespace FactorioIsr.Rcon.Client;

public sealed partial class RconClient
{
    private async ValueTask<RconSession> GetSessionAsync(CancellationToken cancellationToken)
    {
        var session = Volatile.Read(ref _session);
        if (session is { IsAlive: true })
        {
            return session;
        }

        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            session = _session;
            if (session is { IsAlive: true })
            {
                return session;
            }

            if (session is not null)
            {
                _session = null;
                await session.DisposeAsync().ConfigureAwait(false);
            }

            var now = _time.GetUtcNow();
            var state = Volatile.Read(ref _state);
            if (state.NextAttemptAt is { } next && next > now && _lastConnectError is not null)
            {
                // No hammering: inside the backoff window every caller gets the last error at once.
                throw _lastConnectError is RconAuthenticationException
                    ? new RconAuthenticationException($"{_lastConnectError.Message} (next attempt in {(next - now).TotalSeconds:0} s)")
                    : new RconException($"{_lastConnectError.Message} (next attempt in {(next - now).TotalSeconds:0.#} s)", isTransient: true, _lastConnectError);
            }

            UpdateState(s => s with { Status = RconConnectionStatus.Connecting });
            Log.Connecting(_logger, Name, _options.Host, _options.Port);
            try
            {
                session = await OpenWithTimeoutAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                UpdateState(s => s with { Status = RconConnectionStatus.Disconnected });
                throw;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw RecordConnectFailure(ex, now);
            }

            _session = session;
            _lastConnectError = null;
            _delays = _options.Backoff.GetDelays(_jitter).GetEnumerator();
            Volatile.Write(ref _lastActivity, _time.GetTimestamp());
            UpdateState(s => s with
            {
                Status = RconConnectionStatus.Connected,
                ConnectedSince = now,
                ConsecutiveFailures = 0,
                NextAttemptAt = null,
                Connections = s.Connections + 1,
            });
            Log.Connected(_logger, Name);
            if (Volatile.Read(ref _state).Connections > 1)
            {
                _metrics?.Reconnected(Name);
            }

            return session;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task<RconSession> OpenWithTimeoutAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await RconSession.OpenAsync(_transport, _options, OnSessionFaulted, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RconTimeoutException(
                $"RCON connect/auth to {Name} ({_options.Host}:{_options.Port}) timed out after {_options.ConnectTimeout.TotalSeconds:0.###} s",
                _options.ConnectTimeout);
        }
    }

    private RconException RecordConnectFailure(Exception ex, DateTimeOffset now)
    {
        RconException error;
        TimeSpan delay;
        RconConnectionStatus status;
        if (ex is RconAuthenticationException auth)
        {
            // A wrong password will not fix itself: wait the longest delay before trying again.
            error = auth;
            delay = _options.Backoff.Max;
            status = RconConnectionStatus.AuthenticationFailed;
            Log.AuthenticationFailed(_logger, Name);
        }
        else
        {
            error = ex as RconException
                ?? new RconException($"cannot connect to RCON server {Name} ({_options.Host}:{_options.Port}): {ex.Message}", isTransient: true, ex);
            _delays.MoveNext();
            delay = _delays.Current;
            status = RconConnectionStatus.Backoff;
            Log.ConnectFailed(_logger, Name, error.Message, delay.TotalSeconds);
        }

        _lastConnectError = error;
        UpdateState(s => s with
        {
            Status = status,
            ConnectedSince = null,
            LastError = error.Message,
            LastErrorAt = now,
            ConsecutiveFailures = s.ConsecutiveFailures + 1,
            NextAttemptAt = now + delay,
        });
        return error;
    }

    /// <summary>The session died on its own (peer closed, garbage, timeout): show it in <see cref="State"/> at once.</summary>
    private void OnSessionFaulted(RconSession session, Exception reason)
    {
        if (_disposed || !ReferenceEquals(Volatile.Read(ref _session), session))
        {
            return;
        }

        var now = _time.GetUtcNow();
        UpdateState(s => s.Status == RconConnectionStatus.Connected
            ? s with { Status = RconConnectionStatus.Disconnected, ConnectedSince = null, LastError = reason.Message, LastErrorAt = now }
            : s);
    }

    private async Task OnSessionFailedAsync(RconSession session, RconException error)
    {
        if (session.IsAlive)
        {
            return;
        }

        await _connectLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!ReferenceEquals(_session, session))
            {
                return;
            }

            _session = null;
            await session.DisposeAsync().ConfigureAwait(false);
            var now = _time.GetUtcNow();
            UpdateState(s => s with
            {
                Status = RconConnectionStatus.Disconnected,
                ConnectedSince = null,
                LastError = error.Message,
                LastErrorAt = now,
                NextAttemptAt = null,
            });
            Log.ConnectionReset(_logger, Name, error.Message);
        }
        finally
        {
            _connectLock.Release();
        }
    }
}
